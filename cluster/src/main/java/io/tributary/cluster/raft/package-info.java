/**
 * The metadata quorum on Apache Ratis. Internal: no Ratis type appears outside this package.
 *
 * <p>{@link io.tributary.cluster.raft.RatisMetadataNode} runs one Raft server per node (voters from
 * {@code controller.quorum.voters}; other brokers as non-voting listeners). {@code MetadataStateMachine}
 * applies committed batches to the image and keeps snapshots; {@code ControllerEventLoop} is the active
 * controller's single thread, which turns commands into batches and appends them.
 *
 * <p>Flow: command → controller thread → records (applied to its working image) → Raft append → commit →
 * every member's state machine replays the batch → new image → listeners; the command's future completes.
 */
package io.tributary.cluster.raft;
