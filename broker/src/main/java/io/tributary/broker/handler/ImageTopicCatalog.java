package io.tributary.broker.handler;

import io.tributary.broker.group.TopicCatalog;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.TopicImage;
import java.util.Collection;
import java.util.UUID;

/** The topics of one metadata image, as the group coordinator resolves subscriptions against them. */
final class ImageTopicCatalog implements TopicCatalog {

    private final MetadataImage image;

    ImageTopicCatalog(MetadataImage image) {
        this.image = image;
    }

    @Override
    public Topic byName(String name) {
        return of(image.topic(name));
    }

    @Override
    public Topic byId(UUID id) {
        return of(image.topic(id));
    }

    @Override
    public Collection<String> names() {
        return image.topics().keySet();
    }

    private static Topic of(TopicImage t) {
        return t == null ? null : new Topic(t.name(), t.id(), t.partitionCount());
    }
}
