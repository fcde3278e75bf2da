/**
 * The cluster metadata model and its log format.
 *
 * <p>{@link io.tributary.cluster.metadata.MetadataRecord}s are the only way metadata changes. The active
 * controller produces them, the Raft quorum orders and replicates them (as {@link
 * io.tributary.cluster.metadata.MetadataBatch}es), and every member replays them, in order, through a
 * {@link io.tributary.cluster.metadata.MetadataDelta} into a new immutable
 * {@link io.tributary.cluster.metadata.MetadataImage}. Listeners receive the delta, which also tells one broker
 * which of its replicas to lead, follow or delete. {@link io.tributary.cluster.metadata.MetadataSnapshotFile}
 * writes an image so a restart replays only the log after it. ACLs are Kafka's model
 * ({@link io.tributary.cluster.metadata.AclBinding}, {@link io.tributary.cluster.metadata.AclBindingFilter}, the
 * enums with Kafka's codes) kept in {@link io.tributary.cluster.metadata.AclsImage}.
 *
 * <p>Nothing here does I/O except the snapshot file, and nothing here knows about Raft.
 */
package io.tributary.cluster.metadata;
