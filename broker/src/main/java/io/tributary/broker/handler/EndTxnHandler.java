package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
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

    public EndTxnHandler(TransactionCoordinatorService transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        EndTxnRequestData request = (EndTxnRequestData) body;
        boolean v2 = context.apiVersion() >= 5;
        return transactions.call((c, now) -> c.endTxn(request.transactionalId(), request.producerId(),
                        request.producerEpoch(), request.committed(), v2, now))
                .thenApply(r -> new EndTxnResponseData().setErrorCode(r.error().code())
                        .setProducerId(r.error() == Errors.NONE ? r.producerId() : -1)
                        .setProducerEpoch(r.error() == Errors.NONE ? r.producerEpoch() : -1));
    }
}
