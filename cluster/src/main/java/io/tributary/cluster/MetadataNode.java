package io.tributary.cluster;

import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.raft.RatisMetadataNode;

import java.io.IOException;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * This process's membership of the metadata quorum: what the broker module uses of the control plane.
 *
 * <p>Every node holds the committed {@link #image()} and tells {@link MetadataListener}s about each change.
 * A voter also runs a controller; the voter that leads the quorum is the <em>active</em> controller and is the
 * only one that accepts {@link #submit commands}. Elsewhere a command fails at once with
 * {@link NotControllerException} naming the active controller, so the caller can forward it there (over the
 * Kafka controller APIs; this module has no network of its own beyond the quorum's).
 */
public interface MetadataNode extends AutoCloseable {

    /** Starts this node's quorum member (and controller, if it is a voter) on {@code config}'s storage. */
    static MetadataNode start(QuorumConfig config, ControllerConfig controllerConfig, Clock clock)
            throws IOException {
        return RatisMetadataNode.start(config, controllerConfig, clock);
    }

    int nodeId();

    /** The latest committed image on this node. */
    MetadataImage image();

    /** Adds a listener for every change committed from now on. */
    void subscribe(MetadataListener listener);

    void unsubscribe(MetadataListener listener);

    /**
     * Runs a controller command on the active controller. The future completes once the command's records
     * are committed (and applied on this node), with per-item Kafka error codes; it fails with
     * {@link NotControllerException} if this node is not, or stops being, the active controller.
     */
    <R> CompletableFuture<R> submit(ControllerCommand<R> command);

    /** Whether this node is the active controller right now. */
    boolean isActiveController();

    /** The active controller's id, if this node knows it. */
    OptionalInt controllerId();

    /** The log index the latest snapshot on this node covers, or -1 without one. */
    long latestSnapshotOffset();

    /** Leaves the quorum (this node's storage stays for a restart). */
    @Override
    void close() throws IOException;
}
