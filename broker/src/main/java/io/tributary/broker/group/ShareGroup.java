package io.tributary.broker.group;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The state of one share group (KIP-932): the group epoch (bumped by every change of membership, subscriptions or
 * subscribed topics), the target assignment and its epoch, the members, the subscribed topics as last seen, and —
 * the only durable part, from the group's record in {@code __consumer_offsets} — the topics whose share-partitions
 * may have state with the share coordinator. Owned by the coordinator thread.
 */
final class ShareGroup {

    /** The group's state as ListGroups and ShareGroupDescribe name it (Kafka's {@code ShareGroupState}). */
    enum State {
        EMPTY("Empty"), STABLE("Stable"), DEAD("Dead");

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
    private final Map<String, ShareGroupMember> members = new LinkedHashMap<>();
    private Map<String, Assignment> targetAssignment = Map.of();
    private Map<String, TopicCatalog.Topic> subscribedTopics = new TreeMap<>();
    private Map<UUID, String> statefulTopics = new LinkedHashMap<>();
    private boolean persisted;

    ShareGroup(String groupId) {
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

    void bumpEpoch() {
        groupEpoch++;
    }

    boolean needsAssignment() {
        return groupEpoch > assignmentEpoch;
    }

    void setTargetAssignment(Map<String, Assignment> target) {
        targetAssignment = Map.copyOf(target);
        assignmentEpoch = groupEpoch;
    }

    Assignment target(String memberId) {
        return targetAssignment.getOrDefault(memberId, Assignment.EMPTY);
    }

    Collection<ShareGroupMember> members() {
        return members.values();
    }

    ShareGroupMember member(String memberId) {
        return members.get(memberId);
    }

    void add(ShareGroupMember member) {
        members.put(member.memberId(), member);
    }

    void remove(String memberId) {
        members.remove(memberId);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    State state() {
        return members.isEmpty() ? State.EMPTY : State.STABLE;
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

    /** The topics whose share-partitions may have state, by id, with their names as recorded. */
    Map<UUID, String> statefulTopics() {
        return statefulTopics;
    }

    /** Whether the group's record is in {@code __consumer_offsets} (so deleting it needs a tombstone). */
    boolean persisted() {
        return persisted;
    }

    /** Applies the group's record, written or replayed. */
    void applyRecord(Map<UUID, String> topics) {
        statefulTopics = new LinkedHashMap<>(topics);
        persisted = true;
    }
}
