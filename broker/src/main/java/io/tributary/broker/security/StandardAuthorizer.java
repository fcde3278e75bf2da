package io.tributary.broker.security;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclsImage;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ResourceType;
import java.net.InetAddress;

/**
 * The authorizer {@code authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer} names, with
 * the semantics of Kafka's: {@code super.users} may do everything; otherwise the ACLs in the metadata decide
 * ({@link AclIndex}), and {@code allow.everyone.if.no.acl.found} where none applies.
 *
 * <p>Subscribed to the metadata ({@link MetadataListener}) it takes every committed change of ACLs; each change
 * builds a new index with a new, empty {@link DecisionCache}, published together in one volatile write, so a
 * decision is never served from a cache of older ACLs once the new ones are in. Until the first image is
 * {@linkplain #load loaded} there are no ACLs.
 */
public final class StandardAuthorizer implements Authorizer, MetadataListener {

    /** Decisions kept before the cache is emptied. */
    static final int CACHE_ENTRIES = 100_000;

    /** The ACLs in force, the image offset they were read at, and the decisions made from them. */
    private record State(long offset, AclIndex index, DecisionCache cache) {
    }

    private final AuthorizerConfig config;
    private volatile State state;

    public StandardAuthorizer(AuthorizerConfig config) {
        this.config = config;
        this.state = new State(-1, new AclIndex(AclsImage.EMPTY, config.allowEveryoneIfNoAclFound()),
                new DecisionCache(CACHE_ENTRIES));
    }

    /** Takes the ACLs of {@code image} unless newer ones are already in force (the caller's, at startup). */
    public synchronized void load(MetadataImage image) {
        State now = state;
        if (image.offset() < now.offset() || image.acls() == now.index().source()) {
            return;   // older, or the same ACLs: the decisions made stay true
        }
        state = new State(image.offset(), new AclIndex(image.acls(), config.allowEveryoneIfNoAclFound()),
                new DecisionCache(CACHE_ENTRIES));
    }

    @Override
    public void onMetadataUpdate(MetadataDelta delta, MetadataImage image) {
        // compared by identity: an image whose delta touched no ACL shares the previous AclsImage
        load(image);
    }

    @Override
    public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                             String resourceName) {
        if (config.superUsers().contains(principal)) {
            return true;
        }
        State s = state;
        DecisionCache.Key key = new DecisionCache.Key(principal, host, operation, type, resourceName);
        Boolean known = s.cache().get(key);
        if (known != null) {
            return known;
        }
        boolean allowed = s.index().authorize(principal.toString(), host.getHostAddress(), operation, type,
                resourceName);
        s.cache().put(key, allowed);
        return allowed;
    }

    @Override
    public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                ResourceType type) {
        // as Kafka: first a request on a name no one would give a resource, which answers for super users,
        // allow-everyone-if-no-ACL and the * ACLs (with the operation implications)
        if (authorize(principal, host, operation, type, "hardcode")) {
            return true;
        }
        return state.index().authorizeAny(principal.toString(), host.getHostAddress(), operation, type);
    }

    /** How many decisions are cached now (for tests). */
    int cachedDecisions() {
        return state.cache().size();
    }
}
