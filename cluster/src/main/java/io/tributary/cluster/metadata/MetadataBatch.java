package io.tributary.cluster.metadata;

import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.ProtocolReader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The records the active controller appends as one entry of the metadata log: they commit (and apply)
 * together or not at all.
 *
 * <pre>
 * int8   magic        0x4D ('M')
 * int8   version      0
 * int64  controllerTerm   the Raft term in which the active controller computed these records
 * int32  count        number of records
 * count × (int32 size, size bytes: one record as {@link MetadataRecordSerde} writes it)
 * </pre>
 *
 * <p>An entry whose {@code controllerTerm} is not the term of the log entry that carries it is ignored by
 * every member alike: the records were computed by a controller that lost its leadership before
 * appending, from an image that may not be the committed one.
 *
 * @param controllerTerm the term the records were computed in
 * @param records        the records, in order
 */
public record MetadataBatch(long controllerTerm, List<MetadataRecord> records) {
    private static final byte MAGIC = 0x4D;
    private static final byte VERSION = 0;

    public MetadataBatch {
        records = List.copyOf(records);
    }

    public byte[] encode() {
        List<byte[]> encoded = new ArrayList<>(records.size());
        int size = 1 + 1 + 8 + 4;
        for (MetadataRecord record : records) {
            byte[] bytes = MetadataRecordSerde.encode(record);
            encoded.add(bytes);
            size += 4 + bytes.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(MAGIC).put(VERSION).putLong(controllerTerm).putInt(records.size());
        for (byte[] bytes : encoded) {
            buffer.putInt(bytes.length).put(bytes);
        }
        return buffer.array();
    }

    public static MetadataBatch decode(ByteBuffer bytes) {
        try {
            ProtocolReader r = new ProtocolReader(bytes);
            byte magic = r.readInt8();
            byte version = r.readInt8();
            if (magic != MAGIC || version != VERSION) {
                throw new MetadataFormatException("not a metadata batch: magic " + magic + " version " + version);
            }
            long term = r.readInt64();
            int count = r.readInt32();
            if (count < 0 || (long) count * 6 > r.remaining()) {
                throw new MetadataFormatException("bad record count " + count);
            }
            List<MetadataRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int size = r.readInt32();
                if (size < 0 || size > r.remaining()) {
                    throw new MetadataFormatException("bad record size " + size);
                }
                records.add(MetadataRecordSerde.decode(ByteBuffer.wrap(r.readRawBytes(size))));
            }
            r.requireFullyRead("metadata batch");
            return new MetadataBatch(term, records);
        } catch (ProtocolDecodeException e) {
            throw new MetadataFormatException("malformed metadata batch: " + e.getMessage(), e);
        }
    }
}
