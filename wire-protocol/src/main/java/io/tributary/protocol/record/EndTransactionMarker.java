package io.tributary.protocol.record;

import java.nio.ByteBuffer;

/**
 * The content of a transaction marker: a control record whose key names {@link ControlRecordType#COMMIT}
 * or {@link ControlRecordType#ABORT} and whose value is {@code version:int16, coordinatorEpoch:int32}.
 *
 * @param type             COMMIT or ABORT
 * @param coordinatorEpoch epoch of the transaction coordinator that wrote the marker
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {

    /** Size of the marker value: version int16 + coordinator epoch int32. */
    public static final int VALUE_SIZE = 6;
    /** The value version written. */
    public static final short CURRENT_VERSION = 0;

    /**
     * @param type             COMMIT or ABORT
     * @param coordinatorEpoch epoch of the transaction coordinator
     * @throws IllegalArgumentException if {@code type} is not COMMIT or ABORT
     */
    public EndTransactionMarker {
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new IllegalArgumentException("An end transaction marker is COMMIT or ABORT, not " + type);
        }
    }

    /**
     * @return a fresh buffer holding the marker value
     */
    public ByteBuffer toValue() {
        ByteBuffer value = ByteBuffer.allocate(VALUE_SIZE);
        value.putShort(CURRENT_VERSION).putInt(coordinatorEpoch).flip();
        return value;
    }

    /**
     * Reads the marker carried by a control record.
     *
     * @param record a record of a control batch
     * @return the marker
     * @throws CorruptRecordException if the record is not a COMMIT/ABORT marker or its value is malformed
     */
    public static EndTransactionMarker read(Record record) {
        ControlRecordType type = ControlRecordType.parseKey(record.key());
        if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
            throw new CorruptRecordException("Control record of type " + type + " is not a transaction marker");
        }
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new CorruptRecordException("Transaction marker value must have at least " + VALUE_SIZE
                    + " bytes, found " + (value == null ? "null" : value.remaining()));
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new CorruptRecordException("Transaction marker value has negative version " + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }
}
