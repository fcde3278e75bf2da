/**
 * The group coordinator (classic protocol, KIP-848's consumer protocol and KIP-932's share groups) and committed
 * offsets.
 *
 * <p>Data flow: a group's requests reach the broker that leads the group's partition of {@code __consumer_offsets}
 * ({@link io.tributary.broker.group.OffsetsTopic}: Kafka's hash rule) → handlers in {@code broker.handler} →
 * {@link io.tributary.broker.group.GroupCoordinatorService}, which runs the single-threaded
 * {@link io.tributary.broker.group.GroupCoordinator} on its own thread with the time passed in →
 * {@code ClassicGroupManager} (membership: JoinGroup/SyncGroup/Heartbeat/LeaveGroup, rebalances and timeouts over
 * {@code ClassicGroup} and its {@link io.tributary.broker.group.GroupState}), {@code ConsumerGroupManager}
 * (ConsumerGroupHeartbeat: epochs, server-side assignors, revoke-then-assign reconciliation over
 * {@code ConsumerGroup} / {@code ConsumerGroupMember}), {@code ShareGroupManager} (ShareGroupHeartbeat: client-made
 * member ids, epochs, session timeouts, the {@code SimpleAssignor} that may give a partition to several members, no
 * revocation phase, over {@code ShareGroup} / {@code ShareGroupMember}; a share group's existence and the topics
 * whose share-partitions may have state are persisted as one record per group, membership is not) and
 * {@code OffsetManager} (commits
 * written through {@code CoordinatorLog} to the partition's log before they reach the {@code OffsetState} cache).
 * TxnOffsetCommit writes a transactional batch whose offsets stay pending in {@code OffsetState} until the
 * transaction coordinator's marker writer has appended the COMMIT/ABORT marker and calls
 * {@link io.tributary.broker.group.GroupCoordinatorService#completeTransaction}.
 * Leading an offsets partition replays it into the cache (the same apply path as a commit, markers included);
 * ceasing to lead drops its groups. Record format: {@code OffsetRecords}.
 *
 * <p>The share-group admin APIs (Describe/Alter/DeleteShareGroupOffsets, DeleteGroups of a share group) run in
 * three steps: the coordinator checks the group on its thread ({@link
 * io.tributary.broker.group.GroupCoordinator#shareGroupTopics}; AlterShareGroupOffsets also records the topics
 * first), the handler calls the {@code broker.share.ShareStatePersister} off that thread, and a deletion comes back
 * to the thread to forget the topics or tombstone the group.
 */
package io.tributary.broker.group;
