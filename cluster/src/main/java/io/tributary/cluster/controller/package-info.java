/**
 * The controller: the decisions of the metadata quorum's leader.
 *
 * <p>{@link io.tributary.cluster.controller.ControllerLogic} turns a
 * {@link io.tributary.cluster.controller.ControllerCommand} and the current image into a
 * {@link io.tributary.cluster.controller.ControllerResult}: records to append and the response to give once
 * they commit. It is deterministic (time and topic ids are passed in) and does no I/O; the pieces are one class
 * per concern: broker lifecycle and sessions ({@code BrokerControl}, {@code BrokerSessions}), topics
 * ({@code TopicControl}, {@code TopicNames}, {@code ReplicaPlacer}), leadership and ISR
 * ({@code ReplicationControl}, {@code PartitionChange}, {@code LeaderImbalance} for the automatic balancing),
 * partition reassignments ({@code ReassignmentControl}),
 * configs ({@code ConfigControl}, {@code ConfigDefinitions}), producer ids ({@code ProducerIdControl}) and ACLs
 * ({@code AclControl}: CreateAcls, DeleteAcls).
 *
 * <p>Data flows one way: command → records → (Raft) → replay into the image. State never changes any other
 * way, so every member that replays the log agrees, and a new leader simply continues from the image.
 */
package io.tributary.cluster.controller;
