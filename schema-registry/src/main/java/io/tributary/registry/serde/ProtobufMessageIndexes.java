package io.tributary.registry.serde;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The message indexes of Confluent's Protobuf wire format: after the magic byte and the schema id, which message of
 * the schema's file the payload is — the path of indexes from the file's top-level messages down through nested
 * ones ({@code [1, 0]}: the first message nested in the second top-level one). Written as zig-zag varints: the
 * count, then each index; the common {@code [0]} (the file's first message) as the single byte {@code 0} (a count
 * of 0 means {@code [0]}).
 */
final class ProtobufMessageIndexes {

    private static final int[] FIRST = {0};
    /** A sanity bound on the count read: no file nests messages this deep. */
    private static final int MAX_DEPTH = 1024;

    private ProtobufMessageIndexes() {
    }

    /** The path of {@code message} in its file. */
    static int[] of(Descriptor message) {
        int depth = 0;
        for (Descriptor d = message; d != null; d = d.getContainingType()) {
            depth++;
        }
        int[] path = new int[depth];
        for (Descriptor d = message; d != null; d = d.getContainingType()) {
            path[--depth] = d.getIndex();
        }
        return path;
    }

    /** The message at {@code path} in {@code file}. */
    static Descriptor find(FileDescriptor file, int[] path) {
        List<Descriptor> level = file.getMessageTypes();
        Descriptor found = null;
        for (int index : path) {
            if (index < 0 || index >= level.size()) {
                throw new SerializationException("message indexes " + java.util.Arrays.toString(path)
                        + " name no message of " + (found == null ? "the schema's file" : found.getFullName()));
            }
            found = level.get(index);
            level = found.getNestedTypes();
        }
        if (found == null) {
            throw new SerializationException("empty message indexes");
        }
        return found;
    }

    /** Writes {@code path} to {@code out}. */
    static void write(int[] path, ByteArrayOutputStream out) {
        if (path.length == 1 && path[0] == 0) {
            out.write(0);
            return;
        }
        writeZigZag(path.length, out);
        for (int index : path) {
            writeZigZag(index, out);
        }
    }

    /** Reads a path at {@code in}'s position, leaving it after the indexes. */
    static int[] read(ByteBuffer in) {
        int count = readZigZag(in);
        if (count == 0) {
            return FIRST.clone();
        }
        if (count < 0 || count > MAX_DEPTH) {
            throw new SerializationException("invalid message index count " + count);
        }
        int[] path = new int[count];
        for (int i = 0; i < count; i++) {
            path[i] = readZigZag(in);
        }
        return path;
    }

    private static void writeZigZag(int value, ByteArrayOutputStream out) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readZigZag(ByteBuffer in) {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) {
                throw new SerializationException("truncated message indexes");
            }
            byte b = in.get();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
        }
        throw new SerializationException("malformed varint in the message indexes");
    }
}
