package io.tributary.streams.internal.dsl;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How a table's change crosses a repartition topic. A change is sent as up to two records, each carrying the
 * header {@value #HEADER}: {@code old} for the value to subtract (sent first), {@code new} for the value to add.
 * The two may go to different partitions (the row moved to another group), so each must stand alone.
 */
public final class ChangeMarker {

    /** The header's key. */
    public static final String HEADER = "tributary.table-change";
    private static final byte[] OLD = "old".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new".getBytes(StandardCharsets.UTF_8);

    private ChangeMarker() {
    }

    /** A copy of the headers marked as the old or the new side (a copy: the two records must not share it). */
    public static Headers mark(Headers headers, boolean old) {
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(HEADER);
        copy.add(HEADER, old ? OLD : NEW);
        return copy;
    }

    /**
     * Whether a record read back is the old side; removes the marker so it does not travel further. A record
     * without the marker (written by something else) counts as the new side.
     */
    public static boolean takeIsOld(Headers headers) {
        Header marker = headers.lastHeader(HEADER);
        headers.remove(HEADER);
        return marker != null && java.util.Arrays.equals(marker.value(), OLD);
    }
}
