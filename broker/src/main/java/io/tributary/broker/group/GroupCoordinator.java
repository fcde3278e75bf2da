package io.tributary.broker.group;

import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeGroupsResponseData;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.ListGroupsResponseData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The group coordinator of this broker: the groups whose {@code __consumer_offsets} partition it leads. It
 * answers for a group only once that partition is loaded here ({@link #load} replays it into the offset cache);
 * for any other group every call answers NOT_COORDINATOR, and the client looks the coordinator up again.
 *
 * <p>A single-threaded state machine: not thread-safe, every call with the time passed in
 * ({@link GroupCoordinatorService} runs it on its own thread and drives {@link #poll}). Membership lives in
 * {@link ClassicGroupManager}, committed offsets in {@link OffsetManager}.
 */
public final class GroupCoordinator {

    private final CoordinatorLog log;
    private final ToIntFunction<String> partitionOf;
    private final ClassicGroupManager groups;
    private final OffsetManager offsets;
    private final Set<Integer> loaded = new HashSet<>();

    GroupCoordinator(GroupConfig config, CoordinatorLog log, ToIntFunction<String> partitionOf,
                     Supplier<String> uniqueSuffix) {
        this.log = log;
        this.partitionOf = partitionOf;
        this.groups = new ClassicGroupManager(config, uniqueSuffix);
        this.offsets = new OffsetManager(config, log, partitionOf);
    }

    /** NONE if this coordinator serves the group now, else NOT_COORDINATOR. */
    public Errors status(String groupId) {
        int p = groupId == null ? -1 : partitionOf.applyAsInt(groupId);
        return p >= 0 && loaded.contains(p) ? Errors.NONE : Errors.NOT_COORDINATOR;
    }

    /** Takes over the groups of offsets partition {@code partition}: replays it into the offset cache. */
    public void load(int partition) {
        if (loaded.contains(partition)) {
            return;
        }
        unload(partition);
        log.replay(partition, offsets::replay);
        loaded.add(partition);
    }

    /** Gives up the groups of offsets partition {@code partition} (another broker leads it now). */
    public void unload(int partition) {
        loaded.remove(partition);
        groups.unload(g -> partitionOf.applyAsInt(g) == partition);
        offsets.store().unload(g -> partitionOf.applyAsInt(g) == partition);
    }

    public CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, ClientInfo client,
                                                         long nowMs) {
        Errors status = status(request.groupId());
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(ClassicGroupManager.joinError(status, request.memberId()));
        }
        return groups.join(request, client, nowMs);
    }

    public CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request, long nowMs) {
        Errors status = status(request.groupId());
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(ClassicGroupManager.syncError(status));
        }
        return groups.sync(request, nowMs);
    }

    public Errors heartbeat(HeartbeatRequestData request, long nowMs) {
        Errors status = status(request.groupId());
        return status != Errors.NONE ? status : groups.heartbeat(request, nowMs);
    }

    /** Members leave (by member id, or instance id for static members). */
    public LeaveResult leave(String groupId, List<MemberIdentity> leavers, long nowMs) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return new LeaveResult(status, List.of());
        }
        return groups.leave(groupId, leavers, nowMs);
    }

    /**
     * Commits offsets for a group, written to {@code __consumer_offsets} before this returns.
     *
     * @return each partition's error, in the order given
     */
    public Map<TopicPartition, Errors> commitOffsets(String groupId, int generationId, String memberId,
                                                    String groupInstanceId,
                                                    Map<TopicPartition, CommittedOffset> commits,
                                                    short apiVersion, long nowMs) {
        Errors status = status(groupId);
        OffsetManager.Commit commit = new OffsetManager.Commit(groupId, generationId, memberId, groupInstanceId,
                commits);
        if (status != Errors.NONE) {
            Map<TopicPartition, Errors> out = new java.util.LinkedHashMap<>();
            commits.keySet().forEach(tp -> out.put(tp, status));
            return out;
        }
        return offsets.commit(commit, groups.group(groupId), apiVersion, nowMs);
    }

    /**
     * The committed offsets of a group ({@code partitions} null: all it has); a partition without a commit maps to
     * null. Throws nothing: check {@link #status} first.
     */
    public Map<TopicPartition, CommittedOffset> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        return offsets.fetch(groupId, partitions);
    }

    /** Deletes a group's committed offsets of these partitions; refused while members consume them. */
    public Errors deleteOffsets(String groupId, List<TopicPartition> partitions, long nowMs) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return status;
        }
        ClassicGroup group = groups.group(groupId);
        if ((group == null || group.is(GroupState.EMPTY)) && !offsets.store().hasOffsets(groupId)) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        if (group != null && !group.is(GroupState.EMPTY)) {
            return Errors.NON_EMPTY_GROUP;
        }
        return offsets.delete(groupId, partitions, nowMs);
    }

    /** Deletes an empty group and its committed offsets (DeleteGroups). */
    public Errors deleteGroup(String groupId, long nowMs) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return status;
        }
        ClassicGroup group = groups.group(groupId);
        if (group == null && !offsets.store().hasOffsets(groupId)) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        Errors error = groups.delete(groupId);
        if (error != Errors.NONE) {
            return error;
        }
        return offsets.delete(groupId, List.copyOf(offsets.store().offsets(groupId).keySet()), nowMs);
    }

    /** Every group this coordinator serves: those with membership state and those with only committed offsets. */
    public List<ListGroupsResponseData.ListedGroup> listGroups() {
        List<ListGroupsResponseData.ListedGroup> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ClassicGroup g : groups.groups()) {
            seen.add(g.groupId());
            out.add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId())
                    .setProtocolType(g.protocolType() == null ? "" : g.protocolType())
                    .setGroupState(g.state().kafkaName()).setGroupType("classic"));
        }
        for (String g : offsets.store().groups()) {
            if (seen.add(g)) {
                out.add(new ListGroupsResponseData.ListedGroup().setGroupId(g).setProtocolType("")
                        .setGroupState(GroupState.EMPTY.kafkaName()).setGroupType("classic"));
            }
        }
        return out;
    }

    /**
     * A group as DescribeGroups shows it: state, protocol type and selected protocol, members (with their
     * metadata and assignment once Stable). Null if the group is unknown here.
     */
    public DescribeGroupsResponseData.DescribedGroup describe(String groupId) {
        ClassicGroup g = groups.group(groupId);
        if (g == null) {
            return offsets.store().hasOffsets(groupId)
                    ? new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
                            .setGroupState(GroupState.EMPTY.kafkaName()).setProtocolType("").setProtocolData("")
                            .setMembers(new ArrayList<>())
                    : null;
        }
        boolean stable = g.is(GroupState.STABLE);
        List<DescribeGroupsResponseData.DescribedGroupMember> members = new ArrayList<>();
        for (GroupMember m : g.members()) {
            byte[] metadata = stable ? m.metadata(g.protocolName()) : null;
            members.add(new DescribeGroupsResponseData.DescribedGroupMember().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setClientId(m.clientId())
                    .setClientHost(m.clientHost()).setMemberMetadata(metadata == null ? new byte[0] : metadata)
                    .setMemberAssignment(stable ? m.assignment() : new byte[0]));
        }
        return new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
                .setGroupState(g.state().kafkaName())
                .setProtocolType(g.protocolType() == null ? "" : g.protocolType())
                .setProtocolData(stable && g.protocolName() != null ? g.protocolName() : "")
                .setMembers(members);
    }

    /** Fires the timeouts due by {@code nowMs}; returns when the next one falls due (Long.MAX_VALUE: none). */
    public long poll(long nowMs) {
        return groups.poll(nowMs);
    }
}
