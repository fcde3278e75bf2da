package io.tributary.broker.group;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The classic group membership protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup over the groups of this
 * coordinator, with the rebalance, session and sync timeouts driven by {@link #poll}. Single-threaded: every
 * method runs on the coordinator thread with the current time passed in, and answers that must wait (a JoinGroup
 * until the rebalance completes, a SyncGroup until the leader's assignment arrives) are futures completed by a
 * later call.
 *
 * <p>Rebalance in brief (as Kafka does it): a join by a new member, a leader's rejoin, a member's changed
 * protocols, a leave or an expired session moves the group to PreparingRebalance; every member must rejoin within
 * the largest rebalance timeout (those that do not are removed). The first rebalance of an empty group waits
 * {@code group.initial.rebalance.delay.ms} for more members, again while members keep arriving, up to the
 * rebalance timeout. Once all have joined the next generation starts: the leader's JoinGroup answer carries every
 * member's metadata for the selected protocol, the leader's SyncGroup hands out the assignment, and the group is
 * Stable. Members that do not sync within the rebalance timeout are removed.
 */
final class ClassicGroupManager {

    private final GroupConfig config;
    private final Supplier<String> uniqueSuffix;
    private final Map<String, ClassicGroup> groups = new HashMap<>();

    ClassicGroupManager(GroupConfig config, Supplier<String> uniqueSuffix) {
        this.config = config;
        this.uniqueSuffix = uniqueSuffix;
    }

    ClassicGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ClassicGroup> groups() {
        return groups.values();
    }

    /** Forgets the groups the predicate selects (their partition is unloaded): waiting members are told so. */
    void unload(java.util.function.Predicate<String> which) {
        groups.values().removeIf(g -> {
            if (!which.test(g.groupId())) {
                return false;
            }
            for (GroupMember m : g.members()) {
                m.completeJoin(joinError(Errors.NOT_COORDINATOR, m.memberId()));
                m.completeSync(syncError(Errors.NOT_COORDINATOR));
            }
            g.transitionTo(GroupState.DEAD);
            return true;
        });
    }

    /**
     * Makes an empty group of a name no group has yet: Kafka keeps a group whose offsets OffsetDelete removed, Empty,
     * until DeleteGroups or the next offset retention check.
     */
    void keepEmpty(String groupId) {
        groups.computeIfAbsent(groupId, ClassicGroup::new);
    }

    /** Removes an empty group (DeleteGroups); returns the error to answer for it. */
    Errors delete(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return Errors.NONE;
        }
        if (!g.is(GroupState.EMPTY)) {
            return Errors.NON_EMPTY_GROUP;
        }
        g.transitionTo(GroupState.DEAD);
        groups.remove(groupId);
        return Errors.NONE;
    }

    // ------------------------------------------------------------------ JoinGroup

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, ClientInfo client, long nowMs) {
        String memberId = request.memberId() == null ? "" : request.memberId();
        List<GroupMember.Protocol> protocols = GroupMember.protocolsOf(request);
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return done(joinError(Errors.INVALID_GROUP_ID, memberId));
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return done(joinError(Errors.INVALID_SESSION_TIMEOUT, memberId));
        }
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            if (!memberId.isEmpty()) {
                return done(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
            }
            if (request.protocolType() == null || request.protocolType().isEmpty() || protocols.isEmpty()) {
                return done(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
            }
            group = new ClassicGroup(request.groupId());
            groups.put(group.groupId(), group);
        }
        if (group.is(GroupState.DEAD)) {
            return done(joinError(Errors.COORDINATOR_NOT_AVAILABLE, memberId));
        }
        if (!group.supports(request.protocolType(), protocols)) {
            return done(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
        }
        CompletableFuture<JoinGroupResponseData> answer = new CompletableFuture<>();
        if (memberId.isEmpty()) {
            joinNewMember(group, request, client, protocols, nowMs, answer);
        } else {
            joinKnownMember(group, request, client, memberId, protocols, nowMs, answer);
        }
        return answer;
    }

    private void joinNewMember(ClassicGroup group, JoinGroupRequestData request, ClientInfo client,
                               List<GroupMember.Protocol> protocols, long nowMs,
                               CompletableFuture<JoinGroupResponseData> answer) {
        String memberId = client.clientId() + "-" + uniqueSuffix.get();
        if (client.apiVersion() >= 4 && request.groupInstanceId() == null) {
            // KIP-394: hand out the id first; the member joins with it, so a lost answer leaves no ghost member.
            group.addPending(memberId, nowMs + request.sessionTimeoutMs());
            answer.complete(joinError(Errors.MEMBER_ID_REQUIRED, memberId));
            return;
        }
        String previous = request.groupInstanceId() == null ? null : group.staticMemberId(request.groupInstanceId());
        if (previous != null) {
            rejoinStaticMember(group, previous, memberId, request, client, protocols, nowMs, answer);
            return;
        }
        addMemberAndRebalance(group, memberId, request, client, protocols, nowMs, answer);
    }

    /**
     * A static member restarted (it joins with its {@code group.instance.id} and no member id): its new member id
     * replaces the old one, which is fenced from now on, and it keeps its place — leadership and assignment. In a
     * Stable group whose selected protocol stays the same that is all: no rebalance, the member syncs and gets its assignment
     * back (KIP-345). A leader is told to skip computing an assignment (KIP-814, JoinGroup v9+).
     */
    private void rejoinStaticMember(ClassicGroup group, String previousId, String memberId,
                                    JoinGroupRequestData request, ClientInfo client,
                                    List<GroupMember.Protocol> protocols, long nowMs,
                                    CompletableFuture<JoinGroupResponseData> answer) {
        GroupMember old = group.member(previousId);
        old.completeJoin(joinError(Errors.FENCED_INSTANCE_ID, previousId));
        old.completeSync(syncError(Errors.FENCED_INSTANCE_ID));
        GroupMember member = old.replacedBy(memberId, client.clientId(), client.clientHost(),
                request.sessionTimeoutMs(), rebalanceTimeout(request), protocols);
        group.replace(previousId, member);
        member.heartbeat(nowMs);
        // As Kafka: the member's metadata may differ (it lost its owned partitions); only a change of the
        // protocol the group would select makes a rebalance necessary.
        if (group.is(GroupState.STABLE) && group.selectProtocol().equals(group.protocolName())) {
            JoinGroupResponseData response = joinAnswer(group, member);
            if (group.isLeader(memberId) && client.apiVersion() >= 9) {
                response.setSkipAssignment(true);
            }
            answer.complete(response);
            return;
        }
        awaitJoin(member, answer);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group, nowMs);
        } else {
            prepareRebalance(group, nowMs);
        }
    }

    private void joinKnownMember(ClassicGroup group, JoinGroupRequestData request, ClientInfo client, String memberId,
                                 List<GroupMember.Protocol> protocols, long nowMs,
                                 CompletableFuture<JoinGroupResponseData> answer) {
        if (group.isPending(memberId)) {
            group.removePending(memberId);
            addMemberAndRebalance(group, memberId, request, client, protocols, nowMs, answer);
            return;
        }
        GroupMember member = group.member(memberId);
        if (member == null) {
            answer.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
            return;
        }
        switch (group.state()) {
            case PREPARING_REBALANCE -> {
                member.update(request.sessionTimeoutMs(), rebalanceTimeout(request), protocols);
                awaitJoin(member, answer);
                maybeCompleteJoin(group, nowMs);
            }
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(protocols)) {
                    // A resend of the join that formed this generation: answer it again.
                    answer.complete(joinAnswer(group, member));
                } else {
                    member.update(request.sessionTimeoutMs(), rebalanceTimeout(request), protocols);
                    awaitJoin(member, answer);
                    prepareRebalance(group, nowMs);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.sameProtocols(protocols)) {
                    // The leader rejoins to make the group reassign (its view of the topics changed).
                    member.update(request.sessionTimeoutMs(), rebalanceTimeout(request), protocols);
                    awaitJoin(member, answer);
                    prepareRebalance(group, nowMs);
                } else {
                    answer.complete(joinAnswer(group, member));
                }
            }
            case EMPTY, DEAD -> answer.complete(joinError(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    /** Parks a member's JoinGroup; an earlier one still parked (the client gave up on it) is answered first. */
    private static void awaitJoin(GroupMember member, CompletableFuture<JoinGroupResponseData> answer) {
        member.completeJoin(joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId()));
        member.awaitJoin(answer);
    }

    private void addMemberAndRebalance(ClassicGroup group, String memberId, JoinGroupRequestData request,
                                       ClientInfo client, List<GroupMember.Protocol> protocols, long nowMs,
                                       CompletableFuture<JoinGroupResponseData> answer) {
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), client.clientId(),
                client.clientHost(), request.sessionTimeoutMs(), rebalanceTimeout(request), protocols);
        member.awaitJoin(answer);
        member.heartbeat(nowMs);
        group.add(member, request.protocolType());
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group, nowMs);
        } else {
            prepareRebalance(group, nowMs);
        }
    }

    private static int rebalanceTimeout(JoinGroupRequestData request) {
        // v0 has no rebalance timeout: the session timeout served for both.
        return request.rebalanceTimeoutMs() < 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
    }

    /** Starts a rebalance: every member must rejoin. A sync in progress is abandoned. */
    private void prepareRebalance(ClassicGroup group, long nowMs) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            for (GroupMember m : group.members()) {
                m.assign(null);
                m.completeSync(syncError(Errors.REBALANCE_IN_PROGRESS));
            }
        }
        group.clearSyncWait();
        boolean initial = group.is(GroupState.EMPTY) && config.initialRebalanceDelayMs() > 0;
        if (initial) {
            long delay = config.initialRebalanceDelayMs();
            group.startJoinWait(nowMs + delay, true, Math.max(0, group.maxRebalanceTimeoutMs() - delay));
        } else {
            group.startJoinWait(nowMs + group.maxRebalanceTimeoutMs(), false, 0);
        }
        group.transitionTo(GroupState.PREPARING_REBALANCE);
        maybeCompleteJoin(group, nowMs);   // every member may be in already (a lone member rejoining)
    }

    private void maybeCompleteJoin(ClassicGroup group, long nowMs) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.inInitialDelay() && group.allMembersJoined()) {
            completeJoin(group, nowMs);
        }
    }

    /** Ends the join phase: members that did not rejoin are removed and the next generation starts. */
    private void completeJoin(ClassicGroup group, long nowMs) {
        group.clearJoinWait();
        for (GroupMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingJoin()) {
                group.remove(m.memberId());
            }
        }
        group.electLeaderAmongJoined();
        group.nextGeneration();
        if (group.is(GroupState.EMPTY)) {
            return;
        }
        for (GroupMember m : group.members()) {
            JoinGroupResponseData response = joinAnswer(group, m);
            m.heartbeat(nowMs);
            m.completeJoin(response);
        }
        group.startSyncWait(nowMs + group.maxRebalanceTimeoutMs());
    }

    /** The JoinGroup answer of the current generation; the leader's lists every member with its metadata. */
    private static JoinGroupResponseData joinAnswer(ClassicGroup group, GroupMember member) {
        List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
        if (group.isLeader(member.memberId())) {
            for (GroupMember m : group.members()) {
                members.add(new JoinGroupResponseData.JoinGroupResponseMember().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setMetadata(m.metadata(group.protocolName())));
            }
        }
        return new JoinGroupResponseData().setErrorCode(Errors.NONE.code())
                .setGenerationId(group.generationId()).setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setLeader(group.leaderId())
                .setMemberId(member.memberId()).setMembers(members);
    }

    static JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setProtocolName(null).setLeader("").setMemberId(memberId == null ? "" : memberId)
                .setMembers(new ArrayList<>());
    }

    // ------------------------------------------------------------------ SyncGroup

    CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request, long nowMs) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return done(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        Errors invalid = validateMember(group, request.memberId(), request.groupInstanceId(),
                request.generationId());
        if (invalid != Errors.NONE) {
            return done(syncError(invalid));
        }
        if (request.protocolType() != null && !request.protocolType().equals(group.protocolType())
                || request.protocolName() != null && !request.protocolName().equals(group.protocolName())) {
            return done(syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        GroupMember member = group.member(request.memberId());
        switch (group.state()) {
            case EMPTY -> {
                return done(syncError(Errors.UNKNOWN_MEMBER_ID));
            }
            case PREPARING_REBALANCE -> {
                return done(syncError(Errors.REBALANCE_IN_PROGRESS));
            }
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncGroupResponseData> answer = new CompletableFuture<>();
                member.awaitSync(answer);
                member.heartbeat(nowMs);
                group.synced(member.memberId());
                if (group.isLeader(member.memberId())) {
                    Map<String, byte[]> assignments = new HashMap<>();
                    request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
                    for (GroupMember m : group.members()) {
                        m.assign(assignments.get(m.memberId()));
                    }
                    group.transitionTo(GroupState.STABLE);
                    for (GroupMember m : group.members()) {
                        m.completeSync(syncAnswer(group, m));
                    }
                }
                return answer;
            }
            case STABLE -> {
                member.heartbeat(nowMs);
                group.synced(member.memberId());
                return done(syncAnswer(group, member));
            }
            default -> {
                return done(syncError(Errors.COORDINATOR_NOT_AVAILABLE));
            }
        }
    }

    private static SyncGroupResponseData syncAnswer(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponseData().setErrorCode(Errors.NONE.code()).setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setAssignment(member.assignment());
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    // ------------------------------------------------------------------ Heartbeat

    Errors heartbeat(HeartbeatRequestData request, long nowMs) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        Errors invalid = validateMember(group, request.memberId(), request.groupInstanceId(),
                request.generationId());
        if (invalid != Errors.NONE) {
            return invalid;
        }
        return switch (group.state()) {
            case EMPTY -> Errors.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                group.member(request.memberId()).heartbeat(nowMs);
                yield Errors.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                group.member(request.memberId()).heartbeat(nowMs);
                yield Errors.NONE;
            }
            case DEAD -> Errors.COORDINATOR_NOT_AVAILABLE;
        };
    }

    /**
     * Checks that a request comes from a current member of this generation: COORDINATOR_NOT_AVAILABLE for a dead
     * group, FENCED_INSTANCE_ID when a static member's id is not the one its instance id has now,
     * UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION.
     */
    static Errors validateMember(ClassicGroup group, String memberId, String groupInstanceId, int generationId) {
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors identity = validateIdentity(group, memberId, groupInstanceId);
        if (identity != Errors.NONE) {
            return identity;
        }
        return generationId == group.generationId() ? Errors.NONE : Errors.ILLEGAL_GENERATION;
    }

    static Errors validateIdentity(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = group.staticMemberId(groupInstanceId);
            if (current != null && !current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return group.member(memberId) == null ? Errors.UNKNOWN_MEMBER_ID : Errors.NONE;
    }

    // ------------------------------------------------------------------ LeaveGroup

    LeaveResult leave(String groupId, List<MemberIdentity> leavers, long nowMs) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return new LeaveResult(Errors.UNKNOWN_MEMBER_ID, List.of());
        }
        if (group.is(GroupState.DEAD)) {
            return new LeaveResult(Errors.COORDINATOR_NOT_AVAILABLE, List.of());
        }
        List<Errors> errors = new ArrayList<>();
        for (MemberIdentity leaver : leavers) {
            String memberId = leaver.memberId() == null ? "" : leaver.memberId();
            if (memberId.isEmpty() && leaver.groupInstanceId() != null) {
                memberId = group.staticMemberId(leaver.groupInstanceId());
                if (memberId == null) {
                    errors.add(Errors.UNKNOWN_MEMBER_ID);
                    continue;
                }
            }
            if (group.isPending(memberId)) {
                group.removePending(memberId);
                maybeCompleteJoin(group, nowMs);
                errors.add(Errors.NONE);
                continue;
            }
            Errors identity = validateIdentity(group, memberId, leaver.groupInstanceId());
            if (identity != Errors.NONE) {
                errors.add(identity);
                continue;
            }
            removeMemberAndUpdate(group, group.member(memberId), nowMs);
            errors.add(Errors.NONE);
        }
        return new LeaveResult(Errors.NONE, errors);
    }

    private void removeMemberAndUpdate(ClassicGroup group, GroupMember member, long nowMs) {
        member.completeJoin(joinError(Errors.UNKNOWN_MEMBER_ID, member.memberId()));
        member.completeSync(syncError(Errors.UNKNOWN_MEMBER_ID));
        group.remove(member.memberId());
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, nowMs);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group, nowMs);
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------ timers

    /**
     * Fires whatever fell due by {@code nowMs} — the end of a join wait (initial delay or rebalance timeout),
     * handed-out member ids never used, expired sessions, members that never synced — and returns the earliest
     * time something else falls due ({@link Long#MAX_VALUE} if nothing does).
     */
    long poll(long nowMs) {
        long next = Long.MAX_VALUE;
        for (ClassicGroup group : groups.values()) {
            pollGroup(group, nowMs);
            next = Math.min(next, group.nextDeadlineMs());
        }
        return next;
    }

    private void pollGroup(ClassicGroup group, long nowMs) {
        if (group.is(GroupState.PREPARING_REBALANCE) && nowMs >= group.joinDeadlineMs()) {
            if (!(group.inInitialDelay() && group.extendInitialDelay(nowMs, config.initialRebalanceDelayMs()))) {
                completeJoin(group, nowMs);
            }
        }
        if (group.expirePending(nowMs)) {
            maybeCompleteJoin(group, nowMs);
        }
        if (!group.pendingSync().isEmpty() && nowMs >= group.syncDeadlineMs()) {
            for (String memberId : group.pendingSync()) {
                GroupMember m = group.member(memberId);
                if (m != null) {
                    removeMemberAndUpdate(group, m, nowMs);
                }
            }
            group.clearSyncWait();
        }
        for (GroupMember m : List.copyOf(group.members())) {
            if (m.sessionExpired(nowMs) && group.member(m.memberId()) != null) {
                removeMemberAndUpdate(group, m, nowMs);
            }
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
