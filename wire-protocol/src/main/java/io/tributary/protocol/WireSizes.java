package io.tributary.protocol;

import java.nio.ByteBuffer;

/** Encoded sizes of protocol primitives, computed without encoding (and without allocating). */
public final class WireSizes {

    private WireSizes() {
    }

    public static int unsignedVarint(int value) {
        int bytes = 1;
        int v = value;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Bytes of a length prefix: int16/int32, or an unsigned varint of length + 1 when compact. */
    private static int lengthPrefix(int length, boolean compact, boolean wide) {
        return compact ? unsignedVarint(length + 1) : wide ? 4 : 2;
    }

    /** The UTF-8 length of a string, counted without encoding it. */
    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;      // a lone surrogate: String.getBytes(UTF_8) writes it as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }

    public static int string(String value, boolean compact) {
        if (value == null) {
            return lengthPrefix(-1, compact, false);
        }
        int length = utf8Length(value);
        return lengthPrefix(length, compact, false) + length;
    }

    public static int bytes(byte[] value, boolean compact) {
        int length = value == null ? -1 : value.length;
        return lengthPrefix(length, compact, true) + Math.max(length, 0);
    }

    public static int bytes(ByteBuffer value, boolean compact) {
        int length = value == null ? -1 : value.remaining();
        return lengthPrefix(length, compact, true) + Math.max(length, 0);
    }

    public static int records(Records value, boolean compact) {
        int length = value == null ? -1 : value.sizeInBytes();
        return lengthPrefix(length, compact, true) + Math.max(length, 0);
    }

    public static int arrayLength(int count, boolean compact) {
        return lengthPrefix(count, compact, true);
    }

    public static int length(byte[] value) {
        return value.length;
    }

    public static int length(ByteBuffer value) {
        return value.remaining();
    }

    /** A short description of binary content for toString: its length, not its bytes. */
    public static String describe(byte[] value) {
        return value == null ? "null" : "byte[" + value.length + "]";
    }

    public static String describe(ByteBuffer value) {
        return value == null ? "null" : "bytes[" + value.remaining() + "]";
    }

    public static String describe(Records value) {
        return value == null ? "null" : "records[" + value.sizeInBytes() + "]";
    }
}
