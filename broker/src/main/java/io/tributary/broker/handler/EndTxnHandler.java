package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.EndTxnRequestData;
import io.tributary.protocol.message.EndTxnResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * EndTxn: the transaction coordinator commits or aborts the producer's transaction. From v5 the producer runs
 * transactions version 2: the end bumps its epoch and the answer carries the producer id and epoch to use next.
 */
public final class EndTxnHandler implements ApiHandler {

    private final TransactionCoordinatorService transactions;
    private final Access access;

    public EndTxnHandler(TransactionCoordinatorService transactions, Access access) {
        this.transactions = transactions;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        EndTxnRequestData request = (EndTxnRequestData) body;
        if (!access.allows(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return CompletableFuture.completedFuture(new EndTxnResponseData()
                    .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()).setProducerId(-1)
                    .setProducerEpoch((short) -1));
        }
        boolean v2 = context.apiVersion() >= 5;
        return transactions.call((c, now) -> c.endTxn(request.transactionalId(), request.producerId(),
                        request.producerEpoch(), request.committed(), v2, now))
                .thenApply(r -> new EndTxnResponseData().setErrorCode(r.error().code())
                        .setProducerId(r.error() == Errors.NONE ? r.producerId() : -1)
                        .setProducerEpoch(r.error() == Errors.NONE ? r.producerEpoch() : -1));
    }
}
