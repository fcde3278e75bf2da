package io.tributary.jms.selector;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the property column of {@code selector/cases.csv}: {@code name=type:value} entries separated by {@code ;},
 * the type one of str, bool, byte, short, int, long, float, double.
 */
final class PropertyTable {

    private PropertyTable() {
    }

    static Map<String, Object> parse(String spec) {
        Map<String, Object> properties = new HashMap<>();
        if (spec == null || spec.isBlank()) {
            return properties;
        }
        for (String entry : spec.split(";")) {
            String trimmed = entry.strip();
            int equals = trimmed.indexOf('=');
            int colon = trimmed.indexOf(':', equals);
            String name = trimmed.substring(0, equals);
            String type = trimmed.substring(equals + 1, colon);
            String value = trimmed.substring(colon + 1);
            properties.put(name, switch (type) {
                case "str" -> value;
                case "bool" -> Boolean.parseBoolean(value);
                case "byte" -> Byte.parseByte(value);
                case "short" -> Short.parseShort(value);
                case "int" -> Integer.parseInt(value);
                case "long" -> Long.parseLong(value);
                case "float" -> Float.parseFloat(value);
                case "double" -> Double.parseDouble(value);
                default -> throw new IllegalArgumentException("unknown property type " + type + " in " + spec);
            });
        }
        return properties;
    }
}
