package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.BrokerRegistrationRequestData;
import io.tributary.protocol.message.BrokerRegistrationResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * BrokerRegistration (a controller API): another broker of the cluster registers through this node, which runs it
 * on its controller if it is the active one and answers NOT_CONTROLLER otherwise (the sender then asks the
 * controller it learns from its own quorum member). A request naming another cluster id gets
 * INCONSISTENT_CLUSTER_ID, as from Kafka's controller.
 */
public final class BrokerRegistrationHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final String clusterId;
    private final Access access;

    /** @param metadata this node's quorum member itself (no forwarding: a controller API is answered here) */
    public BrokerRegistrationHandler(MetadataNode metadata, String clusterId, Access access) {
        this.metadata = metadata;
        this.clusterId = clusterId;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        BrokerRegistrationRequestData request = (BrokerRegistrationRequestData) body;
        if (!access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {   // brokers only
            return CompletableFuture.completedFuture(new BrokerRegistrationResponseData().setErrorCode(
                    Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        if (!clusterId.equals(request.clusterId())) {
            return CompletableFuture.completedFuture(answer(ApiError.of(Errors.INCONSISTENT_CLUSTER_ID), -1));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (BrokerRegistrationRequestData.Listener l : request.listeners()) {
            endpoints.add(new Endpoint(l.name(), l.host(), l.port(), l.securityProtocol()));
        }
        return metadata.submit(new ControllerCommand.RegisterBroker(request.brokerId(), request.incarnationId(),
                        endpoints, request.rack()))
                .handle((r, failure) -> failure != null ? answer(ControllerFailure.of(failure), -1)
                        : answer(r.error(), r.brokerEpoch()));
    }

    private static ApiMessage answer(ApiError error, long brokerEpoch) {
        return new BrokerRegistrationResponseData().setErrorCode(error.error().code())
                .setBrokerEpoch(error.isSuccess() ? brokerEpoch : -1);
    }
}
