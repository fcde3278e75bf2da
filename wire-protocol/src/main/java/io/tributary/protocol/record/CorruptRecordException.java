package io.tributary.protocol.record;

/**
 * Record bytes are malformed: a truncated or impossible length, a CRC mismatch, an unknown
 * compression type, undecodable compressed data, a decompressed size above the configured limit,
 * or a record whose fields do not add up to its declared size.
 *
 * <p>Kafka answers such a produce with {@code CORRUPT_MESSAGE} (or {@code INVALID_RECORD} for a
 * well-framed batch whose records are wrong); that choice belongs to the broker.
 */
public final class CorruptRecordException extends RecordFormatException {

    /**
     * @param message what was wrong, with the offending numbers
     */
    public CorruptRecordException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause   the codec or I/O failure underneath
     */
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
