package io.tributary.streams.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a thread has committed past in its repartition topics (DeleteRecords), at most every
 * {@code repartition.purge.interval.ms}, as Kafka Streams does: the records were processed and their offsets
 * committed, so nobody will read them again, and the topic would otherwise grow without bound. Asynchronous: a
 * failed purge is logged and the next one covers it.
 */
final class RepartitionPurger {

    private static final Logger LOG = LoggerFactory.getLogger(RepartitionPurger.class);

    private final Admin admin;
    private final Set<String> repartitionTopics;
    private final long intervalMs;
    private final Map<TopicPartition, Long> pending = new HashMap<>();
    private long lastPurgeMs;

    RepartitionPurger(Admin admin, Set<String> repartitionTopics, long intervalMs, long nowMs) {
        this.admin = admin;
        this.repartitionTopics = repartitionTopics;
        this.intervalMs = intervalMs;
        this.lastPurgeMs = nowMs;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets, long nowMs) {
        if (admin == null || repartitionTopics.isEmpty()) {
            return;
        }
        offsets.forEach((tp, offset) -> {
            if (repartitionTopics.contains(tp.topic())) {
                pending.merge(tp, offset.offset(), Math::max);
            }
        });
        if (pending.isEmpty() || nowMs - lastPurgeMs < intervalMs) {
            return;
        }
        Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
        pending.forEach((tp, offset) -> request.put(tp, RecordsToDelete.beforeOffset(offset)));
        pending.clear();
        lastPurgeMs = nowMs;
        admin.deleteRecords(request).all().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug("purging repartition topics failed (the next purge covers it): {}", e.toString());
            }
        });
    }
}
