package io.tributary.protocol.record;

/**
 * Whose clock a batch's timestamps come from: bit 3 of the batch attributes.
 */
public enum TimestampType {
    /** Timestamps were set by the producer; records carry their own deltas. */
    CREATE_TIME(0, "CreateTime"),
    /** The broker stamped the batch on append; every record's timestamp is the batch max timestamp. */
    LOG_APPEND_TIME(1, "LogAppendTime");

    private final int id;
    private final String displayName;

    TimestampType(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /**
     * @return the value of attribute bit 3 for this type
     */
    public int id() {
        return id;
    }

    /**
     * @return Kafka's configuration name ({@code CreateTime} / {@code LogAppendTime})
     */
    public String displayName() {
        return displayName;
    }
}
