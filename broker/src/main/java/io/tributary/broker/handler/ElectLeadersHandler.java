package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.ElectionType;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ElectLeadersRequestData;
import io.tributary.protocol.message.ElectLeadersResponseData.PartitionResult;
import io.tributary.protocol.message.ElectLeadersResponseData.ReplicaElectionResult;
import io.tributary.protocol.message.ElectLeadersResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ElectLeaders (v0–v2) through the controller: a preferred election (v0 always; v1+ election type 0) moves a
 * partition's leadership to its first replica when that replica is an active ISR member, an unclean one (type 1)
 * gives a leaderless partition a leader among its live replicas. Per-partition errors are the controller's:
 * ELECTION_NOT_NEEDED (already led by the preferred replica / already has a leader), PREFERRED_LEADER_NOT_AVAILABLE,
 * ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION. A null partition list means every partition; then, as
 * in Kafka, only the partitions whose election happened or failed are listed (none with ELECTION_NOT_NEEDED).
 * When the command fails as a whole (no controller answered, …) its error is the top-level error code (v1+) and
 * each partition asked for carries it too (v0 has no top-level error). An unknown election type is INVALID_REQUEST.
 * The answer comes once this broker's metadata shows the new leaders; the request's {@code timeoutMs} is not used
 * (the controller forwarding has its own).
 */
public final class ElectLeadersHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    public ElectLeadersHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    public ElectLeadersHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ElectLeadersRequestData request = (ElectLeadersRequestData) body;
        Map<String, Set<Integer>> asked = null;
        List<TopicPartition> partitions = null;
        if (request.topicPartitions() != null) {
            asked = new LinkedHashMap<>();
            partitions = new ArrayList<>();
            for (ElectLeadersRequestData.TopicPartitions t : request.topicPartitions()) {
                Set<Integer> indexes = asked.computeIfAbsent(t.topic(), name -> new LinkedHashSet<>());
                for (int p : t.partitions()) {
                    if (indexes.add(p)) {
                        partitions.add(new TopicPartition(t.topic(), p));
                    }
                }
            }
        }
        if (!access.allowsCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(failed(asked, Access.clusterDenied(AclOperation.ALTER)));
        }
        ElectionType type = electionType(context.apiVersion() == 0 ? 0 : request.electionType());
        if (type == null) {
            return CompletableFuture.completedFuture(failed(asked, ApiError.of(Errors.INVALID_REQUEST,
                    "unknown election type " + request.electionType())));
        }
        if (partitions != null && partitions.isEmpty()) {
            return CompletableFuture.completedFuture(new ElectLeadersResponseData());
        }
        Map<String, Set<Integer>> requested = asked;
        return metadata.submit(new ControllerCommand.ElectLeaders(type, partitions)).handle((results, failure) ->
                failure != null ? failed(requested, ControllerFailure.of(failure)) : answer(requested, results));
    }

    private static ElectionType electionType(byte code) {
        return switch (code) {
            case 0 -> ElectionType.PREFERRED;
            case 1 -> ElectionType.UNCLEAN;
            default -> null;
        };
    }

    /** Each partition asked for (or, for all partitions, each one the controller answered for) with its outcome. */
    private static ApiMessage answer(Map<String, Set<Integer>> asked, Map<TopicPartition, ApiError> results) {
        Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
        if (asked == null) {
            results.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                    .add(result(tp.partition(), error)));
        } else {
            asked.forEach((topic, indexes) -> {
                List<PartitionResult> out = byTopic.computeIfAbsent(topic, t -> new ArrayList<>());
                for (int p : indexes) {
                    ApiError error = results.get(new TopicPartition(topic, p));
                    out.add(result(p, error != null ? error
                            : ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for it")));
                }
            });
        }
        return response(byTopic).setErrorCode(Errors.NONE.code());
    }

    /** The command failed as a whole: the top-level error, and the same for every partition asked for. */
    private static ApiMessage failed(Map<String, Set<Integer>> asked, ApiError error) {
        Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
        if (asked != null) {
            asked.forEach((topic, indexes) -> byTopic.put(topic,
                    indexes.stream().map(p -> result(p, error)).toList()));
        }
        return response(byTopic).setErrorCode(error.error().code());
    }

    private static ElectLeadersResponseData response(Map<String, List<PartitionResult>> byTopic) {
        List<ReplicaElectionResult> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new ReplicaElectionResult().setTopic(topic)
                .setPartitionResult(new ArrayList<>(partitions))));
        return new ElectLeadersResponseData().setReplicaElectionResults(topics);
    }

    private static PartitionResult result(int partition, ApiError error) {
        return new PartitionResult().setPartitionId(partition).setErrorCode(error.error().code())
                .setErrorMessage(error.isSuccess() ? null : error.messageOrDefault());
    }
}
