package io.tributary.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offsets partitions in memory, for coordinator tests: each partition a list of batches at dense offsets, as the
 * real log would hold them — the coordinator's own, transactional ones with their producer, and transaction markers
 * (which only the test appends, standing in for the transaction coordinator's marker writer).
 */
final class MemoryCoordinatorLog implements CoordinatorLog {

    /** One batch: records from {@code baseOffset} on, or (records empty) a COMMIT/ABORT marker. */
    record Batch(long baseOffset, Writer writer, List<Entry> records, Boolean commitMarker) {
    }

    private final Map<Integer, List<Batch>> partitions = new HashMap<>();
    private final Map<Integer, Long> ends = new HashMap<>();

    @Override
    public long append(int partition, Writer writer, List<Entry> records, long nowMs) {
        long base = ends.getOrDefault(partition, 0L);
        batches(partition).add(new Batch(base, writer, List.copyOf(records), null));
        ends.put(partition, base + records.size());
        return base;
    }

    /** Appends a transaction marker of the producer, as the marker writer would. */
    void appendMarker(int partition, long producerId, boolean commit) {
        long base = ends.getOrDefault(partition, 0L);
        batches(partition).add(new Batch(base, Writer.transaction(producerId, (short) 0), List.of(), commit));
        ends.put(partition, base + 1);
    }

    @Override
    public void replay(int partition, Visitor visitor) {
        for (Batch b : batches(partition)) {
            if (b.commitMarker() != null) {
                visitor.marker(b.writer().producerId(), b.commitMarker());
                continue;
            }
            for (int i = 0; i < b.records().size(); i++) {
                Entry e = b.records().get(i);
                visitor.record(b.baseOffset() + i, b.writer().producerId(), e.key(), e.value());
            }
        }
    }

    List<Batch> batches(int partition) {
        return partitions.computeIfAbsent(partition, p -> new ArrayList<>());
    }

    /** Every record of the partition, markers left out. */
    List<Entry> records(int partition) {
        List<Entry> out = new ArrayList<>();
        batches(partition).forEach(b -> out.addAll(b.records()));
        return out;
    }
}
