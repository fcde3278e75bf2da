package io.tributary.broker.handler;

import io.tributary.broker.share.SharePartition;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.broker.share.ShareGroupSettings;
import io.tributary.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Applies one share-partition's acknowledgements (from ShareFetch or ShareAcknowledge) for a member, as its leader:
 * the records' states change at once, and the answer completes once the change is stored by the share coordinator
 * (an acknowledgement answered NONE is never lost). The fetches waiting on the partition are woken: released
 * records are available again, and acknowledged ones may have freed room in the in-flight window.
 */
final class ShareAcknowledgements {

    private final PartitionLookup lookup;
    private final SharePartitionManager shares;

    ShareAcknowledgements(PartitionLookup lookup, SharePartitionManager shares) {
        this.lookup = lookup;
        this.shares = shares;
    }

    CompletableFuture<Errors> apply(SharePartitionKey key, String memberId,
                                    List<SharePartition.Acknowledgement> acks) {
        PartitionLookup.Found found = lookup.leader(null, key.topicId(), key.partition());
        if (found.partition() == null) {
            return CompletableFuture.completedFuture(found.error());
        }
        SharePartitionManager.Leader leader = shares.loaded(key);
        if (leader == null || leader.partition() != found.partition()) {
            // not loaded here (leadership moved, or the state was reset): nothing acquired can be acknowledged
            return CompletableFuture.completedFuture(Errors.INVALID_RECORD_STATE);
        }
        ShareGroupSettings settings = shares.settings(key.groupId());
        Errors error = leader.state().acknowledge(memberId, acks, settings.deliveryCountLimit(),
                settings.recordLockDurationMs(), shares.nowMs());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        // released records are available again, and done ones free room in the in-flight window: fetches held back
        // by either (no new appends may come to wake them) try again
        shares.wake(leader.partition());
        return leader.writer().write();
    }

    /** The acknowledge types of a request batch as the share-partition takes them. */
    static byte[] types(List<Byte> types) {
        byte[] out = new byte[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = types.get(i);
        }
        return out;
    }
}
