package io.tributary.broker.handler;

import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator: for a group, the leader of the group's {@code __consumer_offsets} partition (the topic is
 * created on the first look-up; COORDINATOR_NOT_AVAILABLE until it has a leader). One key in v0–3, a batch of
 * {@code coordinatorKeys} in v4+. Transaction coordinators do not exist yet: COORDINATOR_NOT_AVAILABLE.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;

    private final MetadataNode metadata;
    private final OffsetsTopic offsetsTopic;

    public FindCoordinatorHandler(MetadataNode metadata, OffsetsTopic offsetsTopic) {
        this.metadata = metadata;
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        FindCoordinatorRequestData request = (FindCoordinatorRequestData) body;
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator c = find(request.key(), request.keyType());
            response.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage()).setNodeId(c.nodeId())
                    .setHost(c.host()).setPort(c.port());
        } else {
            List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
            for (String key : request.coordinatorKeys()) {
                coordinators.add(find(key, request.keyType()));
            }
            response.setCoordinators(coordinators);
        }
        return CompletableFuture.completedFuture(response);
    }

    private FindCoordinatorResponseData.Coordinator find(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key)
                .setNodeId(-1).setHost("").setPort(-1);
        if (keyType == TRANSACTION) {
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, "transaction coordinators are not available yet");
        }
        if (keyType != GROUP) {
            return error(c, Errors.INVALID_REQUEST, "unknown coordinator key type " + keyType);
        }
        if (key == null) {
            return error(c, Errors.INVALID_REQUEST, "no group id");
        }
        TopicImage topic = offsetsTopic.image();
        if (topic == null) {
            offsetsTopic.create();
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME + " is being created");
        }
        PartitionRegistration partition = topic.partition(OffsetsTopic.partitionFor(key, topic.partitionCount()));
        BrokerRegistration leader = partition.hasLeader() ? metadata.image().broker(partition.leader()) : null;
        Endpoint endpoint = leader == null ? null : leader.endpoints().stream()
                .filter(e -> e.listener().equals("PLAINTEXT")).findFirst().orElse(null);
        if (endpoint == null) {
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, "the group's offsets partition has no leader");
        }
        return c.setNodeId(leader.id()).setHost(endpoint.host()).setPort(endpoint.port())
                .setErrorCode(Errors.NONE.code());
    }

    private static FindCoordinatorResponseData.Coordinator error(FindCoordinatorResponseData.Coordinator c,
                                                                 Errors error, String message) {
        return c.setErrorCode(error.code()).setErrorMessage(message);
    }
}
