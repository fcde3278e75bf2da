package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.log.LeaderEpochCache;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.OffsetForLeaderEpochRequestData;
import io.tributary.protocol.message.OffsetForLeaderEpochResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch: where a leader epoch ends in this leader's log, from its leader-epoch cache. Consumers ask
 * it to validate their position after a leader change (and truncate if their log diverged); followers ask it too.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {

    private final PartitionLookup lookup;

    public OffsetForLeaderEpochHandler(PartitionLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        OffsetForLeaderEpochRequestData request = (OffsetForLeaderEpochRequestData) body;
        List<OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult> topics = new ArrayList<>();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : request.topics()) {
            List<OffsetForLeaderEpochResponseData.EpochEndOffset> results = new ArrayList<>();
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                OffsetForLeaderEpochResponseData.EpochEndOffset r = new OffsetForLeaderEpochResponseData
                        .EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
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
