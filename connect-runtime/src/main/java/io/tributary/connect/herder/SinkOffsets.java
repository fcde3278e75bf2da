package io.tributary.connect.herder;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** KIP-875 for sink connectors: their offsets are their consumer group's, changed through the Admin API. */
final class SinkOffsets {

    private SinkOffsets() {
    }

    static void alter(Admin admin, String group, List<ConnectorOffset> offsets) {
        Map<TopicPartition, OffsetAndMetadata> set = new HashMap<>();
        Set<TopicPartition> remove = new HashSet<>();
        for (ConnectorOffset o : offsets) {
            TopicPartition tp = partition(o.partition());
            if (o.offset() == null) {
                remove.add(tp);
                continue;
            }
            Object v = o.offset().get("kafka_offset");
            if (!(v instanceof Number n) || n.longValue() < 0) {
                throw HerderException.badRequest("Kafka offsets must be non-negative integers; found " + v
                        + " for " + tp);
            }
            set.put(tp, new OffsetAndMetadata(n.longValue()));
        }
        try {
            if (!set.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, set).all().get();
            }
            if (!remove.isEmpty()) {
                admin.deleteConsumerGroupOffsets(group, remove).all().get();
            }
        } catch (Exception e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownMemberIdException) {
                // Kafka's answer while the group still has members: the tasks have not all left it yet.
                throw HerderException.badRequest("Failed to alter consumer group offsets for connector group "
                        + group + " either because its tasks haven't stopped completely yet or the connector was "
                        + "resumed before the request completed");
            }
            throw new HerderException(500, "Failed to alter consumer group offsets for connector group " + group
                    + ": " + e.getMessage());
        }
    }

    static void reset(Admin admin, String group) {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get();
        } catch (Exception e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                throw new HerderException(500, "Failed to reset the offsets of connector group " + group + ": "
                        + e.getMessage());
            }
        }
    }

    private static TopicPartition partition(Map<String, Object> p) {
        if (p == null || !(p.get("kafka_topic") instanceof String topic)
                || !(p.get("kafka_partition") instanceof Number partition)) {
            throw HerderException.badRequest("Sink connector partitions need \"kafka_topic\" (a string) and "
                    + "\"kafka_partition\" (an integer); found " + p);
        }
        return new TopicPartition(topic, partition.intValue());
    }
}
