package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterPartitionRequestData;
import io.tributary.protocol.message.AlterPartitionResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * AlterPartition (a controller API): a partition leader's ISR changes, run on this node's controller if it is the
 * active one, else NOT_CONTROLLER. Version 3 names each ISR member with its broker epoch (KIP-903); the epochs are
 * read past, not checked: {@link ControllerCommand.IsrChange} carries none, and our leaders send -1 ("no check").
 * A partition's answer carries its registration after the change; the leader recovery state is always 0 (this
 * controller never marks a partition as recovering from an unclean election).
 */
public final class AlterPartitionHandler implements ApiHandler {

    /** The first version naming the new ISR with broker epochs. */
    private static final short ISR_WITH_EPOCHS_VERSION = 3;

    private final MetadataNode metadata;
    private final Access access;

    /** @param metadata this node's quorum member itself (no forwarding: a controller API is answered here) */
    public AlterPartitionHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    /** @param access who may call it: CLUSTER_ACTION on the cluster, as Kafka's controller asks */
    public AlterPartitionHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterPartitionRequestData request = (AlterPartitionRequestData) body;
        if (!access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {   // brokers only
            return CompletableFuture.completedFuture(new AlterPartitionResponseData().setErrorCode(
                    Errors.CLUSTER_AUTHORIZATION_FAILED.code()));
        }
        ControllerCommand.AlterPartition command = new ControllerCommand.AlterPartition(request.brokerId(),
                request.brokerEpoch(), changes(request, context.apiVersion()));
        return metadata.submit(command).handle((r, failure) -> failure != null
                ? new AlterPartitionResponseData().setErrorCode(ControllerFailure.of(failure).error().code())
                : response(r));
    }

    static List<ControllerCommand.IsrChange> changes(AlterPartitionRequestData request, short version) {
        List<ControllerCommand.IsrChange> changes = new ArrayList<>();
        for (AlterPartitionRequestData.TopicData topic : request.topics()) {
            for (AlterPartitionRequestData.PartitionData p : topic.partitions()) {
                List<Integer> isr = version >= ISR_WITH_EPOCHS_VERSION
                        ? p.newIsrWithEpochs().stream().map(AlterPartitionRequestData.BrokerState::brokerId).toList()
                        : p.newIsr();
                changes.add(new ControllerCommand.IsrChange(new TopicIdPartition(topic.topicId(),
                        p.partitionIndex()), p.leaderEpoch(), p.partitionEpoch(), isr));
            }
        }
        return changes;
    }

    /** Kafka's answer: partitions grouped under their topic id, in the order asked. */
    static AlterPartitionResponseData response(ControllerCommand.AlterPartition.Result result) {
        Map<UUID, List<AlterPartitionResponseData.PartitionData>> byTopic = new LinkedHashMap<>();
        result.partitions().forEach((tp, outcome) -> {
            AlterPartitionResponseData.PartitionData p = new AlterPartitionResponseData.PartitionData()
                    .setPartitionIndex(tp.partition()).setErrorCode(outcome.error().error().code());
            PartitionRegistration reg = outcome.registration();
            if (outcome.error().isSuccess() && reg != null) {
                p.setLeaderId(reg.leader()).setLeaderEpoch(reg.leaderEpoch()).setIsr(reg.isr())
                        .setPartitionEpoch(reg.partitionEpoch()).setLeaderRecoveryState((byte) 0);
            }
            byTopic.computeIfAbsent(tp.topicId(), id -> new ArrayList<>()).add(p);
        });
        List<AlterPartitionResponseData.TopicData> topics = new ArrayList<>();
        byTopic.forEach((id, partitions) -> topics.add(new AlterPartitionResponseData.TopicData().setTopicId(id)
                .setPartitions(partitions)));
        return new AlterPartitionResponseData().setErrorCode(result.error().code()).setTopics(topics);
    }
}
