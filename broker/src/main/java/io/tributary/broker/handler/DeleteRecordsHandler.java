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
import io.tributary.protocol.message.DeleteRecordsRequestData;
import io.tributary.protocol.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import io.tributary.protocol.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import io.tributary.protocol.message.DeleteRecordsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DeleteRecords: moves each partition's log start offset up to the given offset (-1 = the high watermark) and
 * answers the new low watermark; segments wholly below it are deleted at once. As in Kafka: an offset below -1 or
 * above the high watermark is OFFSET_OUT_OF_RANGE, a compacted-only topic POLICY_VIOLATION, a partition this broker
 * does not lead NOT_LEADER_OR_FOLLOWER, an unknown one UNKNOWN_TOPIC_OR_PARTITION. With single-replica partitions
 * the leader's log start is the low watermark, so there is nothing to wait for.
 */
public final class DeleteRecordsHandler implements ApiHandler {

    private static final Logger LOG = Logger.getLogger(DeleteRecordsHandler.class.getName());
    private static final long HIGH_WATERMARK = -1;

    private final PartitionLookup lookup;

    private final Access access;

    public DeleteRecordsHandler(PartitionLookup lookup, Access access) {
        this.lookup = lookup;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteRecordsRequestData request = (DeleteRecordsRequestData) body;
        List<DeleteRecordsTopicResult> topics = new ArrayList<>();
        Predicate<String> mayDelete = access.allowing(context, AclOperation.DELETE, ResourceType.TOPIC);
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : request.topics()) {
            List<DeleteRecordsPartitionResult> partitions = new ArrayList<>();
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                if (!mayDelete.test(t.name())) {   // before existence: an unknown topic is not revealed
                    partitions.add(new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex())
                            .setLowWatermark(-1).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                partitions.add(delete(t.name(), p));
            }
            topics.add(new DeleteRecordsTopicResult().setName(t.name()).setPartitions(partitions));
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponseData().setTopics(topics));
    }

    private DeleteRecordsPartitionResult delete(String topic, DeleteRecordsRequestData.DeleteRecordsPartition p) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex())
                .setLowWatermark(-1);
        PartitionLookup.Found found = lookup.leader(topic, null, p.partitionIndex());
        if (found.partition() == null) {
            return result.setErrorCode(found.error().code());
        }
        Partition partition = found.partition();
        Log log = partition.log();
        long hw = partition.highWatermark();
        long offset = p.offset() == HIGH_WATERMARK ? hw : p.offset();
        if (offset < 0 || offset > hw) {
            return result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
        }
        if (!log.config().delete()) {
            return result.setErrorCode(Errors.POLICY_VIOLATION.code());
        }
        try {
            log.advanceLogStartOffset(offset);
        } catch (LogException e) {
            return result.setErrorCode(e.error().code());
        }
        try {
            log.deleteRetainedSegments();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "deleting segments below " + offset + " of " + topic + "-" + p.partitionIndex()
                    + " failed; retention will retry", e);
        }
        return result.setLowWatermark(log.logStartOffset());
    }
}
