package io.tributary.broker.handler;

import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStateException;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The share-group admin handlers' calls to the {@link ShareStatePersister}, made after the group coordinator's
 * checks and off its thread, with a failure turned into the Kafka error to answer.
 */
final class SharePartitionStates {

    private final ShareStatePersister persister;

    SharePartitionStates(ShareStatePersister persister) {
        this.persister = persister;
    }

    ShareStatePersister persister() {
        return persister;
    }

    /** The error to answer for a failed persister call. */
    /** Deletes the state of partitions 0..n-1 of each topic ({@code topics}: partition counts by id). */
    CompletableFuture<Errors> deleteAll(String groupId, Map<UUID, Integer> topics) {
        List<CompletableFuture<Errors>> deletions = new ArrayList<>();
        topics.forEach((id, count) -> {
            for (int p = 0; p < count; p++) {
                deletions.add(delete(new SharePartitionKey(groupId, id, p)));
            }
        });
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(v -> deletions.stream()
                .map(CompletableFuture::join).filter(e -> e != Errors.NONE).findFirst().orElse(Errors.NONE));
    }

    private CompletableFuture<Errors> delete(SharePartitionKey key) {
        CompletableFuture<Void> call;
        try {
            call = persister.delete(key);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ShareStateException.errorOf(e));
        }
        return call.handle((v, failure) -> failure == null ? Errors.NONE : ShareStateException.errorOf(failure));
    }
}
