package io.tributary.jms.message;

import jakarta.jms.MessageFormatException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message's properties: names that are Java identifiers (and not one of the selector syntax's reserved words),
 * values that are Boolean, Byte, Short, Integer, Long, Float, Double or String, read back through the conversion
 * table of Jakarta Messaging 3.1 section 3.5.4.
 */
final class MessageProperties {

    private static final Set<String> RESERVED = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE",
            "IN", "IS", "ESCAPE");

    private final Map<String, Object> values = new LinkedHashMap<>();

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        if (!isIdentifier(name) || RESERVED.contains(name.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' is not a valid property name");
        }
    }

    /** Whether {@code name} is a Java identifier (what a property name and a selector identifier must be). */
    static boolean isIdentifier(String name) {
        if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    void set(String name, Object value) throws MessageFormatException {
        checkName(name);
        if (value != null && !(value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String)) {
            throw new MessageFormatException("a property cannot be a " + value.getClass().getName());
        }
        values.put(name, value);
    }

    Object get(String name) {
        return values.get(name);
    }

    boolean contains(String name) {
        return values.containsKey(name);
    }

    void clear() {
        values.clear();
    }

    Enumeration<String> names() {
        return Collections.enumeration(values.keySet());
    }

    /** The properties in the order they were set (read-only view). */
    Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
