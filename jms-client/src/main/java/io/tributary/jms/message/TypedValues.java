package io.tributary.jms.message;

import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary encoding of MapMessage and StreamMessage bodies. All integers are big-endian.
 *
 * <pre>
 * stream body := value*                                   (until the end of the record value)
 * map body    := count:int32 (name:string value){count}
 * value       := tag:int8 payload
 *   tag 0 null      (no payload)        tag 6 long    int64
 *   tag 1 boolean   int8 0|1            tag 7 float   IEEE 754 binary32
 *   tag 2 byte      int8                tag 8 double  IEEE 754 binary64
 *   tag 3 short     int16               tag 9 String  string
 *   tag 4 char      uint16 (UTF-16)     tag 10 byte[] length:int32 bytes{length}
 *   tag 5 int       int32
 * string      := length:int32 UTF-8 bytes{length}
 * </pre>
 *
 * A decoder meeting an unknown tag, a negative length or a length beyond the remaining bytes fails with
 * {@link MessageFormatException} before allocating.
 */
final class TypedValues {

    private TypedValues() {
    }

    static byte[] encodeStream(List<Object> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            for (Object item : items) {
                writeValue(out, item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Object> decodeStream(byte[] body) throws MessageFormatException {
        List<Object> items = new ArrayList<>();
        if (body == null) {
            return items;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            while (in.available() > 0) {
                items.add(readValue(in));
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        return items;
    }

    static byte[] encodeMap(Map<String, Object> map) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeInt(map.size());
            for (Map.Entry<String, Object> e : map.entrySet()) {
                writeBytes(out, e.getKey().getBytes(StandardCharsets.UTF_8));
                writeValue(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return map;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            int count = in.readInt();
            if (count < 0 || count > body.length) {
                throw new MessageFormatException("a map body cannot hold " + count + " entries");
            }
            for (int i = 0; i < count; i++) {
                String name = new String(readBytes(in), StandardCharsets.UTF_8);
                map.put(name, readValue(in));
            }
            if (in.available() > 0) {
                throw new MessageFormatException(in.available() + " bytes after the last map entry");
            }
        } catch (IOException e) {
            throw malformed(e);
        }
        return map;
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(0);
        } else if (v instanceof Boolean b) {
            out.writeByte(1);
            out.writeBoolean(b);
        } else if (v instanceof Byte b) {
            out.writeByte(2);
            out.writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(3);
            out.writeShort(s);
        } else if (v instanceof Character c) {
            out.writeByte(4);
            out.writeChar(c);
        } else if (v instanceof Integer i) {
            out.writeByte(5);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(6);
            out.writeLong(l);
        } else if (v instanceof Float f) {
            out.writeByte(7);
            out.writeFloat(f);
        } else if (v instanceof Double d) {
            out.writeByte(8);
            out.writeDouble(d);
        } else if (v instanceof String s) {
            out.writeByte(9);
            writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            out.writeByte(10);
            writeBytes(out, b);
        } else {
            throw new IllegalArgumentException("not a body value: " + v.getClass().getName());
        }
    }

    private static Object readValue(DataInputStream in) throws IOException, MessageFormatException {
        int tag = in.readByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> in.readBoolean();
            case 2 -> in.readByte();
            case 3 -> in.readShort();
            case 4 -> in.readChar();
            case 5 -> in.readInt();
            case 6 -> in.readLong();
            case 7 -> in.readFloat();
            case 8 -> in.readDouble();
            case 9 -> new String(readBytes(in), StandardCharsets.UTF_8);
            case 10 -> readBytes(in);
            default -> throw new MessageFormatException("unknown value tag " + tag);
        };
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException, MessageFormatException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new MessageFormatException("a length of " + length + " with " + in.available() + " bytes left");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    private static MessageFormatException malformed(IOException e) {
        MessageFormatException f = new MessageFormatException("malformed body: " + e);
        f.setLinkedException(e);
        return f;
    }
}
