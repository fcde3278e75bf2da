package io.tributary.broker.security;

import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The credentials of the metadata log (AlterUserScramCredentials), read from the newest image this broker has
 * applied at the moment of each login: a credential changed or deleted applies to the next login, not to
 * connections already authenticated (as in Kafka).
 */
public final class ImageScramCredentials implements ScramCredentials {

    private final Supplier<MetadataImage> image;

    /** @param image the broker's current image, e.g. {@code metadataNode::image} */
    public ImageScramCredentials(Supplier<MetadataImage> image) {
        this.image = image;
    }

    @Override
    public Optional<ScramCredential> find(String user, ScramMechanism mechanism) {
        return image.get().scramCredential(user, mechanism);
    }
}
