package io.tributary.broker.group;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One member of a consumer-protocol group (KIP-848): who it is, what it subscribes to, its epoch, and where it
 * stands in reconciling with its target assignment. Owned by the coordinator thread.
 *
 * <p>Reconciliation: a member first gives up the partitions its target no longer has ({@link State#UNREVOKED}:
 * it keeps its epoch until a heartbeat reports it no longer owns them), then moves to the group's assignment
 * epoch and receives its new partitions as other members release them ({@link State#UNRELEASED} until all are
 * free), and is {@link State#STABLE} once it owns exactly its target.
 */
final class ConsumerGroupMember {

    /** Where the member is in reconciling with its target assignment. */
    enum State {
        STABLE, UNREVOKED, UNRELEASED
    }

    /** The epoch of a static member that left saying it will come back (-2 in a heartbeat). */
    static final int LEFT_TO_REJOIN = -2;

    private final String memberId;
    private final String instanceId;
    private String rackId;
    private String clientId;
    private String clientHost;
    private List<String> subscribedTopicNames = List.of();
    private String subscribedTopicRegex;
    private Pattern compiledRegex;
    private String serverAssignor;
    private int rebalanceTimeoutMs;
    private int memberEpoch;
    private int previousMemberEpoch = -1;
    private State state = State.STABLE;
    private Assignment assigned = Assignment.EMPTY;
    private Assignment pendingRevocation = Assignment.EMPTY;
    private boolean assignmentUnsent;
    private long sessionDeadlineMs;
    private long revocationDeadlineMs = Long.MAX_VALUE;

    ConsumerGroupMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    /** This static member under a new member id (it restarted): same epoch, assignment and subscription. */
    ConsumerGroupMember replacedBy(String newMemberId) {
        ConsumerGroupMember m = new ConsumerGroupMember(newMemberId, instanceId);
        m.rackId = rackId;
        m.clientId = clientId;
        m.clientHost = clientHost;
        m.subscribedTopicNames = subscribedTopicNames;
        m.subscribedTopicRegex = subscribedTopicRegex;
        m.compiledRegex = compiledRegex;
        m.serverAssignor = serverAssignor;
        m.rebalanceTimeoutMs = rebalanceTimeoutMs;
        m.memberEpoch = previousMemberEpoch;
        m.previousMemberEpoch = previousMemberEpoch;
        m.state = state;
        m.assigned = assigned;
        m.pendingRevocation = pendingRevocation;
        m.assignmentUnsent = true;
        m.revocationDeadlineMs = revocationDeadlineMs;
        return m;
    }

    String memberId() {
        return memberId;
    }

    String instanceId() {
        return instanceId;
    }

    boolean isStatic() {
        return instanceId != null;
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

    String subscribedTopicRegex() {
        return subscribedTopicRegex;
    }

    /** Whether the member subscribes to the topic of this name, by name or by its regular expression. */
    boolean subscribesTo(String topic) {
        return subscribedTopicNames.contains(topic)
                || compiledRegex != null && !topic.startsWith("__") && compiledRegex.matcher(topic).matches();
    }

    /**
     * Takes the subscription fields a heartbeat carries (each null: unchanged); returns whether any changed.
     * {@code regex} must compile (the caller checks).
     */
    boolean updateSubscription(List<String> names, String regex, String assignor) {
        boolean changed = false;
        if (names != null && !names.equals(subscribedTopicNames)) {
            subscribedTopicNames = List.copyOf(names);
            changed = true;
        }
        if (regex != null && !regex.equals(subscribedTopicRegex == null ? "" : subscribedTopicRegex)) {
            subscribedTopicRegex = regex.isEmpty() ? null : regex;
            compiledRegex = regex.isEmpty() ? null : Pattern.compile(regex);
            changed = true;
        }
        if (assignor != null && !assignor.equals(serverAssignor)) {
            serverAssignor = assignor;
            changed = true;
        }
        return changed;
    }

    String serverAssignor() {
        return serverAssignor;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    void setRebalanceTimeoutMs(int ms) {
        rebalanceTimeoutMs = ms;
    }

    int memberEpoch() {
        return memberEpoch;
    }

    int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    /** A static member left with epoch -2: it keeps its place until its session runs out. */
    void leaveToRejoin() {
        previousMemberEpoch = memberEpoch;
        memberEpoch = LEFT_TO_REJOIN;
    }

    boolean hasLeftToRejoin() {
        return memberEpoch == LEFT_TO_REJOIN;
    }

    State state() {
        return state;
    }

    Assignment assigned() {
        return assigned;
    }

    Assignment pendingRevocation() {
        return pendingRevocation;
    }

    /** The partitions this member holds or has not given up yet: no other member may receive them. */
    Assignment held() {
        return assigned.union(pendingRevocation);
    }

    /** Must give up {@code revoke} (keeping {@code keep}) before anything else; the epoch stays. */
    void revoke(Assignment keep, Assignment revoke, long deadlineMs) {
        setAssigned(keep);
        pendingRevocation = revoke;
        state = State.UNREVOKED;
        revocationDeadlineMs = deadlineMs;
    }

    /** Moves to {@code epoch} with {@code partitions}; stable if they are its whole target. */
    void advance(int epoch, Assignment partitions, boolean complete) {
        if (epoch != memberEpoch) {
            previousMemberEpoch = memberEpoch;
            memberEpoch = epoch;
        }
        setAssigned(partitions);
        pendingRevocation = Assignment.EMPTY;
        state = complete ? State.STABLE : State.UNRELEASED;
        revocationDeadlineMs = Long.MAX_VALUE;
    }

    private void setAssigned(Assignment partitions) {
        if (!partitions.equals(assigned)) {
            assigned = partitions;
            assignmentUnsent = true;
        }
    }

    /** Whether the assignment changed since it was last sent; clears the mark. */
    boolean takeAssignmentUnsent() {
        boolean unsent = assignmentUnsent;
        assignmentUnsent = false;
        return unsent;
    }

    long sessionDeadlineMs() {
        return sessionDeadlineMs;
    }

    void heartbeat(long deadlineMs) {
        sessionDeadlineMs = deadlineMs;
    }

    long revocationDeadlineMs() {
        return revocationDeadlineMs;
    }
}
