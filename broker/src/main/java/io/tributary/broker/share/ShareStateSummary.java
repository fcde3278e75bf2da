package io.tributary.broker.share;

/**
 * What ReadShareGroupStateSummary tells of a share-partition's stored state: enough to show its start offset and lag.
 *
 * @param deliveryCompleteCount offsets at or past {@code startOffset} that are done (see
 *                              {@link ShareState#deliveryCompleteCount()})
 */
public record ShareStateSummary(int stateEpoch, int leaderEpoch, long startOffset, int deliveryCompleteCount) {

    public static ShareStateSummary of(ShareState state) {
        return new ShareStateSummary(state.stateEpoch(), state.leaderEpoch(), state.startOffset(),
                state.deliveryCompleteCount());
    }
}
