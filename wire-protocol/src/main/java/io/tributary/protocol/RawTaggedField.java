package io.tributary.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tagged field this codec does not know (a newer peer's addition): its tag and its raw value bytes.
 * Messages keep them in arrival order and write them back among their known tagged fields in tag order.
 */
public final class RawTaggedField {

    private final int tag;
    private final byte[] data;

    public RawTaggedField(int tag, byte[] data) {
        this.tag = tag;
        this.data = data;
    }

    public int tag() {
        return tag;
    }

    public byte[] data() {
        return data;
    }

    /** Appends to a possibly-null list, creating it on first use. */
    public static List<RawTaggedField> add(List<RawTaggedField> fields, int tag, byte[] data) {
        List<RawTaggedField> list = fields == null ? new ArrayList<>() : fields;
        list.add(new RawTaggedField(tag, data));
        return list;
    }

    public static int count(List<RawTaggedField> fields) {
        return fields == null ? 0 : fields.size();
    }

    /** Bytes the fields take on the wire, tag and length prefixes included. */
    public static int size(List<RawTaggedField> fields) {
        if (fields == null) {
            return 0;
        }
        int size = 0;
        for (RawTaggedField f : fields) {
            size += WireSizes.unsignedVarint(f.tag) + WireSizes.unsignedVarint(f.data.length) + f.data.length;
        }
        return size;
    }

    /**
     * Writes the fields from index {@code from} on whose tag is below {@code tag}, so that unknown fields land in
     * tag order among known ones; returns the index of the first field not written.
     */
    public static int writeBelow(ProtocolWriter writer, List<RawTaggedField> fields, int from, int tag) {
        if (fields == null) {
            return 0;
        }
        int i = from;
        while (i < fields.size() && fields.get(i).tag < tag) {
            RawTaggedField f = fields.get(i);
            writer.writeUnsignedVarint(f.tag);
            writer.writeUnsignedVarint(f.data.length);
            writer.writeRawBytes(f.data);
            i++;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTaggedField other && tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", " + data.length + " bytes)";
    }
}
