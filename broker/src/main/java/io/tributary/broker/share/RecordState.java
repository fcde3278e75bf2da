package io.tributary.broker.share;

/**
 * The state of a record of a share-partition (KIP-932), with Kafka's ids as they appear in
 * {@code __share_group_state} and in WriteShareGroupState. AVAILABLE → ACQUIRED (a delivery) → ACKNOWLEDGED
 * (ACCEPT) | AVAILABLE (RELEASE, lock timeout) | ARCHIVED (REJECT, or a release or timeout at the delivery limit).
 */
public enum RecordState {
    AVAILABLE((byte) 0), ACQUIRED((byte) 1), ACKNOWLEDGED((byte) 2), ARCHIVED((byte) 4);

    private final byte id;

    RecordState(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    /** Whether the record is done with: it will never be delivered again. */
    public boolean isTerminal() {
        return this == ACKNOWLEDGED || this == ARCHIVED;
    }

    public static RecordState of(byte id) {
        for (RecordState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown record state " + id);
    }
}
