package io.tributary.broker.handler;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction check of a TxnOffsetCommit, asked of the transaction coordinator (KIP-890; this broker's, or
 * another broker's over AddPartitionsToTxn: {@link RemoteTransactionCheck}): up to v4
 * the group's offsets partition must already be in the producer's transaction (AddOffsetsToTxn put it there); from
 * v5 (transaction version 2) the check adds it. Errors are answered as Kafka's verification answers them.
 */
final class TransactionOffsetsCheck implements TxnOffsetCommitHandler.TransactionCheck {

    private final TransactionCoordinatorService transactions;
    private final RemoteTransactionCheck elsewhere;

    TransactionOffsetsCheck(TransactionCoordinatorService transactions, RemoteTransactionCheck elsewhere) {
        this.transactions = transactions;
        this.elsewhere = elsewhere;
    }

    @Override
    public CompletableFuture<Errors> check(String transactionalId, long producerId, short producerEpoch,
                                           int offsetsPartition, short apiVersion) {
        Set<TopicPartition> offsets = Set.of(new TopicPartition(OffsetsTopic.NAME, offsetsPartition));
        boolean add = apiVersion >= 5;
        return transactions.run((c, now) -> add
                        ? c.addPartitions(transactionalId, producerId, producerEpoch, offsets, now)
                        : c.verifyPartitions(transactionalId, producerId, producerEpoch, offsets))
                .thenCompose(error -> error != Errors.NOT_COORDINATOR ? CompletableFuture.completedFuture(error)
                        : elsewhere.check(transactionalId, producerId, producerEpoch, offsets, add)
                                .thenApply(errors -> errors.values().iterator().next()))
                .thenApply(error -> switch (error) {
                    case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
                    case INVALID_TXN_STATE -> apiVersion >= 4 ? Errors.TRANSACTION_ABORTABLE : Errors.INVALID_TXN_STATE;
                    case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
                         CONCURRENT_TRANSACTIONS -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
                    default -> error;
                });
    }
}
