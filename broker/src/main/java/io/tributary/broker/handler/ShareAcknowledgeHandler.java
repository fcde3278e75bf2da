package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.share.SharePartition;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.broker.share.ShareSessions;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ShareAcknowledgeRequestData;
import io.tributary.protocol.message.ShareAcknowledgeResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * ShareAcknowledge (KIP-932): acknowledgements without a fetch, on the member's share session (which must exist:
 * it takes the session's next epoch, or -1 to close it — the consumer's last word, after which what the member still
 * holds here is released). Each partition's answer waits until its acknowledgements are stored.
 */
public final class ShareAcknowledgeHandler implements ApiHandler {

    private final SharePartitionManager shares;
    private final ShareSessions sessions;
    private final ShareAcknowledgements acknowledgements;
    private final PartitionLookup lookup;
    private final Access access;

    public ShareAcknowledgeHandler(PartitionLookup lookup, SharePartitionManager shares, ShareSessions sessions,
                                   Access access) {
        this.lookup = lookup;
        this.access = access;
        this.shares = shares;
        this.sessions = sessions;
        this.acknowledgements = new ShareAcknowledgements(lookup, shares);
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareAcknowledgeRequestData request = (ShareAcknowledgeRequestData) body;
        String group = request.groupId();
        String member = request.memberId();
        if (group == null || group.isEmpty() || member == null || member.isEmpty()) {
            return done(Errors.INVALID_REQUEST, "A share acknowledgement needs a group id and a member id.");
        }
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, group)) {
            return done(Errors.GROUP_AUTHORIZATION_FAILED, null);
        }
        if (request.shareSessionEpoch() == ShareSessions.INITIAL_EPOCH) {
            return done(Errors.INVALID_SHARE_SESSION_EPOCH, "Acknowledgements cannot open a share session.");
        }
        ShareSessions.Resolved session = sessions.resolve(group, member, request.shareSessionEpoch(),
                ShareSessions.Changes.NONE, shares.settings(group).sessionTimeoutMs(), shares.nowMs());
        if (session.error() != Errors.NONE) {
            return done(session.error(), null);
        }
        Map<SharePartitionKey, CompletableFuture<Errors>> acked = new LinkedHashMap<>();
        for (ShareAcknowledgeRequestData.AcknowledgeTopic t : request.topics()) {
            // as Kafka: a topic without READ answers TOPIC_AUTHORIZATION_FAILED and is not acknowledged
            String name = lookup.topicName(null, t.topicId());
            boolean allowed = name == null || access.allows(context, AclOperation.READ, ResourceType.TOPIC, name);
            for (ShareAcknowledgeRequestData.AcknowledgePartition p : t.partitions()) {
                if (!allowed) {
                    acked.put(new SharePartitionKey(group, t.topicId(), p.partitionIndex()),
                            CompletableFuture.completedFuture(Errors.TOPIC_AUTHORIZATION_FAILED));
                    continue;
                }
                List<SharePartition.Acknowledgement> batches = new ArrayList<>();
                for (ShareAcknowledgeRequestData.AcknowledgementBatch b : p.acknowledgementBatches()) {
                    batches.add(new SharePartition.Acknowledgement(b.firstOffset(), b.lastOffset(),
                            ShareAcknowledgements.types(b.acknowledgeTypes())));
                }
                SharePartitionKey key = new SharePartitionKey(group, t.topicId(), p.partitionIndex());
                acked.put(key, acknowledgements.apply(key, member, batches));
            }
        }
        shares.releaseAll(member, session.ended());
        return CompletableFuture.allOf(acked.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> response(acked, shares.settings(group).recordLockDurationMs()));
    }

    private static ApiMessage response(Map<SharePartitionKey, CompletableFuture<Errors>> acked, int lockMs) {
        Map<UUID, List<ShareAcknowledgeResponseData.PartitionData>> byTopic = new LinkedHashMap<>();
        acked.forEach((key, f) -> byTopic.computeIfAbsent(key.topicId(), t -> new ArrayList<>())
                .add(new ShareAcknowledgeResponseData.PartitionData().setPartitionIndex(key.partition())
                        .setErrorCode(f.join().code())
                        .setCurrentLeader(new ShareAcknowledgeResponseData.LeaderIdAndEpoch().setLeaderId(-1)
                                .setLeaderEpoch(-1))));
        List<ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse> topics = new ArrayList<>();
        byTopic.forEach((id, ps) -> topics.add(new ShareAcknowledgeResponseData.ShareAcknowledgeTopicResponse()
                .setTopicId(id).setPartitions(ps)));
        return new ShareAcknowledgeResponseData().setResponses(topics).setAcquisitionLockTimeoutMs(lockMs);
    }

    private static CompletableFuture<ApiMessage> done(Errors error, String message) {
        return CompletableFuture.completedFuture(new ShareAcknowledgeResponseData().setErrorCode(error.code())
                .setErrorMessage(message));
    }
}
