package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.EndTxnRequestData;
import io.tributary.protocol.message.EndTxnResponseData;
import java.util.concurrent.CompletableFuture;

/** EndTxn: the transaction coordinator commits or aborts the producer's open transaction. */
public final class EndTxnHandler implements ApiHandler {

    private final TransactionCoordinatorService transactions;

    public EndTxnHandler(TransactionCoordinatorService transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        EndTxnRequestData request = (EndTxnRequestData) body;
        return transactions.call((c, now) -> c.endTxn(request.transactionalId(), request.producerId(),
                        request.producerEpoch(), request.committed(), now))
                .thenApply(error -> new EndTxnResponseData().setErrorCode(error.code())
                        .setProducerId(-1).setProducerEpoch((short) -1));
    }
}
