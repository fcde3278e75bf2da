package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AllocateProducerIdsRequestData;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * AllocateProducerIds (a controller API): a block of producer ids for another broker, allocated by this node's
 * controller if it is the active one, else NOT_CONTROLLER.
 */
public final class AllocateProducerIdsHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    /** @param metadata this node's quorum member itself (no forwarding: a controller API is answered here) */
    public AllocateProducerIdsHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    /** @param access who may call it: CLUSTER_ACTION on the cluster, as Kafka's controller asks */
    public AllocateProducerIdsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AllocateProducerIdsRequestData request = (AllocateProducerIdsRequestData) body;
        if (!access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {   // brokers only
            return CompletableFuture.completedFuture(new AllocateProducerIdsResponseData().setErrorCode(
                    Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        return metadata.submit(new ControllerCommand.AllocateProducerIds(request.brokerId(), request.brokerEpoch()))
                .handle((r, failure) -> failure != null
                        ? new AllocateProducerIdsResponseData()
                                .setErrorCode(ControllerFailure.of(failure).error().code())
                        : new AllocateProducerIdsResponseData().setErrorCode(r.error().error().code())
                                .setProducerIdStart(r.firstId()).setProducerIdLen(r.count()));
    }
}
