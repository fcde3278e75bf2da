package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AddPartitionsToTxnRequestData;
import io.tributary.protocol.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import io.tributary.protocol.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * AddPartitionsToTxn: a producer's partitions joining its transaction (v0–3, one transaction), or a broker's batch
 * of transactions (v4+), each either added or, with {@code verifyOnly} (KIP-890), only checked. A partition of a
 * topic that does not exist fails the whole transaction's request: UNKNOWN_TOPIC_OR_PARTITION for it,
 * OPERATION_NOT_ATTEMPTED for the rest, as Kafka answers.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler {

    private final TransactionCoordinatorService transactions;
    private final MetadataNode metadata;

    public AddPartitionsToTxnHandler(TransactionCoordinatorService transactions, MetadataNode metadata) {
        this.transactions = transactions;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AddPartitionsToTxnRequestData request = (AddPartitionsToTxnRequestData) body;
        if (context.apiVersion() < 4) {
            AddPartitionsToTxnTransaction txn = new AddPartitionsToTxnTransaction()
                    .setTransactionalId(request.v3AndBelowTransactionalId())
                    .setProducerId(request.v3AndBelowProducerId())
                    .setProducerEpoch(request.v3AndBelowProducerEpoch())
                    .setTopics(request.v3AndBelowTopics());
            return handle(txn).thenApply(results -> new AddPartitionsToTxnResponseData()
                    .setResultsByTopicV3AndBelow(results));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> each = new ArrayList<>();
        for (AddPartitionsToTxnTransaction txn : request.transactions()) {
            each.add(handle(txn).thenApply(results -> new AddPartitionsToTxnResult()
                    .setTransactionalId(txn.transactionalId()).setTopicResults(results)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v ->
                new AddPartitionsToTxnResponseData().setResultsByTransaction(
                        each.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<List<AddPartitionsToTxnTopicResult>> handle(AddPartitionsToTxnTransaction txn) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        Set<TopicPartition> unknown = new LinkedHashSet<>();
        for (AddPartitionsToTxnTopic topic : txn.topics()) {
            TopicImage image = metadata.image().topic(topic.name());
            for (int p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                (image == null || p < 0 || p >= image.partitionCount() ? unknown : partitions).add(tp);
            }
        }
        if (!unknown.isEmpty()) {
            return CompletableFuture.completedFuture(results(txn, tp -> unknown.contains(tp)
                    ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.OPERATION_NOT_ATTEMPTED));
        }
        return transactions.run((c, now) -> txn.verifyOnly()
                        ? c.verifyPartitions(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), partitions)
                        : c.addPartitions(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), partitions,
                                now))
                .thenApply(error -> results(txn, tp -> error));
    }

    private static List<AddPartitionsToTxnTopicResult> results(AddPartitionsToTxnTransaction txn,
                                                               Function<TopicPartition, Errors> errorOf) {
        List<AddPartitionsToTxnTopicResult> out = new ArrayList<>();
        for (AddPartitionsToTxnTopic topic : txn.topics()) {
            List<AddPartitionsToTxnPartitionResult> partitions = new ArrayList<>();
            for (int p : topic.partitions()) {
                partitions.add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(p)
                        .setPartitionErrorCode(errorOf.apply(new TopicPartition(topic.name(), p)).code()));
            }
            out.add(new AddPartitionsToTxnTopicResult().setName(topic.name()).setResultsByPartition(partitions));
        }
        return out;
    }
}
