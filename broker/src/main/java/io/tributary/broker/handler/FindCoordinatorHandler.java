package io.tributary.broker.handler;

import io.tributary.broker.InternalTopic;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * FindCoordinator: for a group, the leader of the group's {@code __consumer_offsets} partition; for a
 * transactional id, the leader of its {@code __transaction_state} partition; for a share-partition (key type 2, v6+,
 * key {@code groupId:topicId:partition} with Kafka's base64 topic id; anything else INVALID_REQUEST), the leader of
 * its {@code __share_group_state} partition (each topic is created on the first look-up;
 * COORDINATOR_NOT_AVAILABLE until it has a leader). One key in v0–3, a batch of {@code coordinatorKeys} in v4+.
 */
public final class FindCoordinatorHandler implements ApiHandler {

    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    private static final byte SHARE = 2;

    private final MetadataNode metadata;
    private final InternalTopic offsetsTopic;
    private final InternalTopic transactionStateTopic;
    private final InternalTopic shareStateTopic;
    private final Access access;

    public FindCoordinatorHandler(MetadataNode metadata, InternalTopic offsetsTopic,
                                  InternalTopic transactionStateTopic, InternalTopic shareStateTopic,
                                  Access access) {
        this.access = access;
        this.metadata = metadata;
        this.offsetsTopic = offsetsTopic;
        this.transactionStateTopic = transactionStateTopic;
        this.shareStateTopic = shareStateTopic;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        FindCoordinatorRequestData request = (FindCoordinatorRequestData) body;
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator c = find(request.key(), request.keyType(), context);
            response.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage()).setNodeId(c.nodeId())
                    .setHost(c.host()).setPort(c.port());
        } else {
            List<FindCoordinatorResponseData.Coordinator> coordinators = new ArrayList<>();
            for (String key : request.coordinatorKeys()) {
                coordinators.add(find(key, request.keyType(), context));
            }
            response.setCoordinators(coordinators);
        }
        return CompletableFuture.completedFuture(response);
    }

    private FindCoordinatorResponseData.Coordinator find(String key, byte keyType, RequestContext context) {
        short version = context.apiVersion();
        String listener = context.listenerName();
        FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key)
                .setNodeId(-1).setHost("").setPort(-1);
        // Kafka asks before it looks: DESCRIBE on the group or transactional id; share-state keys are for brokers
        if (keyType == GROUP && !access.allows(context, AclOperation.DESCRIBE, ResourceType.GROUP, key)) {
            return error(c, Errors.GROUP_AUTHORIZATION_FAILED, null);
        }
        if (keyType == TRANSACTION
                && !access.allows(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key)) {
            return error(c, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, null);
        }
        if (keyType == SHARE && version >= 6 && !access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {
            return error(c, Errors.CLUSTER_AUTHORIZATION_FAILED, null);
        }
        InternalTopic internal = switch (keyType) {
            case GROUP -> offsetsTopic;
            case TRANSACTION -> transactionStateTopic;
            case SHARE -> version >= 6 ? shareStateTopic : null;
            default -> null;
        };
        if (internal == null) {
            return error(c, Errors.INVALID_REQUEST, "unknown coordinator key type " + keyType);
        }
        if (key == null || keyType == TRANSACTION && key.isEmpty()) {
            return error(c, Errors.INVALID_REQUEST, keyType == GROUP ? "no group id" : "no transactional id");
        }
        if (keyType == SHARE && !isShareKey(key)) {
            return error(c, Errors.INVALID_REQUEST, "a share coordinator key is groupId:topicId:partition, not "
                    + key);
        }
        TopicImage topic = internal.image();
        if (topic == null) {
            internal.create();
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, internal.name() + " is being created");
        }
        PartitionRegistration partition = topic.partition(InternalTopic.partitionFor(key, topic.partitionCount()));
        BrokerRegistration leader = partition.hasLeader() ? metadata.image().broker(partition.leader()) : null;
        Endpoint endpoint = leader == null ? null : leader.endpoints().stream()
                .filter(e -> e.listener().equals(listener)).findFirst().orElse(null);
        if (endpoint == null) {
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, "the key's " + internal.name()
                    + " partition has no leader");
        }
        return c.setNodeId(leader.id()).setHost(endpoint.host()).setPort(endpoint.port())
                .setErrorCode(Errors.NONE.code());
    }

    /** Whether {@code key} is Kafka's share-partition key: a group id, a base64 topic id and a partition number. */
    static boolean isShareKey(String key) {
        String[] parts = key.split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty()) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(parts[1]).length == 16 && Integer.parseInt(parts[2]) >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static FindCoordinatorResponseData.Coordinator error(FindCoordinatorResponseData.Coordinator c,
                                                                 Errors error, String message) {
        return c.setErrorCode(error.code()).setErrorMessage(message);
    }
}
