package io.tributary.broker;

import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * A placeholder {@link ShareStatePersister} until the share coordinator's is wired in {@link BrokerServer} (see the
 * TODO there): every call fails with COORDINATOR_NOT_AVAILABLE, a retriable error, so nothing is silently lost.
 */
final class UnavailableShareStatePersister implements ShareStatePersister {

    private static <T> CompletableFuture<T> unavailable() {
        return CompletableFuture.failedFuture(new ShareStateException(Errors.COORDINATOR_NOT_AVAILABLE,
                "the share coordinator is not available on this broker yet"));
    }

    @Override
    public CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch) {
        return unavailable();
    }

    @Override
    public CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        return unavailable();
    }

    @Override
    public CompletableFuture<Void> write(SharePartitionKey key, ShareState state) {
        return unavailable();
    }

    @Override
    public CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset) {
        return unavailable();
    }

    @Override
    public CompletableFuture<Void> delete(SharePartitionKey key) {
        return unavailable();
    }
}
