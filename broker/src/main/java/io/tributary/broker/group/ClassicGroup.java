package io.tributary.broker.group;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one classic-protocol group: its {@link GroupState}, generation, protocol type and selected
 * protocol, leader, members, members that were handed an id but have not joined with it yet (KIP-394), and the
 * deadlines of the rebalance in progress. It knows the group's rules (which transitions are legal, which
 * protocols all members support); the protocol flow lives in {@link ClassicGroupManager}. Owned by the coordinator
 * thread.
 */
final class ClassicGroup {

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String groupId;
    private GroupState state = GroupState.EMPTY;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED, with the time by which they must join. */
    private final Map<String, Long> pendingMembers = new HashMap<>();
    /** Members of the current generation that have not sent SyncGroup yet. */
    private final Set<String> pendingSync = new HashSet<>();
    private long joinDeadlineMs = NO_DEADLINE;
    private long syncDeadlineMs = NO_DEADLINE;
    private boolean initialDelay;
    private long initialDelayRemainingMs;
    private boolean newMemberAdded;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    /** Moves to {@code next}; an illegal transition throws. */
    void transitionTo(GroupState next) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot go from " + state + " to " + next);
        }
        state = next;
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    Collection<GroupMember> members() {
        return members.values();
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    /** The member id a static member (by {@code group.instance.id}) has now, or null. */
    String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    int size() {
        return members.size();
    }

    /**
     * Puts {@code replacement} (a restarted static member under a new member id) in the place of member
     * {@code oldId}: same position, leadership and pending sync.
     */
    void replace(String oldId, GroupMember replacement) {
        Map<String, GroupMember> reordered = new LinkedHashMap<>();
        members.forEach((id, m) -> reordered.put(id.equals(oldId) ? replacement.memberId() : id,
                id.equals(oldId) ? replacement : m));
        members.clear();
        members.putAll(reordered);
        staticMembers.put(replacement.groupInstanceId(), replacement.memberId());
        if (oldId.equals(leaderId)) {
            leaderId = replacement.memberId();
        }
        if (pendingSync.remove(oldId)) {
            pendingSync.add(replacement.memberId());
        }
    }

    /** Adds a member that joined with {@code joinProtocolType} (the group's type if it is the first). */
    void add(GroupMember member, String joinProtocolType) {
        if (members.isEmpty()) {
            protocolType = joinProtocolType;
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        newMemberAdded = true;
    }

    /** Removes a member; a new leader is chosen among those left if it led. */
    void remove(String memberId) {
        GroupMember removed = members.remove(memberId);
        pendingSync.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** Makes a member that has rejoined the leader if the old leader did not (the leader must be waiting). */
    void electLeaderAmongJoined() {
        GroupMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null && leader.isAwaitingJoin()) {
            return;
        }
        for (GroupMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ pending members (KIP-394)

    void addPending(String memberId, long deadlineMs) {
        pendingMembers.put(memberId, deadlineMs);
    }

    boolean isPending(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    void removePending(String memberId) {
        pendingMembers.remove(memberId);
    }

    /** Drops the pending members whose time to join ran out; returns whether any was dropped. */
    boolean expirePending(long nowMs) {
        return pendingMembers.values().removeIf(deadline -> nowMs >= deadline);
    }

    // ------------------------------------------------------------------ protocols

    /**
     * Whether a member joining with this protocol type and these protocols fits the group: the type must match
     * and at least one protocol must be supported by every current member.
     */
    boolean supports(String type, List<GroupMember.Protocol> protocols) {
        if (type == null || type.isEmpty() || protocols.isEmpty()) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        for (GroupMember.Protocol p : protocols) {
            if (members.values().stream().allMatch(m -> m.supports(p.name()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Picks the protocol of the next generation: among the protocols every member supports, the one most members
     * list first (each member votes for its most preferred candidate); ties go to the leader's preference.
     */
    String selectProtocol() {
        List<String> candidates = members.get(leaderId).protocols().stream().map(GroupMember.Protocol::name)
                .filter(name -> members.values().stream().allMatch(m -> m.supports(name))).toList();
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (GroupMember m : members.values()) {
            for (GroupMember.Protocol p : m.protocols()) {
                if (votes.containsKey(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /** Starts the next generation: a new id, the protocol chosen now (none when no member is left). */
    void nextGeneration() {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(GroupState.EMPTY);
        } else {
            protocolName = selectProtocol();
            transitionTo(GroupState.COMPLETING_REBALANCE);
        }
    }

    /** The longest rebalance timeout of the members: how long a rebalance waits for them to rejoin. */
    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (GroupMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    /** Every member has rejoined and no handed-out member id is still expected. */
    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::isAwaitingJoin);
    }

    // ------------------------------------------------------------------ rebalance deadlines

    /** The rebalance waits until {@code deadlineMs}, or (initial delay) for new members with the remaining budget. */
    void startJoinWait(long deadlineMs, boolean initial, long initialRemainingMs) {
        joinDeadlineMs = deadlineMs;
        initialDelay = initial;
        initialDelayRemainingMs = initialRemainingMs;
        newMemberAdded = false;
    }

    long joinDeadlineMs() {
        return joinDeadlineMs;
    }

    boolean inInitialDelay() {
        return initialDelay;
    }

    /**
     * At the end of an initial delay: if members kept arriving and budget is left, waits another {@code delayMs}
     * (at most what is left) and returns true; otherwise returns false and the join completes.
     */
    boolean extendInitialDelay(long nowMs, long delayMs) {
        if (!newMemberAdded || initialDelayRemainingMs <= 0) {
            return false;
        }
        long step = Math.min(delayMs, initialDelayRemainingMs);
        initialDelayRemainingMs -= step;
        joinDeadlineMs = nowMs + step;
        newMemberAdded = false;
        return true;
    }

    void clearJoinWait() {
        joinDeadlineMs = NO_DEADLINE;
        initialDelay = false;
    }

    /** The new generation's members must all send SyncGroup by {@code deadlineMs}. */
    void startSyncWait(long deadlineMs) {
        pendingSync.clear();
        pendingSync.addAll(members.keySet());
        syncDeadlineMs = deadlineMs;
    }

    void synced(String memberId) {
        pendingSync.remove(memberId);
        if (pendingSync.isEmpty()) {
            syncDeadlineMs = NO_DEADLINE;
        }
    }

    Set<String> pendingSync() {
        return Set.copyOf(pendingSync);
    }

    long syncDeadlineMs() {
        return syncDeadlineMs;
    }

    void clearSyncWait() {
        pendingSync.clear();
        syncDeadlineMs = NO_DEADLINE;
    }

    /** The earliest time anything of this group falls due. */
    long nextDeadlineMs() {
        long next = Math.min(joinDeadlineMs, syncDeadlineMs);
        for (long d : pendingMembers.values()) {
            next = Math.min(next, d);
        }
        for (GroupMember m : members.values()) {
            if (!m.isAwaitingJoin() && !m.isAwaitingSync()) {
                next = Math.min(next, m.heartbeatDeadlineMs());
            }
        }
        return next;
    }
}
