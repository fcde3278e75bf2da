package io.tributary.broker.handler;

import io.tributary.broker.Partition;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.Log;
import io.tributary.log.LogException;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ListOffsetsRequestData;
import io.tributary.protocol.message.ListOffsetsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * ListOffsets: the earliest offset (-2: the log start), the latest (-1: the high watermark, or the last stable
 * offset for read_committed), or the first offset whose timestamp is at or after a time, with the leader epoch of
 * that offset; or the record with the largest timestamp (-3, KIP-734). A time after every record answers offset
 * -1, as Kafka does. The tiered-storage specs (-4 earliest local, -5 latest tiered) are answered like earliest:
 * every segment is local.
 */
public final class ListOffsetsHandler implements ApiHandler {

    private static final long LATEST = -1;
    private static final long MAX_TIMESTAMP = -3;

    private final PartitionLookup lookup;

    private final Access access;

    public ListOffsetsHandler(PartitionLookup lookup, Access access) {
        this.lookup = lookup;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ListOffsetsRequestData request = (ListOffsetsRequestData) body;
        List<ListOffsetsResponseData.ListOffsetsTopicResponse> topics = new ArrayList<>();
        Predicate<String> mayDescribe = access.allowing(context, AclOperation.DESCRIBE, ResourceType.TOPIC);
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            List<ListOffsetsResponseData.ListOffsetsPartitionResponse> results = new ArrayList<>();
            for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                if (!mayDescribe.test(topic.name())) {   // before existence: an unknown topic is not revealed
                    results.add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                            .setPartitionIndex(p.partitionIndex()).setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                results.add(answer(topic.name(), p, request.isolationLevel() == 1));
            }
            topics.add(new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name())
                    .setPartitions(results));
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponseData().setTopics(topics));
    }

    private ListOffsetsResponseData.ListOffsetsPartitionResponse answer(String topic,
            ListOffsetsRequestData.ListOffsetsPartition p, boolean readCommitted) {
        ListOffsetsResponseData.ListOffsetsPartitionResponse result =
                new ListOffsetsResponseData.ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex())
                        .setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
        PartitionLookup.Found found = lookup.leader(topic, null, p.partitionIndex());
        Errors error = found.partition() == null ? found.error()
                : PartitionLookup.checkEpoch(found.partition(), p.currentLeaderEpoch());
        if (error != Errors.NONE) {
            return result.setErrorCode(error.code());
        }
        Partition partition = found.partition();
        Log log = partition.log();
        try {
            long offset;
            long timestamp = -1;
            if (p.timestamp() == LATEST) {
                offset = readCommitted ? partition.lastStableOffset() : partition.highWatermark();
            } else if (p.timestamp() == MAX_TIMESTAMP) {
                Log.TimestampAndOffset max = log.maxTimestampAndOffset();
                if (max == null || max.offset() >= partition.highWatermark()) {
                    return result;
                }
                offset = max.offset();
                timestamp = max.timestamp();
            } else if (p.timestamp() < 0) {
                offset = log.logStartOffset();
            } else {
                Log.TimestampAndOffset found2 = log.offsetForTimestamp(p.timestamp());
                if (found2 == null || found2.offset() >= partition.highWatermark()) {
                    return result;
                }
                offset = found2.offset();
                timestamp = found2.timestamp();
            }
            return result.setOffset(offset).setTimestamp(timestamp).setLeaderEpoch(log.leaderEpochCache().epochForOffset(offset));
        } catch (LogException e) {
            return result.setErrorCode(e.error().code());
        }
    }
}
