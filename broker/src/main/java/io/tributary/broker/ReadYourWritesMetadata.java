package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata node as request handlers see it: a command's answer is held back until this broker has applied
 * the command's records (opened the new partitions' logs, published the image it answers Metadata from), so a
 * client told "topic created" finds it in its next Metadata request to this broker, as with Kafka.
 */
final class ReadYourWritesMetadata extends DelegatingMetadataNode {

    private static final long MAX_WAIT_MS = 30_000;

    private final PartitionManager partitions;

    ReadYourWritesMetadata(MetadataNode node, PartitionManager partitions) {
        super(node);
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

    /** The image this broker has applied (the published one), so answers agree with what it serves. */
    @Override
    public MetadataImage image() {
        return partitions.publishedImage();
    }
}
