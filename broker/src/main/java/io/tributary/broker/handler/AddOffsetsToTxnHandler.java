package io.tributary.broker.handler;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
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
    private final Access access;

    public AddOffsetsToTxnHandler(TransactionCoordinatorService transactions, OffsetsTopic offsetsTopic,
                                  Access access) {
        this.access = access;
        this.transactions = transactions;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AddOffsetsToTxnRequestData request = (AddOffsetsToTxnRequestData) body;
        Errors refused = !access.allows(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                request.transactionalId()) ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : !access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())
                ? Errors.GROUP_AUTHORIZATION_FAILED : Errors.NONE;
        if (refused != Errors.NONE) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponseData().setErrorCode(refused.code()));
        }
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
