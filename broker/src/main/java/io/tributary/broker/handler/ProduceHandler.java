package io.tributary.broker.handler;

import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.log.AppendOrigin;
import io.tributary.log.LogAppendInfo;
import io.tributary.log.LogException;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: each partition's batch goes to its log as the leader's append (validated, offsets assigned in place,
 * idempotence checked) and is answered with its base offset or the partition's Kafka error. A retried idempotent
 * batch is answered with its original offset; acks=0 gets no response at all. Versions 0–2 are advertised (for
 * librdkafka's sake) but not decoded: such a request closes the connection.
 *
 * <p>acks=all waits for the in-sync replicas; in this single-node slice the leader is the only one, so every
 * ack level is satisfied once the append returns.
 */
public final class ProduceHandler implements ApiHandler {

    private final PartitionLookup lookup;
    private final PartitionManager partitions;
    private final BrokerMetrics metrics;

    public ProduceHandler(PartitionLookup lookup, PartitionManager partitions, BrokerMetrics metrics) {
        this.lookup = lookup;
        this.partitions = partitions;
        this.metrics = metrics;
    }

    /** An append is a copy into the page cache (fsync only if {@code flush.messages} asks for it). */
    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ProduceRequestData request = (ProduceRequestData) body;
        List<ProduceResponseData.TopicProduceResponse> topics = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            List<ProduceResponseData.PartitionProduceResponse> results = new ArrayList<>();
            for (ProduceRequestData.PartitionProduceData data : topic.partitionData()) {
                ProduceResponseData.PartitionProduceResponse result = new ProduceResponseData.PartitionProduceResponse()
                        .setIndex(data.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                PartitionLookup.Found found = lookup.leader(topic.name(), topic.topicId(), data.index());
                if (found.partition() == null) {
                    result.setErrorCode(found.error().code());
                } else if (!(data.records() instanceof HeapRecords records) || records.sizeInBytes() == 0) {
                    result.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("no records to append");
                } else {
                    try {
                        int bytes = records.sizeInBytes();
                        LogAppendInfo info = found.partition().log().appendAsLeader(records.buffer(),
                                found.partition().leaderEpoch(), AppendOrigin.CLIENT);
                        result.setBaseOffset(info.firstOffset()).setLogAppendTimeMs(info.logAppendTime())
                                .setLogStartOffset(info.logStartOffset());
                        if (!info.duplicate()) {
                            partitions.appended(found.partition());
                        }
                        metrics.recordsIn(info.recordCount(), info.duplicate() ? 0 : bytes);
                    } catch (LogException e) {
                        result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage());
                    }
                }
                results.add(result);
            }
            topics.add(new ProduceResponseData.TopicProduceResponse().setName(topic.name())
                    .setTopicId(topic.topicId()).setPartitionResponses(results));
        }
        if (request.acks() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(new ProduceResponseData().setResponses(topics));
    }
}
