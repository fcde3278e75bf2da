package io.tributary.cluster;

import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;

/**
 * Told about every committed change to the metadata, in log order, on the thread that applies the log: it
 * must return quickly (hand work to its own thread). After a snapshot is loaded (a restart, or a lagging
 * member catching up by snapshot) the delta is relative to the empty image: every topic shows as created,
 * and the listener reconciles what it holds against {@code image}.
 */
@FunctionalInterface
public interface MetadataListener {
    void onMetadataUpdate(MetadataDelta delta, MetadataImage image);
}
