package io.tributary.broker.handler;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.share.ShareStateTopic;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionStateTopic;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
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
import java.util.HashMap;
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
 * OPERATION_NOT_ATTEMPTED for the rest, as Kafka answers. Authorization as in Kafka: a producer (v0–3) needs WRITE on
 * its transactional id and on each topic (an internal topic never passes: TOPIC_AUTHORIZATION_FAILED, failing the
 * transaction's request like an unknown one); a broker's batch (v4+) needs CLUSTER_ACTION.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler {

    private final TransactionCoordinatorService transactions;
    private static final Set<String> INTERNAL_TOPICS = Set.of(OffsetsTopic.NAME, TransactionStateTopic.NAME,
            ShareStateTopic.NAME);

    private final MetadataNode metadata;
    private final Access access;

    public AddPartitionsToTxnHandler(TransactionCoordinatorService transactions, MetadataNode metadata,
                                     Access access) {
        this.transactions = transactions;
        this.metadata = metadata;
        this.access = access;
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
            return handle(txn, context).thenApply(results -> new AddPartitionsToTxnResponseData()
                    .setResultsByTopicV3AndBelow(results));
        }
        if (!access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {   // v4+ comes only from brokers
            return CompletableFuture.completedFuture(new AddPartitionsToTxnResponseData()
                    .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> each = new ArrayList<>();
        for (AddPartitionsToTxnTransaction txn : request.transactions()) {
            each.add(handle(txn, null).thenApply(results -> new AddPartitionsToTxnResult()
                    .setTransactionalId(txn.transactionalId()).setTopicResults(results)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v ->
                new AddPartitionsToTxnResponseData().setResultsByTransaction(
                        each.stream().map(CompletableFuture::join).toList()));
    }

    /** One transaction's partitions; {@code producer} is the client's request (v0–3) to authorize, else null. */
    private CompletableFuture<List<AddPartitionsToTxnTopicResult>> handle(AddPartitionsToTxnTransaction txn,
                                                                         RequestContext producer) {
        if (producer != null && !access.allows(producer, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                txn.transactionalId())) {
            return CompletableFuture.completedFuture(results(txn, tp -> Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        Map<TopicPartition, Errors> unknown = new HashMap<>();
        for (AddPartitionsToTxnTopic topic : txn.topics()) {
            if (producer != null && (INTERNAL_TOPICS.contains(topic.name())
                    || !access.allows(producer, AclOperation.WRITE, ResourceType.TOPIC, topic.name()))) {
                topic.partitions().forEach(p -> unknown.put(new TopicPartition(topic.name(), p),
                        Errors.TOPIC_AUTHORIZATION_FAILED));
                continue;
            }
            TopicImage image = metadata.image().topic(topic.name());
            for (int p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                if (image == null || p < 0 || p >= image.partitionCount()) {
                    unknown.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    partitions.add(tp);
                }
            }
        }
        if (!unknown.isEmpty()) {
            return CompletableFuture.completedFuture(results(txn, tp -> unknown.getOrDefault(tp,
                    Errors.OPERATION_NOT_ATTEMPTED)));
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
