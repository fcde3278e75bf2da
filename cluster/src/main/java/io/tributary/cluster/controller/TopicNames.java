package io.tributary.cluster.controller;

/**
 * Kafka's rules for topic names: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, not {@code .} or
 * {@code ..}; and two names that differ only in {@code .} versus {@code _} collide (their metric names
 * would be the same).
 */
final class TopicNames {

    static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** Null if {@code name} is legal, else why not (the message Kafka gives). */
    static String whyIllegal(String name) {
        if (name == null || name.isEmpty()) {
            return "Topic name is illegal, it can't be empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "Topic name cannot be \".\" or \"..\"";
        }
        if (name.length() > MAX_LENGTH) {
            return "Topic name is illegal, it can't be longer than " + MAX_LENGTH + " characters, topic name: "
                    + name;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "Topic name \"" + name + "\" is illegal, it contains a character other than ASCII "
                        + "alphanumerics, '.', '_' and '-'";
            }
        }
        return null;
    }

    /** The form under which names collide. */
    static String collisionKey(String name) {
        return name.replace('.', '_');
    }
}
