package io.tributary.broker.config;

import io.tributary.broker.group.ConsumerGroupSettings;
import io.tributary.broker.group.GroupConfig;
import io.tributary.broker.share.ShareConfig;
import io.tributary.broker.share.ShareGroupSettings;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A group's settings in force: its dynamic group configs (the {@code GROUP} config resource in the committed
 * metadata) over the broker's {@code group.share.*} and {@code group.consumer.*} settings. Cheap enough for every
 * share fetch: a group's settings are parsed once per metadata image and kept until the image changes; a group
 * without configs gets the shared defaults. Thread-safe.
 */
public final class GroupConfigResolver {

    /** Parsed settings of the groups asked about since {@code image} was committed. */
    private record Cache(MetadataImage image, Map<String, ShareGroupSettings> shares,
                         Map<String, ConsumerGroupSettings> consumers) {
        Cache(MetadataImage image) {
            this(image, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private final Supplier<MetadataImage> images;
    private final ShareGroupSettings shareDefaults;
    private final ConsumerGroupSettings consumerDefaults;
    private volatile Cache cache;

    public GroupConfigResolver(Supplier<MetadataImage> images, GroupConfig groups, ShareConfig shares) {
        this.images = Objects.requireNonNull(images, "images");
        this.shareDefaults = ShareGroupSettings.defaults(shares);
        this.consumerDefaults = new ConsumerGroupSettings(groups.consumerSessionTimeoutMs(),
                groups.consumerHeartbeatIntervalMs());
    }

    public GroupConfigResolver(MetadataNode metadata, GroupConfig groups, ShareConfig shares) {
        this(metadata::image, groups, shares);
    }

    /** The settings in force for the share group {@code groupId} (whether or not it exists yet). */
    public ShareGroupSettings share(String groupId) {
        Cache c = current();
        ShareGroupSettings s = c.shares.get(groupId);
        if (s == null) {
            s = shareOf(c.image.configs(ConfigResource.group(groupId)));
            c.shares.put(groupId, s);
        }
        return s;
    }

    /** The settings in force for the consumer-protocol group {@code groupId}. */
    public ConsumerGroupSettings consumer(String groupId) {
        Cache c = current();
        ConsumerGroupSettings s = c.consumers.get(groupId);
        if (s == null) {
            Map<String, String> v = c.image.configs(ConfigResource.group(groupId));
            s = v.isEmpty() ? consumerDefaults : new ConsumerGroupSettings(
                    intOr(v, "consumer.session.timeout.ms", consumerDefaults.sessionTimeoutMs()),
                    intOr(v, "consumer.heartbeat.interval.ms", consumerDefaults.heartbeatIntervalMs()));
            c.consumers.put(groupId, s);
        }
        return s;
    }

    private Cache current() {
        MetadataImage image = images.get();
        Cache c = cache;
        if (c == null || c.image != image) {
            c = new Cache(image);
            cache = c;
        }
        return c;
    }

    private ShareGroupSettings shareOf(Map<String, String> v) {
        if (v.isEmpty()) {
            return shareDefaults;
        }
        ShareGroupSettings d = shareDefaults;
        String reset = v.get("share.auto.offset.reset");
        String isolation = v.get("share.isolation.level");
        return new ShareGroupSettings(reset == null ? d.autoOffsetReset() : reset.trim(),
                isolation == null ? d.readCommitted() : isolation.trim().equals("read_committed"),
                intOr(v, "share.record.lock.duration.ms", d.recordLockDurationMs()),
                intOr(v, "share.delivery.count.limit", d.deliveryCountLimit()),
                intOr(v, "share.partition.max.record.locks", d.partitionMaxRecordLocks()),
                intOr(v, "share.session.timeout.ms", d.sessionTimeoutMs()),
                intOr(v, "share.heartbeat.interval.ms", d.heartbeatIntervalMs()));
    }

    /** The group's value of {@code key}; the default when unset (or, never expected, not a number). */
    private static int intOr(Map<String, String> values, String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
