package io.tributary.broker;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.OptionalInt;

/**
 * A view of this node's quorum member that changes how commands are submitted and passes the rest through; the
 * broker closes the member itself, never through a view.
 */
abstract class DelegatingMetadataNode implements MetadataNode {

    protected final MetadataNode node;

    DelegatingMetadataNode(MetadataNode node) {
        this.node = node;
    }

    @Override
    public int nodeId() {
        return node.nodeId();
    }

    @Override
    public MetadataImage image() {
        return node.image();
    }

    @Override
    public void subscribe(MetadataListener listener) {
        node.subscribe(listener);
    }

    @Override
    public void unsubscribe(MetadataListener listener) {
        node.unsubscribe(listener);
    }

    @Override
    public boolean isActiveController() {
        return node.isActiveController();
    }

    @Override
    public OptionalInt controllerId() {
        return node.controllerId();
    }

    @Override
    public long latestSnapshotOffset() {
        return node.latestSnapshotOffset();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the broker closes its quorum member itself, not a view of it");
    }
}
