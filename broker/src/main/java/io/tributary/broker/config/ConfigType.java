package io.tributary.broker.config;

/** The value type of a config, with the codes DescribeConfigs (v3+) carries. */
public enum ConfigType {
    UNKNOWN(0), BOOLEAN(1), STRING(2), INT(3), SHORT(4), LONG(5), DOUBLE(6), LIST(7), CLASS(8), PASSWORD(9);

    private final byte code;

    ConfigType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The value as Kafka prints it: trimmed, booleans in lower case, list items joined by "," without spaces. */
    public String normalize(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return switch (this) {
            case BOOLEAN -> v.toLowerCase(java.util.Locale.ROOT);
            case LIST -> String.join(",", java.util.Arrays.stream(v.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList());
            default -> v;
        };
    }
}
