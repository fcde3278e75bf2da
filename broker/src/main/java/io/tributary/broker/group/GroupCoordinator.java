package io.tributary.broker.group;

import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import java.util.function.Function;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ConsumerGroupDescribeResponseData;
import io.tributary.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.tributary.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.tributary.protocol.message.DescribeGroupsResponseData;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.ListGroupsResponseData;
import io.tributary.protocol.message.ShareGroupDescribeResponseData;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import io.tributary.protocol.message.ShareGroupHeartbeatResponseData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The group coordinator of this broker: the groups whose {@code __consumer_offsets} partition it leads. It
 * answers for a group only once that partition is loaded here ({@link #load} replays it into the offset cache);
 * for any other group every call answers NOT_COORDINATOR, and the client looks the coordinator up again.
 *
 * <p>A single-threaded state machine: not thread-safe, every call with the time passed in
 * ({@link GroupCoordinatorService} runs it on its own thread and drives {@link #poll}). Membership lives in
 * {@link ClassicGroupManager} (JoinGroup/SyncGroup), {@link ConsumerGroupManager} (ConsumerGroupHeartbeat,
 * KIP-848) and {@link ShareGroupManager} (ShareGroupHeartbeat, KIP-932) — a group id is of one kind at a time, and
 * an empty classic or consumer group may change between those two kinds; a share group stays one until deleted —
 * committed offsets in
 * {@link OffsetManager}, shared by both, with the offsets of open transactions (TxnOffsetCommit) pending there until
 * {@link #completeTransaction} applies their marker.
 */
public final class GroupCoordinator {

    private final ToIntFunction<String> partitionOf;
    private final ClassicGroupManager groups;
    private final ConsumerGroupManager consumerGroups;
    private final ShareGroupManager shareGroups;
    private final OffsetManager offsets;
    private final Set<Integer> loaded = new HashSet<>();
    private final long retentionCheckIntervalMs;
    private long nextRetentionCheckMs;

    GroupCoordinator(GroupConfig config, CoordinatorLog log, ToIntFunction<String> partitionOf,
                     Supplier<String> uniqueSuffix) {
        this(config, ShareConfig.defaults(), g -> ShareGroupSettings.defaults(ShareConfig.defaults()), log,
                partitionOf, uniqueSuffix);
    }

    GroupCoordinator(GroupConfig config, ShareConfig shareConfig, Function<String, ShareGroupSettings> shareSettings,
                     CoordinatorLog log, ToIntFunction<String> partitionOf, Supplier<String> uniqueSuffix) {
        this.partitionOf = partitionOf;
        this.groups = new ClassicGroupManager(config, uniqueSuffix);
        this.consumerGroups = new ConsumerGroupManager(config, uniqueSuffix);
        this.shareGroups = new ShareGroupManager(shareConfig, shareSettings, log, partitionOf);
        this.offsets = new OffsetManager(config, log, partitionOf);
        this.retentionCheckIntervalMs = config.offsetsRetentionCheckIntervalMs();
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
        offsets.load(partition, shareGroups::apply);
        loaded.add(partition);
    }

    /** Gives up the groups of offsets partition {@code partition} (another broker leads it now). */
    public void unload(int partition) {
        loaded.remove(partition);
        groups.unload(g -> partitionOf.applyAsInt(g) == partition);
        consumerGroups.unload(g -> partitionOf.applyAsInt(g) == partition);
        shareGroups.unload(g -> partitionOf.applyAsInt(g) == partition);
        offsets.state().unload(g -> partitionOf.applyAsInt(g) == partition);
    }

    public CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, ClientInfo client,
                                                         long nowMs) {
        Errors status = status(request.groupId());
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(ClassicGroupManager.joinError(status, request.memberId()));
        }
        if (shareGroups.group(request.groupId()) != null || consumerGroups.delete(request.groupId()) != Errors.NONE) {
            // The group runs the consumer protocol (Kafka would convert it only with a migration policy set), or is
            // a share group.
            return CompletableFuture.completedFuture(ClassicGroupManager.joinError(
                    Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
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

    /** ConsumerGroupHeartbeat: {@code catalog} is the broker's view of the topics as the request arrived. */
    public ConsumerGroupHeartbeatResponseData consumerHeartbeat(ConsumerGroupHeartbeatRequestData request,
                                                                ClientInfo client, TopicCatalog catalog, long nowMs) {
        Errors status = status(request.groupId());
        if (status != Errors.NONE) {
            return ConsumerGroupManager.error(status, null);
        }
        ClassicGroup classic = groups.group(request.groupId());
        if (shareGroups.group(request.groupId()) != null
                || classic != null && groups.delete(request.groupId()) != Errors.NONE) {
            return ConsumerGroupManager.error(Errors.GROUP_ID_NOT_FOUND, "Group " + request.groupId()
                    + " is not a consumer group.");
        }
        return consumerGroups.heartbeat(request, client, catalog, nowMs);
    }

    /** ConsumerGroupDescribe of one group. */
    public ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId,
                                                                                  TopicCatalog catalog) {
        Errors status = status(groupId);
        ConsumerGroup group = consumerGroups.group(groupId);
        if (status == Errors.NONE && group != null) {
            return consumerGroups.describe(group, catalog);
        }
        ConsumerGroupDescribeResponseData.DescribedGroup missing = new ConsumerGroupDescribeResponseData
                .DescribedGroup().setGroupId(groupId).setGroupState("Dead");
        if (status != Errors.NONE) {
            return missing.setErrorCode(status.code());
        }
        return missing.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId
                + (groups.group(groupId) != null || shareGroups.group(groupId) != null ? " is not a consumer group."
                        : " not found."));
    }

    /**
     * ShareGroupHeartbeat (KIP-932): {@code catalog} is the broker's view of the topics as the request arrived. A
     * group id in use by a classic or consumer group (or with committed offsets) is not a share group's.
     */
    public ShareGroupHeartbeatResponseData shareHeartbeat(ShareGroupHeartbeatRequestData request, ClientInfo client,
                                                          TopicCatalog catalog, long nowMs) {
        Errors status = status(request.groupId());
        if (status != Errors.NONE) {
            return ShareGroupManager.error(status, null);
        }
        if (request.groupId() != null && otherKind(request.groupId())) {
            return ShareGroupManager.error(Errors.GROUP_ID_NOT_FOUND, notShareGroup(request.groupId()));
        }
        return shareGroups.heartbeat(request, client, catalog, nowMs);
    }

    /** ShareGroupDescribe of one group. */
    public ShareGroupDescribeResponseData.DescribedGroup describeShareGroup(String groupId, TopicCatalog catalog) {
        Errors status = status(groupId);
        ShareGroup group = shareGroups.group(groupId);
        if (status == Errors.NONE && group != null) {
            return shareGroups.describe(group, catalog);
        }
        ShareGroupDescribeResponseData.DescribedGroup missing = new ShareGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId).setGroupState(ShareGroup.State.DEAD.kafkaName());
        if (status != Errors.NONE) {
            return missing.setErrorCode(status.code());
        }
        return missing.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(otherKind(groupId)
                ? notShareGroup(groupId) : "Group " + groupId + " not found.");
    }

    /**
     * What a share-group admin request (Describe/Alter/DeleteShareGroupOffsets, DeleteGroups) may act on: an error
     * with its message, or the topics whose share-partitions may have state (by id, with their recorded names).
     */
    public record ShareGroupTopics(Errors error, String message, Map<UUID, String> topics) {
        static ShareGroupTopics failed(Errors error, String message) {
            return new ShareGroupTopics(error, message, Map.of());
        }
    }

    /**
     * The share group's recorded topics, or why not: NOT_COORDINATOR, GROUP_ID_NOT_FOUND (unknown, or not a share
     * group), NON_EMPTY_GROUP when {@code mustBeEmpty} and members are in.
     */
    public ShareGroupTopics shareGroupTopics(String groupId, boolean mustBeEmpty) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return ShareGroupTopics.failed(status, null);
        }
        ShareGroup group = shareGroups.group(groupId);
        if (group == null) {
            return ShareGroupTopics.failed(Errors.GROUP_ID_NOT_FOUND, otherKind(groupId) ? notShareGroup(groupId)
                    : "Group " + groupId + " not found.");
        }
        if (mustBeEmpty && !group.isEmpty()) {
            return ShareGroupTopics.failed(Errors.NON_EMPTY_GROUP, "The group has active members.");
        }
        return new ShareGroupTopics(Errors.NONE, null, Map.copyOf(group.statefulTopics()));
    }

    /** Whether {@code groupId} is a share group this coordinator serves. */
    public boolean isShareGroup(String groupId) {
        return status(groupId) == Errors.NONE && shareGroups.group(groupId) != null;
    }

    /**
     * Records topics whose share-partitions are about to get state (AlterShareGroupOffsets), written to {@code
     * __consumer_offsets} before this returns; the group must still be an empty share group.
     */
    public ShareGroupTopics recordShareTopics(String groupId, Map<UUID, String> topics, long nowMs) {
        ShareGroupTopics target = shareGroupTopics(groupId, true);
        if (target.error() != Errors.NONE) {
            return target;
        }
        Errors error = shareGroups.addTopics(shareGroups.group(groupId), topics, nowMs);
        return error != Errors.NONE ? ShareGroupTopics.failed(error, null) : shareGroupTopics(groupId, true);
    }

    /** Forgets topics whose share-partition state was deleted (DeleteShareGroupOffsets); answers the write's error. */
    public Errors forgetShareTopics(String groupId, Set<UUID> topics, long nowMs) {
        ShareGroupTopics target = shareGroupTopics(groupId, true);
        return target.error() != Errors.NONE ? target.error()
                : shareGroups.removeTopics(shareGroups.group(groupId), topics, nowMs);
    }

    private boolean otherKind(String groupId) {
        return groups.group(groupId) != null || consumerGroups.group(groupId) != null || offsets.hasOffsets(groupId);
    }

    private static String notShareGroup(String groupId) {
        return "Group " + groupId + " is not a share group.";
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
        return commit(new OffsetManager.Commit(groupId, CoordinatorLog.Writer.COORDINATOR, generationId, memberId,
                groupInstanceId, commits), apiVersion >= 9, nowMs);
    }

    /**
     * TxnOffsetCommit: writes the offsets to {@code __consumer_offsets} as one transactional batch of the producer
     * before this returns; they stay pending — invisible to OffsetFetch, UNSTABLE_OFFSET_COMMIT to a fetch that
     * requires stable offsets — until {@link #completeTransaction} applies the transaction's marker. The committer
     * is checked as for OffsetCommit where the group has membership (generation, member id, instance id: v3+), with
     * Kafka's allowances for a transaction (no member id needed, none of the sync phase's REBALANCE_IN_PROGRESS); a
     * group without any state takes a commit with generation -1.
     *
     * @param apiVersion the TxnOffsetCommit version: v6+ answers GROUP_ID_NOT_FOUND and STALE_MEMBER_EPOCH, older
     *                   versions ILLEGAL_GENERATION for both
     * @return each partition's error, in the order given
     */
    public Map<TopicPartition, Errors> commitTransactionalOffsets(long producerId, short producerEpoch,
                                                                 String groupId, int generationId, String memberId,
                                                                 String groupInstanceId,
                                                                 Map<TopicPartition, CommittedOffset> commits,
                                                                 short apiVersion, long nowMs) {
        if (producerId < 0) {
            return allFailed(commits, Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        return commit(new OffsetManager.Commit(groupId, CoordinatorLog.Writer.transaction(producerId, producerEpoch),
                generationId, memberId, groupInstanceId, commits), apiVersion >= 6, nowMs);
    }

    /**
     * @param knowsNewErrors whether the request version knows GROUP_ID_NOT_FOUND and STALE_MEMBER_EPOCH (KIP-848)
     */
    private Map<TopicPartition, Errors> commit(OffsetManager.Commit commit, boolean knowsNewErrors, long nowMs) {
        Errors status = status(commit.groupId());
        if (status != Errors.NONE) {
            return allFailed(commit.offsets(), status);
        }
        ConsumerGroup consumerGroup = consumerGroups.group(commit.groupId());
        Errors groupError;
        if (shareGroups.group(commit.groupId()) != null) {
            // A share group keeps no committed offsets.
            groupError = knowsNewErrors ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
        } else if (consumerGroup != null) {
            groupError = ConsumerGroupManager.validateCommit(consumerGroup, commit.memberId(), commit.generationId());
            if (groupError == Errors.STALE_MEMBER_EPOCH && !knowsNewErrors) {
                groupError = Errors.ILLEGAL_GENERATION;
            }
        } else {
            groupError = OffsetManager.validateClassic(commit, groups.group(commit.groupId()), knowsNewErrors);
        }
        return offsets.commit(commit, groupError, nowMs);
    }

    private static Map<TopicPartition, Errors> allFailed(Map<TopicPartition, CommittedOffset> commits, Errors error) {
        Map<TopicPartition, Errors> out = new java.util.LinkedHashMap<>();
        commits.keySet().forEach(tp -> out.put(tp, error));
        return out;
    }

    /**
     * Applies a transaction marker just appended to offsets partition {@code partition} (by the transaction
     * coordinator's marker writer): producer {@code producerId}'s pending offsets of that partition's groups become
     * committed ({@code commit}), or are dropped. A partition not loaded here is left alone: loading it replays the
     * marker from the log.
     */
    public void completeTransaction(int partition, long producerId, boolean commit) {
        if (loaded.contains(partition)) {
            offsets.completeTransaction(partition, producerId, commit);
        }
    }

    /**
     * The partitions of a group with an offset written by a transaction still open: what an OffsetFetch that
     * requires stable offsets answers UNSTABLE_OFFSET_COMMIT for. Check {@link #status} first.
     */
    public Set<TopicPartition> pendingTransactionalPartitions(String groupId) {
        return offsets.state().pendingPartitions(groupId);
    }

    /**
     * The committed offsets of a group ({@code partitions} null: all it has); a partition without a commit maps to
     * null. Throws nothing: check {@link #status} first.
     */
    public Map<TopicPartition, CommittedOffset> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        return offsets.fetch(groupId, partitions);
    }

    /** What OffsetDelete did: a group-level error, or one per partition. */
    public record OffsetDeletion(Errors error, Map<TopicPartition, Errors> partitions) {
        static OffsetDeletion failed(Errors error) {
            return new OffsetDeletion(error, Map.of());
        }
    }

    /**
     * Deletes a group's committed offsets of these partitions — as Kafka does, only of topics the group does not
     * consume now: a partition of a topic its live members subscribe to is refused with GROUP_SUBSCRIBED_TO_TOPIC.
     * A live classic group whose subscriptions cannot be read (not the consumer protocol, e.g. Connect workers) is
     * refused whole with NON_EMPTY_GROUP.
     */
    public OffsetDeletion deleteOffsets(String groupId, List<TopicPartition> partitions, long nowMs) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return OffsetDeletion.failed(status);
        }
        boolean active = hasMembers(groupId);
        if (!active && !offsets.hasOffsets(groupId)) {
            return OffsetDeletion.failed(Errors.GROUP_ID_NOT_FOUND);
        }
        Set<String> consumed = active ? consumedTopics(groupId) : Set.of();
        if (consumed == null) {
            return OffsetDeletion.failed(Errors.NON_EMPTY_GROUP);
        }
        Errors error = offsets.delete(groupId, partitions.stream().filter(tp -> !consumed.contains(tp.topic()))
                .toList(), nowMs);
        if (error != Errors.NONE) {
            return OffsetDeletion.failed(error);
        }
        if (consumerGroups.group(groupId) == null) {
            // a group of offsets only (simple commits) stays, Empty, when its last offset goes, as in Kafka
            groups.keepEmpty(groupId);
        }
        Map<TopicPartition, Errors> result = new java.util.LinkedHashMap<>();
        partitions.forEach(tp -> result.put(tp, consumed.contains(tp.topic()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC
                : Errors.NONE));
        return new OffsetDeletion(Errors.NONE, result);
    }

    /** The topics a live group's members subscribe to, or null if they cannot be known. */
    private Set<String> consumedTopics(String groupId) {
        ConsumerGroup consumerGroup = consumerGroups.group(groupId);
        if (consumerGroup != null) {
            return consumerGroup.subscribedTopics().keySet();
        }
        ClassicGroup group = groups.group(groupId);
        if (group == null || group.isEmpty()) {
            return Set.of();
        }
        if (!"consumer".equals(group.protocolType())) {
            return null;
        }
        Set<String> topics = new HashSet<>();
        for (GroupMember member : group.members()) {
            // before the first protocol is chosen any of a consumer's protocols carries the same subscription
            byte[] metadata = group.protocolName() != null ? member.metadata(group.protocolName())
                    : member.protocols().isEmpty() ? null : member.protocols().get(0).metadata();
            Set<String> subscribed = ConsumerSubscription.topics(metadata);
            if (subscribed == null) {
                return null;
            }
            topics.addAll(subscribed);
        }
        return topics;
    }

    /**
     * Deletes an empty group and its offsets (DeleteGroups): tombstones for the committed ones and for those open
     * transactions wrote, as Kafka does — a transaction that commits later makes nothing of this group visible.
     */
    public Errors deleteGroup(String groupId, long nowMs) {
        Errors status = status(groupId);
        if (status != Errors.NONE) {
            return status;
        }
        if (shareGroups.group(groupId) != null) {
            // Its share-partitions' state is deleted first, through the share coordinator (DeleteGroupsHandler).
            return shareGroups.delete(groupId, nowMs);
        }
        ClassicGroup group = groups.group(groupId);
        if (group == null && consumerGroups.group(groupId) == null && !offsets.hasOffsets(groupId)) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        Errors error = groups.delete(groupId);
        if (error == Errors.NONE) {
            error = consumerGroups.delete(groupId);
        }
        if (error != Errors.NONE) {
            return error;
        }
        return offsets.delete(groupId, offsets.partitions(groupId), nowMs);
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
        for (ConsumerGroup g : consumerGroups.groups()) {
            seen.add(g.groupId());
            out.add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId()).setProtocolType("consumer")
                    .setGroupState(g.state().kafkaName()).setGroupType("consumer"));
        }
        for (ShareGroup g : shareGroups.groups()) {
            seen.add(g.groupId());
            out.add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId()).setProtocolType("share")
                    .setGroupState(g.state().kafkaName()).setGroupType("share"));
        }
        for (String g : offsets.state().groups()) {
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
        ConsumerGroup consumerGroup = consumerGroups.group(groupId);
        if (consumerGroup != null || shareGroups.group(groupId) != null) {
            // As Kafka: DescribeGroups is the classic protocol's; Admin falls back to ConsumerGroupDescribe.
            return new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId).setGroupState("Dead")
                    .setProtocolType("").setProtocolData("").setMembers(new ArrayList<>())
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " is not a classic group.");
        }
        if (g == null) {
            return offsets.hasOffsets(groupId)
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
        if (nowMs >= nextRetentionCheckMs) {
            expireOffsets(nowMs);
            nextRetentionCheckMs = nowMs + retentionCheckIntervalMs;
        }
        return Math.min(Math.min(nextRetentionCheckMs, shareGroups.poll(nowMs)),
                Math.min(groups.poll(nowMs), consumerGroups.poll(nowMs)));
    }

    /**
     * Offset retention; then, as Kafka's cleanup does, a group left with neither members nor offsets is removed —
     * whether retention expired its offsets now or it had none left (OffsetDelete, members gone without commits).
     */
    private void expireOffsets(long nowMs) {
        for (String groupId : offsets.expire(this::topicsInUse, nowMs)) {
            groups.delete(groupId);
            consumerGroups.delete(groupId);
        }
        List<String> emptied = groups.groups().stream().filter(g -> g.is(GroupState.EMPTY)
                && !offsets.hasOffsets(g.groupId())).map(ClassicGroup::groupId).toList();
        emptied.forEach(groups::delete);
    }

    /** For retention: null for a group without members, else the topics its members read (all, if unknown). */
    private Predicate<String> topicsInUse(String groupId) {
        if (!hasMembers(groupId)) {
            return null;
        }
        Set<String> consumed = consumedTopics(groupId);
        return consumed == null ? topic -> true : consumed::contains;
    }

    private boolean hasMembers(String groupId) {
        ClassicGroup classic = groups.group(groupId);
        ConsumerGroup consumer = consumerGroups.group(groupId);
        return classic != null && !classic.is(GroupState.EMPTY) || consumer != null && !consumer.isEmpty();
    }
}
