package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Producer ids for InitProducerId: handed out from a block the controller allocated to this broker (so ids are
 * unique across the cluster and survive restarts — the block is in the metadata log); a new block is asked for
 * when one runs out.
 */
public final class ProducerIdBlocks {

    private final MetadataNode metadata;
    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private long next;
    private long end;

    ProducerIdBlocks(MetadataNode metadata, int brokerId, LongSupplier brokerEpoch) {
        this.metadata = metadata;
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
    }

    /** The next unused producer id. */
    public synchronized CompletableFuture<Long> next() {
        if (next < end) {
            return CompletableFuture.completedFuture(next++);
        }
        return metadata.submit(new ControllerCommand.AllocateProducerIds(brokerId, brokerEpoch.getAsLong()))
                .thenApply(block -> {
                    if (block.error().error() != Errors.NONE) {
                        throw new IllegalStateException("producer id allocation failed: " + block.error());
                    }
                    synchronized (this) {
                        if (next >= end) {
                            next = block.firstId();
                            end = block.firstId() + block.count();
                        }
                        return next++;
                    }
                });
    }
}
