package io.tributary.broker.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one consumer-protocol group (KIP-848): the group epoch (bumped by every change of membership,
 * subscriptions or subscribed topics), the target assignment and the epoch it was computed for, the members, and
 * the subscribed topics as last seen (so a change of partition count is noticed). Owned by the coordinator thread.
 */
final class ConsumerGroup {

    /** The group's state as ListGroups and ConsumerGroupDescribe name it. */
    enum State {
        EMPTY("Empty"), ASSIGNING("Assigning"), RECONCILING("Reconciling"), STABLE("Stable");

        private final String kafkaName;

        State(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        String kafkaName() {
            return kafkaName;
        }
    }

    private final String groupId;
    private int groupEpoch;
    private int assignmentEpoch;
    private String assignorName;
    private final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private Map<String, Assignment> targetAssignment = Map.of();
    private Map<String, TopicCatalog.Topic> subscribedTopics = new TreeMap<>();

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    String groupId() {
        return groupId;
    }

    int groupEpoch() {
        return groupEpoch;
    }

    int assignmentEpoch() {
        return assignmentEpoch;
    }

    String assignorName() {
        return assignorName;
    }

    /** Something the assignment depends on changed: the next target is for a new epoch. */
    void bumpEpoch() {
        groupEpoch++;
    }

    boolean needsAssignment() {
        return groupEpoch > assignmentEpoch;
    }

    void setTargetAssignment(String assignor, Map<String, Assignment> target) {
        assignorName = assignor;
        targetAssignment = Map.copyOf(target);
        assignmentEpoch = groupEpoch;
    }

    Assignment target(String memberId) {
        return targetAssignment.getOrDefault(memberId, Assignment.EMPTY);
    }

    Collection<ConsumerGroupMember> members() {
        return members.values();
    }

    ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }

    ConsumerGroupMember staticMember(String instanceId) {
        String id = staticMembers.get(instanceId);
        return id == null ? null : members.get(id);
    }

    void add(ConsumerGroupMember member) {
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.instanceId(), member.memberId());
        }
    }

    void remove(String memberId) {
        ConsumerGroupMember m = members.remove(memberId);
        if (m != null && m.isStatic()) {
            staticMembers.remove(m.instanceId(), memberId);
        }
    }

    /** A static member came back under a new id: it takes the old member's place and target. */
    void replace(ConsumerGroupMember old, ConsumerGroupMember replacement) {
        remove(old.memberId());
        add(replacement);
        Map<String, Assignment> target = new HashMap<>(targetAssignment);
        Assignment mine = target.remove(old.memberId());
        if (mine != null) {
            target.put(replacement.memberId(), mine);
        }
        targetAssignment = Map.copyOf(target);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    Map<String, TopicCatalog.Topic> subscribedTopics() {
        return subscribedTopics;
    }

    /** Records the subscribed topics as they are now; returns whether they differ from what was recorded. */
    boolean updateSubscribedTopics(Map<String, TopicCatalog.Topic> topics) {
        if (topics.equals(subscribedTopics)) {
            return false;
        }
        subscribedTopics = new TreeMap<>(topics);
        return true;
    }

    State state() {
        if (members.isEmpty()) {
            return State.EMPTY;
        }
        if (needsAssignment()) {
            return State.ASSIGNING;
        }
        for (ConsumerGroupMember m : members.values()) {
            if (m.memberEpoch() != assignmentEpoch && !m.hasLeftToRejoin()
                    || m.state() != ConsumerGroupMember.State.STABLE) {
                return State.RECONCILING;
            }
        }
        return State.STABLE;
    }
}
