/**
 * The control plane's public face: {@link io.tributary.cluster.MetadataNode} (membership of the metadata
 * quorum, the committed image, listeners, controller commands), {@link io.tributary.cluster.QuorumConfig}.
 *
 * <p>Sub-packages: {@code metadata} (records, image, deltas, snapshot format), {@code controller} (the
 * deterministic decisions of the active controller), {@code raft} (the Apache Ratis adapter; no Ratis type
 * leaves that package).
 */
package io.tributary.cluster;
