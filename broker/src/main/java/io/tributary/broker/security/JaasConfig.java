package io.tributary.broker.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JAAS login module entry as Kafka's {@code sasl.jaas.config} holds it:
 * {@code <LoginModule class> <required|requisite|sufficient|optional> key=value key2="quoted value";} — the values
 * may be quoted (with {@code \"} inside) or bare words.
 */
public record JaasConfig(String loginModule, String flag, Map<String, String> options) {

    /** Parses one entry; throws {@link IllegalArgumentException} saying what is wrong, never echoing values. */
    public static JaasConfig parse(String text) {
        Tokens t = new Tokens(text.trim());
        String module = t.word();
        String flag = t.word();
        if (module.isEmpty() || !(flag.equals("required") || flag.equals("requisite") || flag.equals("sufficient")
                || flag.equals("optional"))) {
            throw new IllegalArgumentException("a JAAS entry looks like '<LoginModule> required key=\"value\" ...;'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (!t.atEnd() && t.peek() != ';') {
            String key = t.word();
            if (key.isEmpty() || t.atEnd() || t.peek() != '=') {
                throw new IllegalArgumentException("a JAAS option looks like key=\"value\"; after "
                        + (options.isEmpty() ? "the flag" : "option " + lastKey(options)));
            }
            t.skip();
            options.put(key, t.value());
        }
        if (t.atEnd() || t.peek() != ';') {
            throw new IllegalArgumentException("a JAAS entry ends with ';'");
        }
        return new JaasConfig(module, flag, Map.copyOf(options));
    }

    private static String lastKey(Map<String, String> options) {
        String last = null;
        for (String k : options.keySet()) {
            last = k;
        }
        return last;
    }

    /** A cursor over the entry's characters that skips white space between tokens. */
    private static final class Tokens {
        private final String s;
        private int i;

        Tokens(String s) {
            this.s = s;
        }

        boolean atEnd() {
            skipSpace();
            return i >= s.length();
        }

        char peek() {
            skipSpace();
            return s.charAt(i);
        }

        void skip() {
            i++;
        }

        String word() {
            skipSpace();
            int start = i;
            while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '='
                    && s.charAt(i) != ';') {
                i++;
            }
            return s.substring(start, i);
        }

        String value() {
            skipSpace();
            if (i >= s.length() || s.charAt(i) != '"') {
                return word();
            }
            StringBuilder out = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                out.append(s.charAt(i++));
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("a quoted JAAS value is not closed");
            }
            i++;
            return out.toString();
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
