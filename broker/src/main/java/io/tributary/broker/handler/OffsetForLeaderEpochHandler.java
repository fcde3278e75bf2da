package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.LeaderEpochCache;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.OffsetForLeaderEpochRequestData;
import io.tributary.protocol.message.OffsetForLeaderEpochResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * OffsetForLeaderEpoch: where a leader epoch ends in this leader's log, from its leader-epoch cache. Consumers ask
 * it to validate their position after a leader change (and truncate if their log diverged); followers ask it too.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {

    private final PartitionLookup lookup;

    private final Access access;

    public OffsetForLeaderEpochHandler(PartitionLookup lookup, Access access) {
        this.lookup = lookup;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        OffsetForLeaderEpochRequestData request = (OffsetForLeaderEpochRequestData) body;
        List<OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult> topics = new ArrayList<>();
        // followers with CLUSTER_ACTION see every topic; consumers (KIP-320) need DESCRIBE on each
        Predicate<String> mayDescribe = access.allowsCluster(context, AclOperation.CLUSTER_ACTION) ? name -> true
                : access.allowing(context, AclOperation.DESCRIBE, ResourceType.TOPIC);
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.topics()) {
            List<OffsetForLeaderEpochResponseData.EpochEndOffset> results = new ArrayList<>();
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData
                        .EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
                if (!mayDescribe.test(topic.topic())) {   // before existence: an unknown topic is not revealed
                    results.add(r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                PartitionLookup.Found found = lookup.leader(topic.topic(), null, p.partition());
                Errors error = found.partition() == null ? found.error()
                        : PartitionLookup.checkEpoch(found.partition(), p.currentLeaderEpoch());
                if (error != Errors.NONE) {
                    results.add(r.setErrorCode(error.code()));
                    continue;
                }
                LeaderEpochCache.EpochEnd end = found.partition().log().leaderEpochCache()
                        .endOffsetFor(p.leaderEpoch(), found.partition().log().logEndOffset());
                results.add(r.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset()));
            }
            topics.add(new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic())
                    .setPartitions(results));
        }
        return CompletableFuture.completedFuture(new OffsetForLeaderEpochResponseData().setTopics(topics));
    }
}
