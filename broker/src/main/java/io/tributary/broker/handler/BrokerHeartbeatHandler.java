package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.BrokerHeartbeatRequestData;
import io.tributary.protocol.message.BrokerHeartbeatResponseData;
import java.util.concurrent.CompletableFuture;

/**
 * BrokerHeartbeat (a controller API): another broker's heartbeat, run on this node's controller if it is the active
 * one, else NOT_CONTROLLER. A failed heartbeat answers fenced, so the sender never takes an error for an unfencing.
 * {@code isCaughtUp} is always true: the controller does not yet compare the broker's metadata offset.
 */
public final class BrokerHeartbeatHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    /** @param metadata this node's quorum member itself (no forwarding: a controller API is answered here) */
    public BrokerHeartbeatHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    /** @param access who may call it: CLUSTER_ACTION on the cluster, as Kafka's controller asks */
    public BrokerHeartbeatHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        BrokerHeartbeatRequestData request = (BrokerHeartbeatRequestData) body;
        if (!access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {   // brokers only
            return CompletableFuture.completedFuture(new BrokerHeartbeatResponseData().setErrorCode(
                    Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        return metadata.submit(new ControllerCommand.BrokerHeartbeat(request.brokerId(), request.brokerEpoch(),
                        request.wantFence(), request.wantShutDown()))
                .handle((r, failure) -> failure != null
                        ? new BrokerHeartbeatResponseData().setErrorCode(ControllerFailure.of(failure).error().code())
                                .setIsFenced(true)
                        : new BrokerHeartbeatResponseData().setErrorCode(r.error().error().code())
                                .setIsCaughtUp(true).setIsFenced(r.fenced()).setShouldShutDown(r.shouldShutdown()));
    }
}
