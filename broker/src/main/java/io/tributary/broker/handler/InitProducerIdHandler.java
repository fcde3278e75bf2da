package io.tributary.broker.handler;

import io.tributary.broker.ProducerIdBlocks;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.InitProducerIdRequestData;
import io.tributary.protocol.message.InitProducerIdResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId for idempotent producers (no transactional id): a fresh producer id from this broker's block of
 * ids (allocated by the controller), epoch 0. Transactional ids need the transaction coordinator, which is not
 * here yet: they get COORDINATOR_NOT_AVAILABLE.
 */
public final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIdBlocks ids;

    public InitProducerIdHandler(ProducerIdBlocks ids) {
        this.ids = ids;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        InitProducerIdRequestData request = (InitProducerIdRequestData) body;
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()).setProducerId(-1).setProducerEpoch((short) -1));
        }
        return ids.next().handle((id, failure) -> failure != null
                ? new InitProducerIdResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                        .setProducerId(-1).setProducerEpoch((short) -1)
                : new InitProducerIdResponseData().setProducerId(id).setProducerEpoch((short) 0));
    }
}
