/**
 * Share groups (KIP-932): the share-partition leaders that acquire, deliver and take acknowledgements of records,
 * the share sessions, the broker's {@code group.share.*} settings, and the share coordinator that keeps
 * share-partition state durable. The two halves meet only at {@link io.tributary.broker.share.ShareStatePersister}.
 *
 * <p>Leader side: ShareFetch/ShareAcknowledge (in {@code broker.handler}) resolve the member's session
 * ({@link io.tributary.broker.share.ShareSessions}) → {@link io.tributary.broker.share.SharePartitionManager} finds
 * or loads the group's {@link io.tributary.broker.share.SharePartition} for each partition this broker leads →
 * acknowledgements change its ranges and are answered once {@link io.tributary.broker.share.ShareStateWriter} has
 * stored the resulting snapshot → reads acquire available records for the member under a lock that the manager's
 * timer ends. Leadership changes drop the share-partitions of the topic partition; a new session has its idle ones
 * read afresh.
 *
 * <p>Coordinator side: a share-partition leader or the group coordinator calls {@link
 * io.tributary.broker.share.ShareStateClient} (the broker's {@code shareStates()}) → it finds the key's share
 * coordinator, the leader of the key's {@code __share_group_state} partition ({@link
 * io.tributary.broker.share.ShareStateTopic}: Kafka's hash rule on {@code groupId:topicId:partition}), creating the
 * topic on first use → on this broker, {@link io.tributary.broker.share.ShareCoordinatorService}; elsewhere, that
 * broker's Read/Write/Initialize/DeleteShareGroupState or ReadShareGroupStateSummary handler, which calls its own
 * service → the single-threaded {@link io.tributary.broker.share.ShareCoordinator} on the {@code share-coordinator}
 * thread checks the leader and state epochs, appends a whole snapshot ({@link
 * io.tributary.broker.share.ShareStateRecords}) to the partition through {@link io.tributary.broker.CoordinatorLog}
 * and applies it as a replay would; the answer waits until the record is replicated. Leading a partition of the
 * topic replays it into the coordinator ({@code LeadershipListener}); ceasing to lead drops its keys. The client
 * retries while the coordinator moves or loads, until its deadline.
 */
package io.tributary.broker.share;
