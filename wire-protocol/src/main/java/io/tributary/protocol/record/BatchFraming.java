package io.tributary.protocol.record;

import java.nio.ByteBuffer;

/**
 * Decides how many bytes the batch starting at a position occupies, using only the length and
 * magic fields and without trusting either: the magic is checked before any size rule (so an
 * old-format batch gets its own error) and a length is compared with the bytes present before
 * anything is read past it.
 */
final class BatchFraming {

    /** Returned when the bytes stop before the batch does and a partial tail is allowed. */
    static final int INCOMPLETE = -1;

    private BatchFraming() {
    }

    /**
     * @param buffer       the bytes
     * @param pos          where the batch starts
     * @param limit        where the bytes end
     * @param allowPartial true to return {@link #INCOMPLETE} instead of failing on a cut-off batch
     * @return the batch size in bytes, or {@link #INCOMPLETE}
     */
    static int sizeOfBatchAt(ByteBuffer buffer, int pos, int limit, boolean allowPartial) {
        int remaining = limit - pos;
        if (remaining < BatchLayout.LOG_OVERHEAD) {
            return incomplete(allowPartial, "Truncated record batch: " + remaining
                    + " bytes left, fewer than the " + BatchLayout.LOG_OVERHEAD + "-byte offset and length prefix");
        }
        int batchLength = buffer.getInt(pos + BatchLayout.BATCH_LENGTH);
        if (remaining > BatchLayout.MAGIC) {
            byte magic = buffer.get(pos + BatchLayout.MAGIC);
            if (magic == 0 || magic == 1) {
                throw new UnsupportedMagicException(magic);
            }
            if (magic != RecordBatch.MAGIC_V2) {
                throw new CorruptRecordException("Invalid record batch magic " + magic);
            }
        }
        if (batchLength < BatchLayout.MIN_BATCH_LENGTH) {
            throw new CorruptRecordException("Record batch length " + batchLength + " is below the minimum of "
                    + BatchLayout.MIN_BATCH_LENGTH);
        }
        long size = (long) batchLength + BatchLayout.LOG_OVERHEAD;
        if (size > remaining) {
            return incomplete(allowPartial, "Truncated record batch: its length field says " + size
                    + " bytes but only " + remaining + " remain");
        }
        return (int) size;
    }

    private static int incomplete(boolean allowPartial, String message) {
        if (allowPartial) {
            return INCOMPLETE;
        }
        throw new CorruptRecordException(message);
    }
}
