package io.tributary.broker.group;

import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import java.util.function.Function;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ShareGroupDescribeResponseData;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import io.tributary.protocol.message.ShareGroupHeartbeatResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Share groups (KIP-932, {@code KafkaShareConsumer}): members send ShareGroupHeartbeat with a member id they made
 * themselves; joining (epoch 0), leaving (epoch -1), a change of subscription or of a subscribed topic's partitions
 * bumps the group epoch and the {@link SimpleAssignor} computes a new target assignment. There is no revocation
 * phase: a member takes its target and the assignment epoch at its next heartbeat. A member silent for the session
 * timeout is removed. Membership is not persisted; the group's existence and the topics whose share-partitions may
 * have state are (see {@link OffsetRecords}), written before a heartbeat that first assigns a topic is answered.
 * Single-threaded, time passed in, like {@link ConsumerGroupManager}.
 */
final class ShareGroupManager {

    private final ShareConfig config;
    private final Function<String, ShareGroupSettings> settings;
    private final CoordinatorLog log;
    private final ToIntFunction<String> partitionOf;
    private final Map<String, ShareGroup> groups = new HashMap<>();

    /**
     * @param settings each group's settings in force (its group configs over the broker's): session timeout and
     *                 heartbeat interval are read from there at each heartbeat
     */
    ShareGroupManager(ShareConfig config, Function<String, ShareGroupSettings> settings, CoordinatorLog log,
                      ToIntFunction<String> partitionOf) {
        this.config = config;
        this.settings = settings;
        this.log = log;
        this.partitionOf = partitionOf;
    }

    ShareGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ShareGroup> groups() {
        return groups.values();
    }

    void unload(Predicate<String> which) {
        groups.keySet().removeIf(which);
    }

    /** The session timeout of the group's members ({@code share.session.timeout.ms}). */
    int sessionTimeoutMs(String groupId) {
        return settings.apply(groupId).sessionTimeoutMs();
    }

    /** The heartbeat interval of the group's members ({@code share.heartbeat.interval.ms}). */
    int heartbeatIntervalMs(String groupId) {
        return settings.apply(groupId).heartbeatIntervalMs();
    }

    /** Applies a share group record of {@code __consumer_offsets}, written or replayed; other records are skipped. */
    void apply(ByteBuffer key, ByteBuffer value) {
        String groupId = OffsetRecords.readShareGroupKey(key);
        if (groupId == null) {
            return;
        }
        if (value == null) {
            groups.remove(groupId);
        } else {
            groups.computeIfAbsent(groupId, ShareGroup::new).applyRecord(OffsetRecords.readShareGroupValue(value));
        }
    }

    // ------------------------------------------------------------------ heartbeat

    ShareGroupHeartbeatResponseData heartbeat(ShareGroupHeartbeatRequestData request, ClientInfo client,
                                              TopicCatalog catalog, long nowMs) {
        String invalid = invalidRequest(request);
        if (invalid != null) {
            return error(Errors.INVALID_REQUEST, invalid);
        }
        ShareGroup group = groups.get(request.groupId());
        int epoch = request.memberEpoch();
        if (epoch == -1) {
            return leave(group, request, catalog);
        }
        ShareGroupMember member;
        boolean changed = false;
        if (epoch == 0) {
            if (group != null && group.member(request.memberId()) == null
                    && group.members().size() >= config.maxSize()) {
                return error(Errors.GROUP_MAX_SIZE_REACHED, "The share group has reached its maximum capacity of "
                        + config.maxSize() + " members.");
            }
            if (group == null) {
                group = new ShareGroup(request.groupId());
                groups.put(group.groupId(), group);
            }
            // A member rejoining under its id (after UNKNOWN_MEMBER_ID, or a lost answer) starts over.
            group.remove(request.memberId());
            member = new ShareGroupMember(request.memberId());
            group.add(member);
            changed = true;
        } else {
            member = group == null ? null : group.member(request.memberId());
            if (member == null) {
                // Also after a coordinator move or restart (membership is not persisted): it rejoins with epoch 0.
                return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId() + " is not in share group "
                        + request.groupId() + ".");
            }
            if (epoch != member.memberEpoch() && epoch != member.previousMemberEpoch()) {
                return error(Errors.FENCED_MEMBER_EPOCH, "The share group member has a " + (epoch > member
                        .memberEpoch() ? "greater" : "smaller") + " member epoch (" + epoch + ") than the one known "
                        + "by the group coordinator (" + member.memberEpoch() + "). The member must abandon all its "
                        + "partitions and rejoin.");
            }
        }
        member.heartbeat(nowMs + sessionTimeoutMs(group.groupId()));
        member.setClient(client.clientId(), client.clientHost(), request.rackId());
        changed |= member.updateSubscription(request.subscribedTopicNames());
        changed |= group.updateSubscribedTopics(subscribedTopics(group, catalog));
        if (changed) {
            group.bumpEpoch();
        }
        if (group.needsAssignment()) {
            computeTargetAssignment(group);
        }
        Errors recordError = recordAssignedTopics(group, catalog, nowMs);
        if (recordError != Errors.NONE) {
            // The member stays; its next heartbeat tries the write again before it is given the new topics.
            return error(recordError, "The share group's record could not be written: " + recordError + ".");
        }
        boolean assignmentChanged = member.assign(group.assignmentEpoch(), group.target(member.memberId()));
        ShareGroupHeartbeatResponseData response = new ShareGroupHeartbeatResponseData()
                .setMemberId(member.memberId()).setMemberEpoch(member.memberEpoch())
                .setHeartbeatIntervalMs(heartbeatIntervalMs(group.groupId()));
        if (epoch == 0 || assignmentChanged) {
            response.setAssignment(assignmentOf(member.assigned()));
        }
        return response;
    }

    /** What Kafka rejects with INVALID_REQUEST, as its message; null if the request is well formed. */
    private static String invalidRequest(ShareGroupHeartbeatRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return "GroupId can't be empty.";
        }
        if (request.rackId() != null && request.rackId().isEmpty()) {
            return "RackId can't be empty.";
        }
        if (request.memberId() == null || request.memberId().isEmpty()) {
            return "MemberId can't be empty.";
        }
        int epoch = request.memberEpoch();
        if (epoch < -1) {
            return "MemberEpoch is invalid.";
        }
        if (epoch == 0 && (request.subscribedTopicNames() == null || request.subscribedTopicNames().isEmpty())) {
            return "SubscribedTopicNames must be set in first request.";
        }
        return null;
    }

    private ShareGroupHeartbeatResponseData leave(ShareGroup group, ShareGroupHeartbeatRequestData request,
                                                  TopicCatalog catalog) {
        ShareGroupMember member = group == null ? null : group.member(request.memberId());
        if (member == null) {
            return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId() + " is not in share group "
                    + request.groupId() + ".");
        }
        removeMember(group, member, catalog);
        return new ShareGroupHeartbeatResponseData().setMemberId(member.memberId()).setMemberEpoch(-1)
                .setHeartbeatIntervalMs(0);
    }

    /**
     * Removes a member and computes the others' new target. {@code catalog} null (a session timeout): the
     * subscribed topics stay as last seen until the next heartbeat.
     */
    private void removeMember(ShareGroup group, ShareGroupMember member, TopicCatalog catalog) {
        group.remove(member.memberId());
        if (catalog != null) {
            group.updateSubscribedTopics(subscribedTopics(group, catalog));
        } else {
            Set<String> still = new HashSet<>();
            group.members().forEach(m -> still.addAll(m.subscribedTopicNames()));
            Map<String, TopicCatalog.Topic> kept = new TreeMap<>(group.subscribedTopics());
            kept.keySet().retainAll(still);
            group.updateSubscribedTopics(kept);
        }
        group.bumpEpoch();
        computeTargetAssignment(group);
    }

    /** The topics the members subscribe to that exist now, by name. */
    private static Map<String, TopicCatalog.Topic> subscribedTopics(ShareGroup group, TopicCatalog catalog) {
        Map<String, TopicCatalog.Topic> out = new TreeMap<>();
        for (ShareGroupMember m : group.members()) {
            for (String name : m.subscribedTopicNames()) {
                TopicCatalog.Topic t = catalog.byName(name);
                if (t != null) {
                    out.put(name, t);
                }
            }
        }
        return out;
    }

    private static void computeTargetAssignment(ShareGroup group) {
        Map<UUID, Integer> topics = new HashMap<>();
        group.subscribedTopics().values().forEach(t -> topics.put(t.id(), t.partitions()));
        List<ServerAssignor.Subscriber> subscribers = new ArrayList<>();
        List<ShareGroupMember> members = new ArrayList<>(group.members());
        members.sort(Comparator.comparing(ShareGroupMember::memberId));
        for (ShareGroupMember m : members) {
            Set<UUID> subscribed = new HashSet<>();
            for (String name : m.subscribedTopicNames()) {
                TopicCatalog.Topic t = group.subscribedTopics().get(name);
                if (t != null) {
                    subscribed.add(t.id());
                }
            }
            subscribers.add(new ServerAssignor.Subscriber(m.memberId(), subscribed, group.target(m.memberId())));
        }
        group.setTargetAssignment(SimpleAssignor.assign(subscribers, topics));
    }

    /**
     * Makes sure every topic of the target assignment is named in the group's record before any member is given
     * it, so that the group and its share-partitions are known after a coordinator move; answers the write's error.
     */
    private Errors recordAssignedTopics(ShareGroup group, TopicCatalog catalog, long nowMs) {
        Map<UUID, String> missing = new LinkedHashMap<>();
        for (TopicCatalog.Topic t : group.subscribedTopics().values()) {
            if (!group.statefulTopics().containsKey(t.id())) {
                missing.put(t.id(), t.name());
            }
        }
        return missing.isEmpty() ? Errors.NONE : addTopics(group, missing, nowMs);
    }

    /** Records more topics whose share-partitions may have state (AlterShareGroupOffsets, a first assignment). */
    Errors addTopics(ShareGroup group, Map<UUID, String> topics, long nowMs) {
        Map<UUID, String> all = new LinkedHashMap<>(group.statefulTopics());
        all.putAll(topics);
        return all.equals(group.statefulTopics()) && group.persisted() ? Errors.NONE : write(group.groupId(),
                OffsetRecords.shareGroupValue(all), nowMs);
    }

    /** Forgets topics whose share-partition state was deleted (DeleteShareGroupOffsets). */
    Errors removeTopics(ShareGroup group, Set<UUID> topics, long nowMs) {
        Map<UUID, String> rest = new LinkedHashMap<>(group.statefulTopics());
        rest.keySet().removeAll(topics);
        return rest.equals(group.statefulTopics()) ? Errors.NONE : write(group.groupId(),
                OffsetRecords.shareGroupValue(rest), nowMs);
    }

    /** Removes an empty share group (DeleteGroups): a tombstone if it has a record. */
    Errors delete(String groupId, long nowMs) {
        ShareGroup g = groups.get(groupId);
        if (g == null) {
            return Errors.NONE;
        }
        if (!g.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        if (!g.persisted()) {
            groups.remove(groupId);
            return Errors.NONE;
        }
        return write(groupId, null, nowMs);
    }

    /** Writes the group's record (null: its tombstone) and, once written, applies it as a replay would. */
    private Errors write(String groupId, ByteBuffer value, long nowMs) {
        ByteBuffer key = OffsetRecords.shareGroupKey(groupId);
        try {
            log.append(partitionOf.applyAsInt(groupId), CoordinatorLog.Writer.COORDINATOR,
                    List.of(new CoordinatorLog.Entry(key, value)), nowMs);
        } catch (LogException e) {
            return CommitErrors.of(e.error());
        }
        apply(key, value);
        return Errors.NONE;
    }

    private static ShareGroupHeartbeatResponseData.Assignment assignmentOf(Assignment assignment) {
        List<ShareGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        assignment.byTopic().forEach((id, ps) -> topics.add(new ShareGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(id).setPartitions(new ArrayList<>(ps))));
        return new ShareGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics);
    }

    static ShareGroupHeartbeatResponseData error(Errors error, String message) {
        return new ShareGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(message)
                .setMemberEpoch(-1);
    }

    // ------------------------------------------------------------------ describe, timers

    ShareGroupDescribeResponseData.DescribedGroup describe(ShareGroup group, TopicCatalog catalog) {
        List<ShareGroupDescribeResponseData.Member> members = new ArrayList<>();
        for (ShareGroupMember m : group.members()) {
            List<ShareGroupDescribeResponseData.TopicPartitions> topics = new ArrayList<>();
            m.assigned().byTopic().forEach((id, ps) -> {
                TopicCatalog.Topic t = catalog.byId(id);
                if (t != null) {
                    topics.add(new ShareGroupDescribeResponseData.TopicPartitions().setTopicId(id)
                            .setTopicName(t.name()).setPartitions(new ArrayList<>(ps)));
                }
            });
            members.add(new ShareGroupDescribeResponseData.Member().setMemberId(m.memberId())
                    .setRackId(m.rackId()).setMemberEpoch(m.memberEpoch()).setClientId(m.clientId())
                    .setClientHost(m.clientHost())
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames()))
                    .setAssignment(new ShareGroupDescribeResponseData.Assignment().setTopicPartitions(topics)));
        }
        return new ShareGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                .setGroupState(group.state().kafkaName()).setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch()).setAssignorName(SimpleAssignor.NAME)
                .setMembers(members);
    }

    /** Removes members whose session ran out; returns when the next session ends ({@link Long#MAX_VALUE}: none). */
    long poll(long nowMs) {
        long next = Long.MAX_VALUE;
        for (ShareGroup group : groups.values()) {
            for (ShareGroupMember m : List.copyOf(group.members())) {
                if (nowMs >= m.sessionDeadlineMs()) {
                    removeMember(group, m, null);
                } else {
                    next = Math.min(next, m.sessionDeadlineMs());
                }
            }
        }
        return next;
    }
}
