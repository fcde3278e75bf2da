package io.tributary.broker.handler;

import io.tributary.broker.InterBrokerClient;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AddPartitionsToTxnRequestData;
import io.tributary.protocol.message.AddPartitionsToTxnResponseData;
import io.tributary.protocol.message.ApiKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction check (KIP-890) asked of the transaction coordinator on another broker, as a Kafka partition leader
 * asks it: one AddPartitionsToTxn in a broker's form (v4+, one transaction; {@code verifyOnly} unless the producer's
 * transactions version has the broker add the partitions) to the leader of the transactional id's
 * {@code __transaction_state} partition. Each partition gets its error; COORDINATOR_NOT_AVAILABLE when the
 * coordinator is unknown or unreachable.
 */
final class RemoteTransactionCheck {

    private final TransactionCoordinatorService transactions;
    private final PartitionManager partitions;
    private final InterBrokerClient otherBrokers;

    RemoteTransactionCheck(TransactionCoordinatorService transactions, PartitionManager partitions,
                           InterBrokerClient otherBrokers) {
        this.transactions = transactions;
        this.partitions = partitions;
        this.otherBrokers = otherBrokers;
    }

    CompletableFuture<Map<TopicPartition, Errors>> check(String transactionalId, long producerId, short producerEpoch,
                                                         Collection<TopicPartition> tps, boolean add) {
        int coordinator = coordinatorOf(transactionalId);
        if (coordinator < 0) {
            return CompletableFuture.completedFuture(all(tps, Errors.COORDINATOR_NOT_AVAILABLE));
        }
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        tps.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(t)
                .setPartitions(ps)));
        AddPartitionsToTxnRequestData request = new AddPartitionsToTxnRequestData().setTransactions(List.of(
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction().setTransactionalId(transactionalId)
                        .setProducerId(producerId).setProducerEpoch(producerEpoch).setVerifyOnly(!add)
                        .setTopics(topics)));
        return otherBrokers.send(coordinator, request, ApiKey.ADD_PARTITIONS_TO_TXN.highestVersion())
                .handle((answer, failure) -> {
                    Map<TopicPartition, Errors> errors = all(tps, Errors.COORDINATOR_NOT_AVAILABLE);
                    if (failure != null) {
                        return errors;
                    }
                    AddPartitionsToTxnResponseData response = (AddPartitionsToTxnResponseData) answer;
                    for (AddPartitionsToTxnResponseData.AddPartitionsToTxnResult txn : response.resultsByTransaction()) {
                        for (AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult t : txn.topicResults()) {
                            for (AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult r
                                    : t.resultsByPartition()) {
                                errors.put(new TopicPartition(t.name(), r.partitionIndex()),
                                        Errors.forCode(r.partitionErrorCode()));
                            }
                        }
                    }
                    return errors;
                });
    }

    private static Map<TopicPartition, Errors> all(Collection<TopicPartition> tps, Errors error) {
        Map<TopicPartition, Errors> out = new HashMap<>();
        tps.forEach(tp -> out.put(tp, error));
        return out;
    }

    /** The broker leading the transactional id's {@code __transaction_state} partition, or -1. */
    private int coordinatorOf(String transactionalId) {
        int partition = transactions.stateTopic().partitionFor(transactionalId);
        TopicImage topic = partitions.publishedImage().topic(transactions.stateTopic().name());
        return partition < 0 || topic == null ? -1 : topic.partition(partition).leader();
    }
}
