/**
 * The group coordinator (classic protocol and KIP-848's consumer protocol) and committed offsets.
 *
 * <p>Data flow: a group's requests reach the broker that leads the group's partition of {@code __consumer_offsets}
 * ({@link io.tributary.broker.group.OffsetsTopic}: Kafka's hash rule) → handlers in {@code broker.handler} →
 * {@link io.tributary.broker.group.GroupCoordinatorService}, which runs the single-threaded
 * {@link io.tributary.broker.group.GroupCoordinator} on its own thread with the time passed in →
 * {@code ClassicGroupManager} (membership: JoinGroup/SyncGroup/Heartbeat/LeaveGroup, rebalances and timeouts over
 * {@code ClassicGroup} and its {@link io.tributary.broker.group.GroupState}), {@code ConsumerGroupManager}
 * (ConsumerGroupHeartbeat: epochs, server-side assignors, revoke-then-assign reconciliation over
 * {@code ConsumerGroup} / {@code ConsumerGroupMember}) and {@code OffsetManager} (commits
 * written through {@code CoordinatorLog} to the partition's log before they reach the {@code OffsetState} cache).
 * TxnOffsetCommit writes a transactional batch whose offsets stay pending in {@code OffsetState} until the
 * transaction coordinator's marker writer has appended the COMMIT/ABORT marker and calls
 * {@link io.tributary.broker.group.GroupCoordinatorService#completeTransaction}.
 * Leading an offsets partition replays it into the cache (the same apply path as a commit, markers included);
 * ceasing to lead drops its groups. Record format: {@code OffsetRecords}.
 */
package io.tributary.broker.group;
