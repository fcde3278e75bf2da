package io.tributary.protocol.record;

/**
 * A batch carries a magic byte of an old message format (0 or 1), which Kafka 4 no longer
 * accepts and this broker never did. Distinct from {@link CorruptRecordException} so the broker
 * can answer the way Kafka 4 does for old-format produce requests rather than reporting
 * corruption.
 */
public final class UnsupportedMagicException extends RecordFormatException {

    /** The magic byte found. */
    private final byte magic;

    /**
     * @param magic the magic byte found
     */
    public UnsupportedMagicException(byte magic) {
        super("Record batch magic " + magic + " is not supported; only magic "
                + RecordBatch.MAGIC_V2 + " (RecordBatch v2) is");
        this.magic = magic;
    }

    /**
     * @return the magic byte found in the batch
     */
    public byte magic() {
        return magic;
    }
}
