package io.tributary.broker.handler;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AddOffsetsToTxnRequestData;
import io.tributary.protocol.message.AddOffsetsToTxnResponseData;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddOffsetsToTxn: a group's offsets joining a producer's transaction — the group's {@code __consumer_offsets}
 * partition is added to it, so the transaction's end writes a marker there too (which makes the offsets the
 * producer then commits with TxnOffsetCommit visible, or discards them).
 */
public final class AddOffsetsToTxnHandler implements ApiHandler {

    private final TransactionCoordinatorService transactions;
    private final OffsetsTopic offsetsTopic;

    public AddOffsetsToTxnHandler(TransactionCoordinatorService transactions, OffsetsTopic offsetsTopic) {
        this.transactions = transactions;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AddOffsetsToTxnRequestData request = (AddOffsetsToTxnRequestData) body;
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        int partition = offsetsTopic.partitionFor(request.groupId());
        if (partition < 0) {
            offsetsTopic.create();
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
        Set<TopicPartition> offsets = Set.of(new TopicPartition(OffsetsTopic.NAME, partition));
        return transactions.run((c, now) -> c.addPartitions(request.transactionalId(), request.producerId(),
                        request.producerEpoch(), offsets, now))
                .thenApply(error -> new AddOffsetsToTxnResponseData().setErrorCode(error.code()));
    }
}
