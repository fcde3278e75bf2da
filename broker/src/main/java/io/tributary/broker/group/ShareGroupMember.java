package io.tributary.broker.group;

import java.util.List;

/**
 * One member of a share group (KIP-932): who it is, the topics it subscribes to, its epoch and the partitions it
 * was last given. Share groups have no revocation phase — a partition may be consumed by several members at once —
 * so a member takes its target assignment, and the assignment epoch with it, at its next heartbeat. Owned by the
 * coordinator thread.
 */
final class ShareGroupMember {

    private final String memberId;
    private String rackId;
    private String clientId = "";
    private String clientHost = "";
    private List<String> subscribedTopicNames = List.of();
    private int memberEpoch;
    private int previousMemberEpoch = -1;
    private Assignment assigned = Assignment.EMPTY;
    private long sessionDeadlineMs;

    ShareGroupMember(String memberId) {
        this.memberId = memberId;
    }

    String memberId() {
        return memberId;
    }

    String rackId() {
        return rackId;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    void setClient(String newClientId, String newClientHost, String newRackId) {
        clientId = newClientId;
        clientHost = newClientHost;
        if (newRackId != null) {
            rackId = newRackId;
        }
    }

    List<String> subscribedTopicNames() {
        return subscribedTopicNames;
    }

    /** Takes the subscription a heartbeat carries (null: unchanged); returns whether it changed. */
    boolean updateSubscription(List<String> names) {
        if (names == null || names.equals(subscribedTopicNames)) {
            return false;
        }
        subscribedTopicNames = List.copyOf(names);
        return true;
    }

    int memberEpoch() {
        return memberEpoch;
    }

    int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    Assignment assigned() {
        return assigned;
    }

    /** Moves to the assignment of {@code epoch}; returns whether the partitions changed. */
    boolean assign(int epoch, Assignment partitions) {
        if (epoch != memberEpoch) {
            previousMemberEpoch = memberEpoch;
            memberEpoch = epoch;
        }
        if (partitions.equals(assigned)) {
            return false;
        }
        assigned = partitions;
        return true;
    }

    long sessionDeadlineMs() {
        return sessionDeadlineMs;
    }

    void heartbeat(long deadlineMs) {
        sessionDeadlineMs = deadlineMs;
    }
}
