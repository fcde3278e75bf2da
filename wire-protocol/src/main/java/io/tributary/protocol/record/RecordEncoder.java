package io.tributary.protocol.record;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one record in the v2 record layout (see {@link RecordBatch}) into a byte stream.
 */
final class RecordEncoder {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** Appends the record at {@code offsetDelta}, with its timestamp relative to {@code baseTimestamp}. */
    void encode(RecordData record, int offsetDelta, long baseTimestamp, ByteArrayOutputStream out) {
        body.reset();
        body.write(0); // attributes
        writeVarlong(body, record.timestamp() - baseTimestamp);
        writeVarint(body, offsetDelta);
        writeNullable(body, record.key());
        writeNullable(body, record.value());
        writeVarint(body, record.headers().size());
        for (RecordHeader header : record.headers()) {
            byte[] key = header.key().getBytes(StandardCharsets.UTF_8);
            writeVarint(body, key.length);
            body.write(key, 0, key.length);
            writeNullable(body, header.value());
        }
        writeVarint(out, body.size());
        out.writeBytes(body.toByteArray());
    }

    private static void writeNullable(ByteArrayOutputStream out, ByteBuffer bytes) {
        if (bytes == null) {
            writeVarint(out, -1);
            return;
        }
        ByteBuffer view = bytes.duplicate();
        writeVarint(out, view.remaining());
        if (view.hasArray()) {
            out.write(view.array(), view.arrayOffset() + view.position(), view.remaining());
        } else {
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            out.write(copy, 0, copy.length);
        }
    }

    static void writeVarint(ByteArrayOutputStream out, int value) {
        writeVarlong(out, value);
    }

    static void writeVarlong(ByteArrayOutputStream out, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
