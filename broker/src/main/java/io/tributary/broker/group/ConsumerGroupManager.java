package io.tributary.broker.group;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ConsumerGroupDescribeResponseData;
import io.tributary.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.tributary.protocol.message.ConsumerGroupHeartbeatResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The consumer group protocol (KIP-848, {@code group.protocol=consumer}): the coordinator assigns. Members send
 * ConsumerGroupHeartbeat; each one may change the group (a member joins, leaves, changes its subscription, a
 * subscribed topic gains partitions), which bumps the group epoch and computes a new target assignment with a
 * server-side assignor. Each member then converges on its target one heartbeat at a time (see
 * {@link ConsumerGroupMember}): it revokes first, and receives a partition only once no other member holds it, so
 * no partition is ever owned by two members. Single-threaded, time passed in, like {@link ClassicGroupManager}.
 */
final class ConsumerGroupManager {

    private final GroupConfig config;
    private final Supplier<String> newMemberId;
    private final Map<String, ConsumerGroup> groups = new HashMap<>();

    ConsumerGroupManager(GroupConfig config, Supplier<String> newMemberId) {
        this.config = config;
        this.newMemberId = newMemberId;
    }

    ConsumerGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ConsumerGroup> groups() {
        return groups.values();
    }

    void unload(Predicate<String> which) {
        groups.keySet().removeIf(which);
    }

    /** Removes a group without members (DeleteGroups, or a classic member taking an empty group over). */
    Errors delete(String groupId) {
        ConsumerGroup g = groups.get(groupId);
        if (g == null) {
            return Errors.NONE;
        }
        if (!g.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        groups.remove(groupId);
        return Errors.NONE;
    }

    // ------------------------------------------------------------------ heartbeat

    ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData request, ClientInfo client,
                                                 TopicCatalog catalog, long nowMs) {
        String invalid = invalidRequest(request, client.apiVersion());
        if (invalid != null) {
            return error(Errors.INVALID_REQUEST, invalid);
        }
        if (request.serverAssignor() != null && !config.consumerAssignors().contains(request.serverAssignor())) {
            return error(Errors.UNSUPPORTED_ASSIGNOR, "Unsupported assignor " + request.serverAssignor()
                    + "; this coordinator has " + config.consumerAssignors() + ".");
        }
        ConsumerGroup group = groups.get(request.groupId());
        int epoch = request.memberEpoch();
        if (epoch < 0) {
            return leave(group, request, nowMs);
        }
        ConsumerGroupMember member;
        boolean changed = false;
        if (epoch == 0) {
            if (group == null) {
                group = new ConsumerGroup(request.groupId());
                groups.put(group.groupId(), group);
            }
            String memberId = request.memberId().isEmpty() ? newMemberId.get() : request.memberId();
            ConsumerGroupMember previous = request.instanceId() == null ? null
                    : group.staticMember(request.instanceId());
            member = join(group, memberId, request.instanceId());
            if (member == null) {
                return error(Errors.UNRELEASED_INSTANCE_ID, "Static member " + request.instanceId()
                        + " of group " + request.groupId() + " is still in use by another member.");
            }
            changed = previous == null || !previous.hasLeftToRejoin();
            if (!changed) {
                group.replace(previous, member);
            }
        } else {
            member = group == null ? null : group.member(request.memberId());
            if (member == null) {
                // Also after a coordinator restart (membership is not persisted): the member rejoins with epoch 0.
                return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId() + " is not in group "
                        + request.groupId() + ".");
            }
            if (member.hasLeftToRejoin() || !epochAcceptable(member, epoch, owned(request))) {
                return error(Errors.FENCED_MEMBER_EPOCH, "The member epoch " + epoch + " is not the current one ("
                        + member.memberEpoch() + ").");
            }
        }
        member.heartbeat(nowMs + config.consumerSessionTimeoutMs());
        member.setClient(client.clientId(), client.clientHost(), request.rackId());
        if (request.rebalanceTimeoutMs() >= 0) {
            member.setRebalanceTimeoutMs(request.rebalanceTimeoutMs());
        }
        changed |= member.updateSubscription(request.subscribedTopicNames(), request.subscribedTopicRegex(),
                request.serverAssignor());
        changed |= group.updateSubscribedTopics(subscribedTopics(group, catalog));
        if (changed) {
            group.bumpEpoch();   // once per heartbeat, whatever changed
        }
        if (group.needsAssignment()) {
            computeTargetAssignment(group);
        }
        Assignment owned = owned(request);
        reconcile(group, member, owned, nowMs);
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId()).setMemberEpoch(member.memberEpoch())
                .setHeartbeatIntervalMs(config.consumerHeartbeatIntervalMs());
        boolean unsent = member.takeAssignmentUnsent();
        if (unsent || epoch == 0 || owned != null && !owned.equals(member.assigned())) {
            response.setAssignment(assignmentOf(member.assigned()));
        }
        return response;
    }

    /** What Kafka rejects with INVALID_REQUEST, as a message; null if the request is well formed. */
    private static String invalidRequest(ConsumerGroupHeartbeatRequestData request, short version) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return "GroupId can't be empty.";
        }
        if (request.instanceId() != null && request.instanceId().isEmpty()) {
            return "InstanceId can't be empty.";
        }
        if (request.rackId() != null && request.rackId().isEmpty()) {
            return "RackId can't be empty.";
        }
        int epoch = request.memberEpoch();
        if (epoch == 0) {
            if (version >= 1 && request.memberId().isEmpty()) {
                return "MemberId can't be empty.";
            }
            if (request.rebalanceTimeoutMs() == -1) {
                return "RebalanceTimeoutMs must be provided in first request.";
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                return "TopicPartitions must be empty when (re-)joining.";
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                return "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.";
            }
        } else if (request.memberId().isEmpty()) {
            return "MemberId can't be empty.";
        } else if (epoch < ConsumerGroupMember.LEFT_TO_REJOIN) {
            return "MemberEpoch is invalid.";
        } else if (epoch == ConsumerGroupMember.LEFT_TO_REJOIN && request.instanceId() == null) {
            return "InstanceId can't be null when leaving as a static member.";
        }
        if (request.subscribedTopicRegex() != null && !request.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(request.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                return "SubscribedTopicRegex is not a valid regular expression: " + e.getDescription();
            }
        }
        return null;
    }

    /**
     * The member joining with epoch 0: a new one, a static member back under a new id (it takes its old place, no
     * rebalance), or a known member starting over (its old self is dropped first). Null if the static instance id
     * is still held by a live member.
     */
    private ConsumerGroupMember join(ConsumerGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            ConsumerGroupMember previous = group.staticMember(instanceId);
            if (previous != null && previous.hasLeftToRejoin()) {
                return previous.replacedBy(memberId);   // the caller puts it in the old member's place
            }
            if (previous != null && !previous.memberId().equals(memberId)) {
                return null;
            }
        }
        ConsumerGroupMember known = group.member(memberId);
        if (known != null) {
            group.remove(memberId);
        }
        ConsumerGroupMember member = new ConsumerGroupMember(memberId, instanceId);
        group.add(member);
        return member;
    }

    /**
     * A member may heartbeat with its current epoch, or with the previous one if the answer that moved it on was
     * lost — provided it owns nothing it was not assigned (Kafka's rule).
     */
    private static boolean epochAcceptable(ConsumerGroupMember member, int epoch, Assignment owned) {
        if (epoch == member.memberEpoch()) {
            return true;
        }
        return epoch == member.previousMemberEpoch() && owned != null && owned.isSubsetOf(member.assigned());
    }

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroup group, ConsumerGroupHeartbeatRequestData request,
                                                     long nowMs) {
        ConsumerGroupMember member = group == null ? null : group.member(request.memberId());
        if (member == null && group != null && request.instanceId() != null) {
            member = group.staticMember(request.instanceId());
        }
        if (member == null) {
            return error(Errors.UNKNOWN_MEMBER_ID, "Member " + request.memberId() + " is not in group "
                    + request.groupId() + ".");
        }
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(member.memberId()).setMemberEpoch(request.memberEpoch())
                .setHeartbeatIntervalMs(0);
        if (request.memberEpoch() == ConsumerGroupMember.LEFT_TO_REJOIN && member.isStatic()) {
            // It keeps its place and partitions for its session timeout: a restart in time is no rebalance.
            member.leaveToRejoin();
            member.heartbeat(nowMs + config.consumerSessionTimeoutMs());
        } else {
            removeMember(group, member);
        }
        return response;
    }

    private void removeMember(ConsumerGroup group, ConsumerGroupMember member) {
        group.remove(member.memberId());
        group.bumpEpoch();
        computeTargetAssignment(group);
    }

    /** The topics the members subscribe to that exist now, by name. */
    private static Map<String, TopicCatalog.Topic> subscribedTopics(ConsumerGroup group, TopicCatalog catalog) {
        Map<String, TopicCatalog.Topic> out = new TreeMap<>();
        boolean anyRegex = false;
        for (ConsumerGroupMember m : group.members()) {
            for (String name : m.subscribedTopicNames()) {
                TopicCatalog.Topic t = catalog.byName(name);
                if (t != null) {
                    out.put(name, t);
                }
            }
            anyRegex |= m.subscribedTopicRegex() != null;
        }
        if (anyRegex) {
            for (String name : catalog.names()) {
                if (!out.containsKey(name) && group.members().stream().anyMatch(m -> m.subscribesTo(name))) {
                    out.put(name, catalog.byName(name));
                }
            }
        }
        return out;
    }

    /** Runs the group's assignor over the members and the subscribed topics as last recorded. */
    private void computeTargetAssignment(ConsumerGroup group) {
        ServerAssignor assignor = ServerAssignor.named(preferredAssignor(group));
        Map<UUID, Integer> topics = new HashMap<>();
        group.subscribedTopics().values().forEach(t -> topics.put(t.id(), t.partitions()));
        List<ServerAssignor.Subscriber> subscribers = new ArrayList<>();
        List<ConsumerGroupMember> members = new ArrayList<>(group.members());
        members.sort(Comparator.comparing(ConsumerGroupMember::memberId));
        for (ConsumerGroupMember m : members) {
            Set<UUID> subscribed = new HashSet<>();
            group.subscribedTopics().forEach((name, t) -> {
                if (m.subscribesTo(name)) {
                    subscribed.add(t.id());
                }
            });
            subscribers.add(new ServerAssignor.Subscriber(m.memberId(), subscribed, group.target(m.memberId())));
        }
        group.setTargetAssignment(assignor.name(), assignor.assign(subscribers, topics));
    }

    /** The assignor most members ask for (ties: the configured order), else the first configured one. */
    private String preferredAssignor(ConsumerGroup group) {
        Map<String, Integer> votes = new HashMap<>();
        for (ConsumerGroupMember m : group.members()) {
            if (m.serverAssignor() != null) {
                votes.merge(m.serverAssignor(), 1, Integer::sum);
            }
        }
        String best = config.consumerAssignors().get(0);
        int bestVotes = 0;
        for (String name : config.consumerAssignors()) {
            int v = votes.getOrDefault(name, 0);
            if (v > bestVotes) {
                best = name;
                bestVotes = v;
            }
        }
        return best;
    }

    /**
     * One step of the member towards its target: give up what the target no longer has (and wait for the member
     * to confirm), then take the new epoch and whatever of the target no other member still holds.
     */
    private void reconcile(ConsumerGroup group, ConsumerGroupMember member, Assignment owned, long nowMs) {
        if (member.state() == ConsumerGroupMember.State.UNREVOKED) {
            if (owned == null || owned.overlaps(member.pendingRevocation())) {
                return;
            }
        } else if (member.state() == ConsumerGroupMember.State.STABLE
                && member.memberEpoch() == group.assignmentEpoch()) {
            return;
        }
        Assignment target = group.target(member.memberId());
        Assignment keep = member.assigned().intersect(target);
        Assignment revoke = member.assigned().minus(target);
        if (!revoke.isEmpty()) {
            member.revoke(keep, revoke, nowMs + member.rebalanceTimeoutMs());
            return;
        }
        Assignment heldByOthers = Assignment.EMPTY;
        for (ConsumerGroupMember other : group.members()) {
            if (other != member) {
                heldByOthers = heldByOthers.union(other.held());
            }
        }
        Assignment next = keep.union(target.minus(keep).minus(heldByOthers));
        member.advance(group.assignmentEpoch(), next, next.equals(target));
    }

    private static Assignment owned(ConsumerGroupHeartbeatRequestData request) {
        if (request.topicPartitions() == null) {
            return null;
        }
        Map<UUID, Set<Integer>> owned = new HashMap<>();
        request.topicPartitions().forEach(t -> owned.computeIfAbsent(t.topicId(), k -> new HashSet<>())
                .addAll(t.partitions()));
        return Assignment.of(owned);
    }

    private static ConsumerGroupHeartbeatResponseData.Assignment assignmentOf(Assignment assignment) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        assignment.byTopic().forEach((id, ps) -> topics.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(id).setPartitions(new ArrayList<>(ps))));
        return new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics);
    }

    static ConsumerGroupHeartbeatResponseData error(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code()).setErrorMessage(message)
                .setMemberEpoch(-1);
    }

    // ------------------------------------------------------------------ offsets, describe, timers

    /**
     * Who may commit offsets to a consumer-protocol group: a member with its current epoch, or anyone without
     * member id and epoch while the group has no members (Kafka's rule).
     */
    static Errors validateCommit(ConsumerGroup group, String memberId, int memberEpoch) {
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return group.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        ConsumerGroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return member.memberEpoch() == memberEpoch ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describe(ConsumerGroup group, TopicCatalog catalog) {
        List<ConsumerGroupDescribeResponseData.Member> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            members.add(new ConsumerGroupDescribeResponseData.Member().setMemberId(m.memberId())
                    .setInstanceId(m.instanceId()).setRackId(m.rackId()).setMemberEpoch(m.memberEpoch())
                    .setClientId(m.clientId() == null ? "" : m.clientId())
                    .setClientHost(m.clientHost() == null ? "" : m.clientHost())
                    .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames()))
                    .setSubscribedTopicRegex(m.subscribedTopicRegex())
                    .setAssignment(describedAssignment(m.assigned(), catalog))
                    .setTargetAssignment(describedAssignment(group.target(m.memberId()), catalog))
                    .setMemberType((byte) 1));
        }
        return new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(group.groupId())
                .setGroupState(group.state().kafkaName()).setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch())
                .setAssignorName(group.assignorName() == null ? config.consumerAssignors().get(0)
                        : group.assignorName())
                .setMembers(members);
    }

    private static ConsumerGroupDescribeResponseData.Assignment describedAssignment(Assignment assignment,
                                                                                    TopicCatalog catalog) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> topics = new ArrayList<>();
        assignment.byTopic().forEach((id, ps) -> {
            TopicCatalog.Topic t = catalog.byId(id);
            if (t != null) {
                topics.add(new ConsumerGroupDescribeResponseData.TopicPartitions().setTopicId(id)
                        .setTopicName(t.name()).setPartitions(new ArrayList<>(ps)));
            }
        });
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(topics);
    }

    /**
     * Fences members whose session ran out and members that did not give up partitions within their rebalance
     * timeout; returns when the next such deadline falls ({@link Long#MAX_VALUE}: none).
     */
    long poll(long nowMs) {
        long next = Long.MAX_VALUE;
        for (ConsumerGroup group : groups.values()) {
            for (ConsumerGroupMember m : List.copyOf(group.members())) {
                if (nowMs >= m.sessionDeadlineMs() || nowMs >= m.revocationDeadlineMs()) {
                    removeMember(group, m);
                } else {
                    next = Math.min(next, Math.min(m.sessionDeadlineMs(), m.revocationDeadlineMs()));
                }
            }
        }
        return next;
    }
}
