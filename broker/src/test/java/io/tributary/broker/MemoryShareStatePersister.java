package io.tributary.broker;

import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Share-partition state in memory, for broker tests that run without a share coordinator; epochs as the real one. */
final class MemoryShareStatePersister implements ShareStatePersister {

    final Map<SharePartitionKey, ShareState> states = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch) {
        ShareState s = states.get(key);
        if (s != null && s.leaderEpoch() > leaderEpoch) {
            return CompletableFuture.failedFuture(new ShareStateException(Errors.FENCED_LEADER_EPOCH, "fenced"));
        }
        if (s != null) {
            s = new ShareState(s.stateEpoch(), leaderEpoch, s.startOffset(), s.batches());
            states.put(key, s);
        }
        return CompletableFuture.completedFuture(s);
    }

    @Override
    public CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        ShareState s = states.get(key);
        return CompletableFuture.completedFuture(s == null ? null : ShareStateSummary.of(s));
    }

    @Override
    public CompletableFuture<Void> write(SharePartitionKey key, ShareState state) {
        states.put(key, state);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset) {
        states.put(key, new ShareState(stateEpoch, -1, startOffset, List.of()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(SharePartitionKey key) {
        states.remove(key);
        return CompletableFuture.completedFuture(null);
    }
}
