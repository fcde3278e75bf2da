package io.tributary.protocol.record;

import java.nio.ByteBuffer;

/**
 * The type of a control record, read from its key: {@code version:int16, type:int16}.
 *
 * <p>Ids are those of Kafka's {@code ControlRecordTypeSchema}. A type id this broker does not
 * know maps to {@link #UNKNOWN} so a newer peer's markers can still be carried.
 */
public enum ControlRecordType {
    /** Transaction aborted: the producer's records before this marker are to be skipped. */
    ABORT(0),
    /** Transaction committed. */
    COMMIT(1),
    /** KRaft: a new leader was elected. */
    LEADER_CHANGE(2),
    /** KRaft: first record of a snapshot. */
    SNAPSHOT_HEADER(3),
    /** KRaft: last record of a snapshot. */
    SNAPSHOT_FOOTER(4),
    /** KRaft: the finalized kraft.version. */
    KRAFT_VERSION(5),
    /** KRaft: the set of voters. */
    KRAFT_VOTERS(6),
    /** A type id not listed here. */
    UNKNOWN(-1);

    /** Size in bytes of a control record key: version int16 + type int16. */
    public static final int KEY_SIZE = 4;
    /** The only key version written; readers accept any non-negative version. */
    public static final short CURRENT_KEY_VERSION = 0;

    private final short id;

    ControlRecordType(int id) {
        this.id = (short) id;
    }

    /**
     * @return the type id stored in the control record key
     */
    public short id() {
        return id;
    }

    /**
     * @param id a type id from a control record key
     * @return the matching type, or {@link #UNKNOWN}
     */
    public static ControlRecordType fromId(short id) {
        for (ControlRecordType type : values()) {
            if (type.id == id && type != UNKNOWN) {
                return type;
            }
        }
        return UNKNOWN;
    }

    /**
     * Reads the type from a control record key without moving the key's position.
     *
     * @param key the record key, or {@code null}
     * @return the type named by the key
     * @throws CorruptRecordException if the key is missing, shorter than 4 bytes or has a negative version
     */
    public static ControlRecordType parseKey(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new CorruptRecordException("Control record key must have at least " + KEY_SIZE
                    + " bytes, found " + (key == null ? "null" : key.remaining()));
        }
        ByteBuffer bigEndian = key.duplicate();
        short version = bigEndian.getShort(bigEndian.position());
        if (version < 0) {
            throw new CorruptRecordException("Control record key has negative version " + version);
        }
        return fromId(bigEndian.getShort(bigEndian.position() + 2));
    }

    /**
     * @return a fresh 4-byte key (version 0) naming this type
     * @throws IllegalStateException for {@link #UNKNOWN}
     */
    public ByteBuffer toKey() {
        if (this == UNKNOWN) {
            throw new IllegalStateException("Cannot write a control record key of type UNKNOWN");
        }
        ByteBuffer key = ByteBuffer.allocate(KEY_SIZE);
        key.putShort(CURRENT_KEY_VERSION).putShort(id).flip();
        return key;
    }
}
