package io.tributary.broker.handler;

import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KIP-951: a NOT_LEADER_OR_FOLLOWER answer to Produce (v10+) or Fetch (v12+) names the partition's current leader
 * and epoch, and the response carries that leader's endpoint, so the client goes there without a metadata round
 * trip. Collects the hints of one response from this broker's published image.
 */
final class LeaderHints {

    /** A partition's leader as this broker knows it. */
    record Leader(int id, int epoch) {
    }

    /** A leader's Kafka endpoint. */
    record Node(int id, String host, int port, String rack) {
    }

    private final MetadataImage image;
    private final String listener;
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();

    /** Hints from {@code image}, with endpoints on {@code listener} (the one the request came in on). */
    LeaderHints(MetadataImage image, String listener) {
        this.image = image;
        this.listener = listener;
    }

    /** The partition's leader, noting its endpoint for the response; null if it has none or it is unknown. */
    Leader leaderOf(String topic, int index) {
        TopicImage t = topic == null ? null : image.topic(topic);
        if (t == null || index < 0 || index >= t.partitionCount()) {
            return null;
        }
        PartitionRegistration r = t.partition(index);
        BrokerRegistration b = r.hasLeader() ? image.broker(r.leader()) : null;
        Endpoint e = b == null ? null : b.endpoint(listener);
        if (e == null) {
            return null;
        }
        nodes.putIfAbsent(b.id(), new Node(b.id(), e.host(), e.port(), b.rack()));
        return new Leader(r.leader(), r.leaderEpoch());
    }

    /** The endpoints of every leader named so far. */
    Collection<Node> nodes() {
        return nodes.values();
    }
}
