package io.tributary.broker.handler;

import io.tributary.broker.group.CommittedOffset;
import io.tributary.broker.group.GroupCoordinator;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.OffsetFetchRequestData;
import io.tributary.protocol.message.OffsetFetchResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetFetch: a group's committed offsets (-1 for a partition never committed), for the partitions asked or
 * (topics null) all it committed. One group in v1–7, several in v8+; topics by name up to v9, by id in v10.
 * Offsets a transaction wrote (TxnOffsetCommit) are invisible until it commits; with {@code require_stable} (v7+, a
 * read_committed consumer) a partition with such a pending offset answers UNSTABLE_OFFSET_COMMIT with offset -1
 * instead of its older committed offset, per partition as Kafka does, and the client asks again. As in Kafka, a group
 * needs DESCRIBE (else GROUP_AUTHORIZATION_FAILED), and only topics with DESCRIBE are shown: an asked one without it
 * answers TOPIC_AUTHORIZATION_FAILED per partition, and "all topics" leaves them out.
 */
public final class OffsetFetchHandler implements ApiHandler {

    /** One group of the request: topics null means all, each topic as (name, id, partitions or null). */
    private record GroupAsk(String groupId, List<TopicAsk> topics) {
    }

    private record TopicAsk(String name, UUID id, List<Integer> partitions) {
    }

    /**
     * What the coordinator said for one group.
     *
     * @param unstable partitions answered UNSTABLE_OFFSET_COMMIT (with require_stable: an open transaction wrote them)
     * @param denied   asked topics the principal may not describe
     */
    private record GroupAnswer(Errors error, Map<TopicPartition, CommittedOffset> offsets,
                               Set<TopicPartition> unstable, Set<String> denied) {

        /** The partition's error: NONE, TOPIC_AUTHORIZATION_FAILED or UNSTABLE_OFFSET_COMMIT. */
        Errors error(TopicPartition tp) {
            return denied.contains(tp.topic()) ? Errors.TOPIC_AUTHORIZATION_FAILED
                    : unstable.contains(tp) ? Errors.UNSTABLE_OFFSET_COMMIT : Errors.NONE;
        }

        /** The committed offset to show: none (-1) while unstable or not to be described. */
        CommittedOffset offset(TopicPartition tp) {
            return unstable.contains(tp) || denied.contains(tp.topic()) ? null : offsets.get(tp);
        }
    }

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final Access access;

    public OffsetFetchHandler(GroupCoordinatorService coordinator, MetadataNode metadata, Access access) {
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        OffsetFetchRequestData request = (OffsetFetchRequestData) body;
        short version = context.apiVersion();
        MetadataImage image = metadata.image();
        List<GroupAsk> asks = new ArrayList<>();
        if (version < 8) {
            asks.add(new GroupAsk(request.groupId(), request.topics() == null ? null : request.topics().stream()
                    .map(t -> new TopicAsk(t.name(), null, t.partitionIndexes())).toList()));
        } else {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : request.groups()) {
                asks.add(new GroupAsk(g.groupId(), g.topics() == null ? null : g.topics().stream().map(t -> {
                    String name = version >= 10 ? nameOf(image, t.topicId()) : t.name();
                    return new TopicAsk(name, t.topicId(), t.partitionIndexes());
                }).toList()));
            }
        }
        boolean requireStable = version >= 7 && request.requireStable();
        List<Boolean> groupAllowed = asks.stream().map(a -> access.allows(context, AclOperation.DESCRIBE,
                ResourceType.GROUP, a.groupId())).toList();
        List<Set<String>> denied = asks.stream().map(a -> deniedTopics(context, a)).toList();
        return coordinator.run((c, now) -> {
                    List<GroupAnswer> answers = new ArrayList<>();
                    for (int i = 0; i < asks.size(); i++) {
                        answers.add(groupAllowed.get(i) ? answer(c, asks.get(i), requireStable, denied.get(i))
                                : new GroupAnswer(Errors.GROUP_AUTHORIZATION_FAILED, Map.of(), Set.of(), Set.of()));
                    }
                    return answers;
                })
                .thenApply(answers -> answers.stream().map(a -> describable(context, a)).toList())
                .thenApply(answers -> version < 8 ? single(asks.get(0), answers.get(0))
                        : multi(asks, answers, version >= 10, image));
    }

    private static String nameOf(MetadataImage image, UUID id) {
        TopicImage topic = image.topic(id);
        return topic == null ? null : topic.name();
    }

    /** The asked topics (none for "all") the principal may not describe. */
    private Set<String> deniedTopics(RequestContext context, GroupAsk ask) {
        if (ask.topics() == null || !access.enabled()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        ask.topics().forEach(t -> {
            if (t.name() != null) {
                names.add(t.name());
            }
        });
        names.removeAll(access.filter(context, AclOperation.DESCRIBE, ResourceType.TOPIC, names));
        return names;
    }

    /** An all-topics answer without the topics the principal may not describe. */
    private GroupAnswer describable(RequestContext context, GroupAnswer answer) {
        if (!access.enabled() || answer.offsets().isEmpty()) {
            return answer;
        }
        Set<String> topics = new HashSet<>();
        answer.offsets().keySet().forEach(tp -> topics.add(tp.topic()));
        Set<String> allowed = new HashSet<>(access.filter(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topics));
        if (allowed.size() == topics.size()) {
            return answer;
        }
        Map<TopicPartition, CommittedOffset> offsets = new LinkedHashMap<>();
        answer.offsets().forEach((tp, o) -> {
            if (allowed.contains(tp.topic())) {
                offsets.put(tp, o);
            }
        });
        return new GroupAnswer(answer.error(), offsets, answer.unstable(), answer.denied());
    }

    private static GroupAnswer answer(GroupCoordinator c, GroupAsk ask, boolean requireStable, Set<String> denied) {
        Errors status = c.status(ask.groupId());
        if (status != Errors.NONE) {
            return new GroupAnswer(status, Map.of(), Set.of(), Set.of());
        }
        List<TopicPartition> partitions = null;
        if (ask.topics() != null) {
            partitions = new ArrayList<>();
            for (TopicAsk t : ask.topics()) {
                if (t.name() != null && !denied.contains(t.name())) {
                    for (int p : t.partitions()) {
                        partitions.add(new TopicPartition(t.name(), p));
                    }
                }
            }
        }
        return new GroupAnswer(Errors.NONE, c.fetchOffsets(ask.groupId(), partitions),
                requireStable ? c.pendingTransactionalPartitions(ask.groupId()) : Set.of(), denied);
    }

    /** Topic name → partitions to answer: those asked, in order, or (all asked) every one the group committed. */
    private static Map<String, List<Integer>> byTopic(GroupAsk ask, GroupAnswer answer) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (ask.topics() == null) {
            answer.offsets().keySet().forEach(tp -> out.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(tp.partition()));
        } else {
            for (TopicAsk t : ask.topics()) {
                out.computeIfAbsent(t.name() == null ? "" : t.name(), k -> new ArrayList<>()).addAll(t.partitions());
            }
        }
        return out;
    }

    private static ApiMessage single(GroupAsk ask, GroupAnswer answer) {
        OffsetFetchResponseData response = new OffsetFetchResponseData().setErrorCode(answer.error().code());
        List<OffsetFetchResponseData.OffsetFetchResponseTopic> topics = new ArrayList<>();
        if (answer.error() == Errors.NONE) {
            byTopic(ask, answer).forEach((name, partitions) -> {
                List<OffsetFetchResponseData.OffsetFetchResponsePartition> out = new ArrayList<>();
                partitions.forEach(p -> {
                    TopicPartition tp = new TopicPartition(name, p);
                    CommittedOffset o = answer.offset(tp);
                    out.add(new OffsetFetchResponseData.OffsetFetchResponsePartition().setPartitionIndex(p)
                            .setCommittedOffset(o == null ? -1 : o.offset())
                            .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch())
                            .setMetadata(o == null ? "" : o.metadata()).setErrorCode(answer.error(tp).code()));
                });
                topics.add(new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(name).setPartitions(out));
            });
        }
        return response.setTopics(topics);
    }

    private static ApiMessage multi(List<GroupAsk> asks, List<GroupAnswer> answers, boolean byId,
                                    MetadataImage image) {
        List<OffsetFetchResponseData.OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (int i = 0; i < asks.size(); i++) {
            GroupAsk ask = asks.get(i);
            GroupAnswer answer = answers.get(i);
            List<OffsetFetchResponseData.OffsetFetchResponseTopics> topics = new ArrayList<>();
            if (answer.error() == Errors.NONE) {
                if (ask.topics() != null && byId) {
                    for (TopicAsk t : ask.topics()) {
                        topics.add(topic(t.name(), t.id(), t.partitions(), answer, t.name() == null));
                    }
                } else {
                    byTopic(ask, answer).forEach((name, partitions) -> {
                        UUID id = null;
                        if (byId) {
                            TopicImage topic = image.topic(name);
                            if (topic == null) {
                                return;    // deleted since the commit: v10 can only name topics by id
                            }
                            id = topic.id();
                        }
                        topics.add(topic(name, id, partitions, answer, false));
                    });
                }
            }
            groups.add(new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(ask.groupId())
                    .setErrorCode(answer.error().code()).setTopics(topics));
        }
        return new OffsetFetchResponseData().setGroups(groups);
    }

    private static OffsetFetchResponseData.OffsetFetchResponseTopics topic(String name, UUID id,
                                                                           List<Integer> partitions,
                                                                           GroupAnswer answer, boolean unknownId) {
        List<OffsetFetchResponseData.OffsetFetchResponsePartitions> out = new ArrayList<>();
        for (int p : partitions) {
            TopicPartition tp = new TopicPartition(name == null ? "" : name, p);
            CommittedOffset o = unknownId ? null : answer.offset(tp);
            out.add(new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(p)
                    .setCommittedOffset(o == null ? -1 : o.offset())
                    .setCommittedLeaderEpoch(o == null ? -1 : o.leaderEpoch())
                    .setMetadata(o == null ? "" : o.metadata())
                    .setErrorCode(unknownId ? Errors.UNKNOWN_TOPIC_ID.code() : answer.error(tp).code()));
        }
        OffsetFetchResponseData.OffsetFetchResponseTopics topic = new OffsetFetchResponseData
                .OffsetFetchResponseTopics().setName(name == null ? "" : name).setPartitions(out);
        if (id != null) {
            topic.setTopicId(id);
        }
        return topic;
    }
}
