package io.tributary.broker.handler;

import io.tributary.broker.BrokerConfig;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeClusterRequestData;
import io.tributary.protocol.message.DescribeClusterResponseData.DescribeClusterBroker;
import io.tributary.protocol.message.DescribeClusterResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster on the broker listener: the cluster id, the unfenced brokers' PLAINTEXT endpoints and racks
 * (fenced ones too when asked, v2+), and as controller id a broker clients can send admin requests to: the active
 * controller when it is one of the listed brokers, else the lowest listed broker, as Kafka's brokers answer with
 * an alive broker. Like Kafka, a request for the controllers' endpoints (type 2) is MISMATCHED_ENDPOINT_TYPE and an
 * unknown type UNSUPPORTED_ENDPOINT_TYPE (INVALID_REQUEST in v0).
 */
public final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKERS = 1;
    private static final byte CONTROLLERS = 2;
    private final MetadataNode metadata;
    private final BrokerConfig config;
    private final Access access;

    public DescribeClusterHandler(MetadataNode metadata, BrokerConfig config, Access access) {
        this.metadata = metadata;
        this.config = config;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeClusterRequestData request = (DescribeClusterRequestData) body;
        byte type = request.endpointType();
        if (type != BROKERS) {
            boolean known = type == CONTROLLERS;
            Errors error = context.apiVersion() == 0 ? Errors.INVALID_REQUEST
                    : known ? Errors.MISMATCHED_ENDPOINT_TYPE : Errors.UNSUPPORTED_ENDPOINT_TYPE;
            String message = known ? "The request was sent to an endpoint of type BROKER, but we wanted an endpoint"
                    + " of type CONTROLLER" : "Unsupported endpoint type " + type;
            return CompletableFuture.completedFuture(new DescribeClusterResponseData().setErrorCode(error.code())
                    .setErrorMessage(message));
        }
        List<DescribeClusterBroker> brokers = new ArrayList<>();
        for (BrokerRegistration b : metadata.image().brokers().values()) {
            if (b.fenced() && !request.includeFencedBrokers()) {
                continue;
            }
            for (Endpoint e : b.endpoints()) {
                if (e.listener().equals(context.listenerName())) {
                    brokers.add(new DescribeClusterBroker().setBrokerId(b.id()).setHost(e.host()).setPort(e.port())
                            .setRack(b.rack()).setIsFenced(b.fenced()));
                }
            }
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponseData()
                .setClusterId(config.quorum().clusterId())
                .setControllerId(controllerId(brokers))
                .setEndpointType(BROKERS)
                .setClusterAuthorizedOperations(!request.includeClusterAuthorizedOperations() ? Integer.MIN_VALUE
                        // Kafka: the operations it may do on the cluster, none without DESCRIBE
                        : access.allowsCluster(context, AclOperation.DESCRIBE)
                        ? access.authorizedOperations(context, ResourceType.CLUSTER, Access.CLUSTER_NAME) : 0)
                .setBrokers(brokers));
    }

    private int controllerId(List<DescribeClusterBroker> brokers) {
        int active = metadata.controllerId().orElse(-1);
        int fallback = -1;
        for (DescribeClusterBroker b : brokers) {
            if (b.isFenced()) {
                continue;
            }
            if (b.brokerId() == active) {
                return active;
            }
            if (fallback < 0 || b.brokerId() < fallback) {
                fallback = b.brokerId();
            }
        }
        return fallback;
    }
}
