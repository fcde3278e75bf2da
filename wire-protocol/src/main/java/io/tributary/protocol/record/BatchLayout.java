package io.tributary.protocol.record;

/**
 * Field offsets of RecordBatch v2, as documented on {@link RecordBatch}, and attribute bits.
 */
final class BatchLayout {

    static final int BASE_OFFSET = 0;
    static final int BATCH_LENGTH = 8;
    static final int PARTITION_LEADER_EPOCH = 12;
    static final int MAGIC = 16;
    static final int CRC = 17;
    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;
    static final int RECORDS = 61;

    /** Bytes before and including the batch length field: what {@code batchLength} does not count. */
    static final int LOG_OVERHEAD = 12;
    /** Size of an empty batch: the header alone. */
    static final int HEADER_SIZE = RECORDS;
    /** Smallest legal value of the batch length field. */
    static final int MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;

    static final int COMPRESSION_MASK = 0x07;
    static final int TIMESTAMP_TYPE_MASK = 0x08;
    static final int TRANSACTIONAL_MASK = 0x10;
    static final int CONTROL_MASK = 0x20;
    static final int DELETE_HORIZON_MASK = 0x40;

    private BatchLayout() {
    }
}
