package io.tributary.broker;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata node as request handlers see it: a command's answer is held back until this broker has applied
 * the command's records (opened the new partitions' logs, published the image it answers Metadata from), so a
 * client told "topic created" finds it in its next Metadata request to this broker, as with Kafka.
 */
final class ReadYourWritesMetadata implements MetadataNode {

    private static final long MAX_WAIT_MS = 30_000;

    private final MetadataNode node;
    private final PartitionManager partitions;

    ReadYourWritesMetadata(MetadataNode node, PartitionManager partitions) {
        this.node = node;
        this.partitions = partitions;
    }

    @Override
    public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        return node.submit(command).thenCompose(result -> {
            long committed = node.image().offset();
            return partitions.awaitPublished(image -> image.offset() >= committed, MAX_WAIT_MS)
                    .thenApply(ignored -> result);
        });
    }

    @Override
    public int nodeId() {
        return node.nodeId();
    }

    @Override
    public MetadataImage image() {
        return partitions.publishedImage();
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
        throw new UnsupportedOperationException("request handlers do not close the metadata node");
    }
}
