package io.tributary.protocol.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decompresses a whole records section into one heap buffer, growing it as data arrives (never
 * sized from a number found in the input) and never beyond the caller's limit.
 */
final class Decompression {

    /** Largest array the JVM reliably allocates. */
    static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 16;
    private static final int MIN_INITIAL_CAPACITY = 1024;

    private Decompression() {
    }

    static ByteBuffer decompress(CompressionType type, ByteBuffer compressed, long limit) {
        long cap = Math.min(limit, MAX_ARRAY_SIZE);
        int initial = (int) Math.min(cap, Math.max(MIN_INITIAL_CAPACITY, 4L * compressed.remaining()));
        byte[] out = new byte[Math.max(initial, 1)];
        int size = 0;
        try (InputStream in = type.wrapForInput(compressed, cap)) {
            while (true) {
                if (size == out.length) {
                    if (size >= cap) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new CorruptRecordException("Decompressed " + type + " data exceeds the limit of "
                                + cap + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(cap, 2L * size));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
        } catch (IOException e) {
            throw GuardedInputStream.corrupt(type, e);
        }
        return ByteBuffer.wrap(out, 0, size).slice();
    }
}
