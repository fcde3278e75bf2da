package io.tributary.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The type conversions JMS allows when a property, a MapMessage entry or a StreamMessage item written as one type is
 * read as another (Jakarta Messaging 3.1, sections 3.5.4 and 3.11.3): a value widens to a larger type of its kind
 * and anything converts to and from String (through the wrapper's {@code valueOf}, so a null String read as a number
 * fails as {@code valueOf(null)} does). Every other conversion is a {@link MessageFormatException}. Properties never
 * hold {@code char} or {@code byte[]}, so the same table serves all three.
 */
final class ValueConversions {

    private ValueConversions() {
    }

    static boolean toBoolean(Object v) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.valueOf((String) v);
        }
        throw invalid(v, "boolean");
    }

    static byte toByte(Object v) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.valueOf((String) v);
        }
        throw invalid(v, "byte");
    }

    static short toShort(Object v) throws MessageFormatException {
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).shortValue();
        }
        if (v == null || v instanceof String) {
            return Short.valueOf((String) v);
        }
        throw invalid(v, "short");
    }

    static char toChar(Object v) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("the value is null");
        }
        throw invalid(v, "char");
    }

    static int toInt(Object v) throws MessageFormatException {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.valueOf((String) v);
        }
        throw invalid(v, "int");
    }

    static long toLong(Object v) throws MessageFormatException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.valueOf((String) v);
        }
        throw invalid(v, "long");
    }

    static float toFloat(Object v) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.valueOf((String) v);
        }
        throw invalid(v, "float");
    }

    static double toDouble(Object v) throws MessageFormatException {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v == null || v instanceof String) {
            return Double.valueOf((String) v);
        }
        throw invalid(v, "double");
    }

    static String toText(Object v) throws MessageFormatException {
        if (v instanceof byte[]) {
            throw invalid(v, "String");
        }
        return v == null ? null : v.toString();
    }

    static byte[] toBytes(Object v) throws MessageFormatException {
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw invalid(v, "byte[]");
    }

    /** Whether {@code v} is a value a MapMessage or StreamMessage may hold (the primitive wrappers, String, byte[]). */
    static boolean isBodyValue(Object v) {
        return v == null || v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Character
                || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double
                || v instanceof String || v instanceof byte[];
    }

    private static MessageFormatException invalid(Object v, String type) {
        return new MessageFormatException("a " + v.getClass().getSimpleName() + " cannot be read as " + type);
    }
}
