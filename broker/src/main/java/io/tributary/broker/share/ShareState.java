package io.tributary.broker.share;

import java.util.List;

/**
 * The durable state of one share-partition, as WriteShareGroupState carries it and {@code __share_group_state}
 * keeps it: every offset below {@code startOffset} is done (acknowledged or archived); from there, each listed
 * batch gives the state of an offset range that is not simply "never delivered". Offsets past the last batch and
 * offsets in no batch have not been delivered yet. In-flight acquisitions are not durable: an offset acquired when
 * the state was written is listed as {@link RecordState#AVAILABLE} with the deliveries it had.
 *
 * @param stateEpoch  bumped each time the state is reset from outside (AlterShareGroupOffsets, initialization): a
 *                    write carrying an older state epoch is refused (FENCED_STATE_EPOCH)
 * @param leaderEpoch the leader epoch of the partition leader that wrote it: a write from an older leader is refused
 *                    (FENCED_LEADER_EPOCH)
 * @param startOffset the share-partition start offset (SPSO)
 * @param batches     in offset order, not overlapping, all at or past {@code startOffset}
 */
public record ShareState(int stateEpoch, int leaderEpoch, long startOffset, List<StateBatch> batches) {

    public ShareState {
        batches = List.copyOf(batches);
    }

    /**
     * One range of offsets in one state.
     *
     * @param deliveryState a {@link RecordState} id (AVAILABLE 0, ACKNOWLEDGED 2, ARCHIVED 4)
     */
    public record StateBatch(long firstOffset, long lastOffset, byte deliveryState, short deliveryCount) {
    }

    /**
     * How many listed offsets are done (acknowledged or archived): with the start offset it gives the
     * share-partition's lag ({@code end offset - startOffset - deliveryCompleteCount}).
     */
    public int deliveryCompleteCount() {
        long done = 0;
        for (StateBatch b : batches) {
            if (b.deliveryState() == RecordState.ACKNOWLEDGED.id() || b.deliveryState() == RecordState.ARCHIVED.id()) {
                done += b.lastOffset() - b.firstOffset() + 1;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, done);
    }
}
