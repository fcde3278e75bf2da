package io.tributary.protocol.record;

import java.nio.ByteBuffer;

/**
 * Walks xerial snappy-java framing before {@code SnappyInputStream} sees it, because that stream
 * allocates each chunk's declared uncompressed length without a bound: a 20-byte hostile chunk
 * could make it allocate gigabytes.
 *
 * <p>Framing (all integers big-endian): a 16-byte stream header, {@code 0x82 'SNAPPY' 0x00},
 * version int32, compatible-version int32; then chunks of {@code length:int32} followed by one raw
 * snappy block of that length. A raw block starts with its uncompressed length as a little-endian
 * base-128 varint. Streams may be concatenated (a header may appear where a chunk would). Input
 * without the header is read by snappy-java as one raw block, so it is checked as one.
 */
final class SnappyFraming {

    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
    private static final int HEADER_SIZE = 16;

    private SnappyFraming() {
    }

    /**
     * @throws CorruptRecordException if a chunk length overruns the input or the declared
     *                                uncompressed total exceeds {@code limit}
     */
    static void check(ByteBuffer compressed, long limit) {
        int pos = compressed.position();
        int end = compressed.limit();
        if (!hasMagic(compressed, pos, end)) {
            requireWithinLimit(uncompressedLength(compressed, pos, end), limit);
            return;
        }
        long total = 0;
        while (pos < end) {
            if (compressed.get(pos) == MAGIC[0]) {
                if (end - pos < HEADER_SIZE || !hasMagic(compressed, pos, end)) {
                    throw new CorruptRecordException("Invalid snappy stream header at byte " + pos);
                }
                pos += HEADER_SIZE;
                continue;
            }
            if (end - pos < 4) {
                throw new CorruptRecordException("Truncated snappy chunk length at byte " + pos);
            }
            int length = compressed.getInt(pos);
            pos += 4;
            if (length < 0 || length > end - pos) {
                throw new CorruptRecordException("Snappy chunk length " + length + " exceeds the "
                        + (end - pos) + " bytes remaining");
            }
            total += uncompressedLength(compressed, pos, pos + length);
            requireWithinLimit(total, limit);
            pos += length;
        }
    }

    private static boolean hasMagic(ByteBuffer buffer, int pos, int end) {
        if (end - pos < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(pos + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static long uncompressedLength(ByteBuffer buffer, int pos, int end) {
        long result = 0;
        for (int shift = 0; shift < 35 && pos < end; shift += 7) {
            int b = buffer.get(pos++) & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptRecordException("Invalid snappy block length preamble");
    }

    private static void requireWithinLimit(long total, long limit) {
        if (total > limit) {
            throw new CorruptRecordException("Snappy data declares " + total
                    + " uncompressed bytes, above the limit of " + limit);
        }
    }
}
