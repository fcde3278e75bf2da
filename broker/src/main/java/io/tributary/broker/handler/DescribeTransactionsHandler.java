package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionMetadata;
import io.tributary.broker.txn.TransactionState;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeTransactionsRequestData;
import io.tributary.protocol.message.DescribeTransactionsResponseData;
import io.tributary.protocol.message.DescribeTransactionsResponseData.TopicData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTransactions (KIP-664): the state of transactional ids this broker coordinates, as Kafka's
 * {@code kafka-transactions describe} and {@code find-hanging} read it — producer id and epoch, the state's display
 * name ({@code Ongoing}, {@code PrepareCommit}, …), the producer's transaction timeout, when the open transaction
 * began (-1 when none is open) and its partitions. Each id answers on its own: NOT_COORDINATOR (or
 * COORDINATOR_NOT_AVAILABLE while {@code __transaction_state} does not exist) for an id coordinated elsewhere,
 * TRANSACTIONAL_ID_NOT_FOUND for one with no state (or one being expired), INVALID_REQUEST for an empty id. No
 * id is ever answered mid-load (COORDINATOR_LOAD_IN_PROGRESS): the look-up queues behind a load on the
 * coordinator's thread.
 */
public final class DescribeTransactionsHandler implements ApiHandler {

    /** What the coordinator knows of one requested id. */
    record Lookup(String transactionalId, Errors status, TransactionMetadata transaction) {
    }

    private final TransactionCoordinatorService transactions;
    private final Access access;

    public DescribeTransactionsHandler(TransactionCoordinatorService transactions, Access access) {
        this.transactions = transactions;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        List<String> ids = ((DescribeTransactionsRequestData) body).transactionalIds();
        Set<String> allowed = new HashSet<>(access.filter(context, AclOperation.DESCRIBE,
                ResourceType.TRANSACTIONAL_ID, ids.stream().filter(Objects::nonNull).toList()));
        return transactions.run((c, now) -> {
            List<Lookup> found = new ArrayList<>(ids.size());
            for (String id : ids) {
                found.add(id != null && !allowed.contains(id)
                        ? new Lookup(id, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, null)
                        : id == null || id.isEmpty() ? new Lookup(id, Errors.INVALID_REQUEST, null)
                        : new Lookup(id, c.status(id), c.transaction(id)));
            }
            return found;
        }).thenApply(found -> {
            List<DescribeTransactionsResponseData.TransactionState> states = new ArrayList<>(found.size());
            for (Lookup l : found) {
                states.add(withoutHiddenTopics(context, describe(l)));
            }
            return new DescribeTransactionsResponseData().setTransactionStates(states);
        });
    }

    /** As Kafka: only the partitions of topics the principal may describe. */
    private DescribeTransactionsResponseData.TransactionState withoutHiddenTopics(RequestContext context,
            DescribeTransactionsResponseData.TransactionState state) {
        if (access.enabled()) {
            state.topics().removeIf(t -> !access.allows(context, AclOperation.DESCRIBE, ResourceType.TOPIC,
                    t.topic()));
        }
        return state;
    }

    /** The answer for one id. */
    static DescribeTransactionsResponseData.TransactionState describe(Lookup lookup) {
        DescribeTransactionsResponseData.TransactionState state =
                new DescribeTransactionsResponseData.TransactionState().setTransactionalId(lookup.transactionalId());
        if (lookup.status() != Errors.NONE) {
            return state.setErrorCode(lookup.status().code());
        }
        TransactionMetadata txn = lookup.transaction();
        if (txn == null || txn.state() == TransactionState.DEAD) {
            return state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : txn.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        List<TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> {
            partitions.sort(null);
            topics.add(new TopicData().setTopic(topic).setPartitions(partitions));
        });
        return state.setErrorCode(Errors.NONE.code())
                .setTransactionState(txn.state().displayName())
                .setTransactionTimeoutMs(txn.timeoutMs())
                .setTransactionStartTimeMs(txn.startMs() < 0 ? -1 : txn.startMs())
                .setProducerId(txn.producerId())
                .setProducerEpoch(txn.producerEpoch())
                .setTopics(topics);
    }
}
