package io.tributary.broker.handler;

import io.tributary.broker.ProducerIdBlocks;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.txn.TransactionCoordinator;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.InitProducerIdRequestData;
import io.tributary.protocol.message.InitProducerIdResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId. Without a transactional id (idempotent producers): a fresh producer id from this broker's block
 * of ids (allocated by the controller), epoch 0. With one: the transaction coordinator's answer (a new id, or the
 * next epoch of the id's producer, fencing older ones).
 */
public final class InitProducerIdHandler implements ApiHandler {

    private final ProducerIdBlocks ids;
    private final TransactionCoordinatorService transactions;
    private final Access access;

    public InitProducerIdHandler(ProducerIdBlocks ids, TransactionCoordinatorService transactions, Access access) {
        this.ids = ids;
        this.transactions = transactions;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        InitProducerIdRequestData request = (InitProducerIdRequestData) body;
        String transactionalId = request.transactionalId();
        Errors refused = refusal(context, request);
        if (refused != Errors.NONE) {
            return CompletableFuture.completedFuture(new InitProducerIdResponseData().setErrorCode(refused.code())
                    .setProducerId(-1).setProducerEpoch((short) -1));
        }
        if (transactionalId != null && !transactionalId.isEmpty()) {
            return transactions.call((c, now) -> c.initProducerId(transactionalId, request.transactionTimeoutMs(),
                            request.producerId(), request.producerEpoch(), now))
                    .thenApply(InitProducerIdHandler::response);
        }
        return ids.next().handle((id, failure) -> failure != null
                ? new InitProducerIdResponseData().setErrorCode(Errors.COORDINATOR_LOAD_IN_PROGRESS.code())
                        .setProducerId(-1).setProducerEpoch((short) -1)
                : new InitProducerIdResponseData().setProducerId(id).setProducerEpoch((short) 0));
    }

    /**
     * Kafka's checks: WRITE on the transactional id (and TWO_PHASE_COMMIT for a 2PC producer); an idempotent
     * producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic.
     */
    private Errors refusal(RequestContext context, InitProducerIdRequestData request) {
        String id = request.transactionalId();
        if (id != null) {
            boolean allowed = access.allows(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, id)
                    && (!request.enable2Pc()
                    || access.allows(context, AclOperation.TWO_PHASE_COMMIT, ResourceType.TRANSACTIONAL_ID, id));
            return allowed ? Errors.NONE : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        return access.allowsCluster(context, AclOperation.IDEMPOTENT_WRITE)
                || access.allowsAny(context, AclOperation.WRITE, ResourceType.TOPIC)
                ? Errors.NONE : Errors.CLUSTER_AUTHORIZATION_FAILED;
    }

    private static ApiMessage response(TransactionCoordinator.InitResult r) {
        return new InitProducerIdResponseData().setErrorCode(r.error().code()).setProducerId(r.producerId())
                .setProducerEpoch(r.producerEpoch());
    }
}
