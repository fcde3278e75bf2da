package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a Tributary process SIGKILLed while two share consumers work through a topic. Every record is delivered,
 * the group's stored state ends up acknowledging every record, and no record whose acknowledgement the broker
 * confirmed is ever delivered again — what was delivered but not confirmed may come again (Kafka's guarantee: at
 * least once).
 *
 * <p>Not every record need be confirmed to its consumer: an acknowledgement the broker stored just before the kill
 * has its answer lost (commitSync reports an error), and being stored it is rightly never delivered again. So the
 * end is read from the group's state (DescribeShareGroupOffsets: each share-partition's start offset at the end of
 * its partition), not from the confirmations.
 */
class ShareGroupRestartCompatTest {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 30_000;
    private static final long PER_PARTITION = RECORDS / PARTITIONS;
    /** The smallest lock a group may set: a record delivered but left unacknowledged comes again after it. */
    private static final Duration LOCK = Duration.ofSeconds(15);
    /** Kafka's default share.delivery.count.limit: a record delivered that often is archived if not accepted. */
    private static final int DELIVERY_LIMIT = 5;

    @TempDir
    Path dir;

    @Test
    void aBrokerKilledMidStreamLosesNoRecordAndRedeliversNothingConfirmed() throws Exception {
        TributaryProcess broker = new TributaryProcess(dir).start();
        String topic = "share-restart";
        String group = "share-restart";
        try (Admin admin = broker.admin()) {
            ShareGroupsCompatTest.createTopic(admin, topic, PARTITIONS);
            ShareGroupsCompatTest.groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest",
                    "share.record.lock.duration.ms", Long.toString(LOCK.toMillis())));
        }
        ShareGroupsCompatTest.produce(broker.bootstrap(), topic, PARTITIONS, RECORDS);

        ShareDeliveries deliveries = new ShareDeliveries();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> members = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            Thread t = new Thread(() -> consume(broker.bootstrap(), group, topic, deliveries, stop),
                    "share-member-" + m);
            members.add(t);
            t.start();
        }
        try {
            Await.until("a third confirmed", Duration.ofSeconds(60), () -> deliveries.confirmedCount() >= RECORDS / 3,
                    () -> deliveries.confirmedCount() + " confirmed");
            broker.kill();
            broker.start();
            try (Admin admin = broker.admin()) {
                AtomicReference<String> state = new AtomicReference<>("not read yet");
                Await.until("every record delivered and acknowledged in the group's state", Duration.ofSeconds(180),
                        () -> deliveries.deliveredCount() >= RECORDS && allAcknowledged(admin, group, topic, state),
                        () -> deliveries.undelivered(PARTITIONS, PER_PARTITION) + "; all acknowledged "
                                + allAcknowledged(admin, group, topic, state) + ", group state " + state.get()
                                + "; " + deliveries.confirmedCount() + " confirmed; problems "
                                + deliveries.problems());
                // a record still held somewhere, or a confirmed one coming again, would show up within a lock
                Await.until("no delivery for longer than the record lock", Duration.ofSeconds(90),
                        () -> deliveries.sinceLastDelivery().compareTo(LOCK.plusSeconds(2)) > 0,
                        () -> "last delivery " + deliveries.sinceLastDelivery().toMillis() + " ms ago");
                assertThat(allAcknowledged(admin, group, topic, state)).as("group state %s", state).isTrue();
            }
        } finally {
            stop.set(true);
            for (Thread t : members) {
                t.join(30_000);
            }
            broker.close();
        }
        assertThat(deliveries.problems()).isEmpty();
    }

    /**
     * Whether every share-partition's stored start offset is at its partition's end: all acknowledged (the consumers
     * accept everything). {@code state} keeps what was read, for the failure message.
     */
    private static boolean allAcknowledged(Admin admin, String group, String topic, AtomicReference<String> state) {
        Map<TopicPartition, SharePartitionOffsetInfo> offsets;
        try {
            offsets = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            state.set("unreadable: " + e);   // e.g. the share coordinator still loading after the restart
            return false;
        }
        state.set(offsets.toString());
        for (int p = 0; p < PARTITIONS; p++) {
            SharePartitionOffsetInfo info = offsets.get(new TopicPartition(topic, p));
            if (info == null || info.startOffset() != PER_PARTITION) {
                return false;
            }
        }
        return true;
    }

    /** Accepts everything it gets; a record counts as confirmed once commitSync reports its partition's ack stored. */
    private static void consume(String bootstrap, String group, String topic, ShareDeliveries deliveries,
                                AtomicBoolean stop) {
        try (KafkaShareConsumer<byte[], byte[]> c = new KafkaShareConsumer<>(ShareMember.config(bootstrap, group,
                "explicit"))) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                try {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        int count = r.deliveryCount().orElse((short) -1);
                        deliveries.delivered(r.partition(), r.offset(), count);
                        if (count >= DELIVERY_LIMIT) {
                            // were this accept lost too, the record would be archived: done, yet never processed
                            deliveries.problem("delivered at the delivery limit: " + r.partition() + ":" + r.offset());
                        }
                        batch.add(r);
                        c.acknowledge(r, AcknowledgeType.ACCEPT);
                    }
                    Map<TopicIdPartition, Optional<KafkaException>> results = c.commitSync(Duration.ofSeconds(10));
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        for (Map.Entry<TopicIdPartition, Optional<KafkaException>> e : results.entrySet()) {
                            if (e.getKey().partition() == r.partition() && e.getValue().isEmpty()) {
                                deliveries.confirmed(ShareDeliveries.id(r.partition(), r.offset()));
                            }
                        }
                    }
                } catch (KafkaException e) {
                    // the broker is down or restarting: unconfirmed records may come again
                }
            }
        }
    }
}
