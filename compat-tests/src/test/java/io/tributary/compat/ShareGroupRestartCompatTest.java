package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a Tributary process SIGKILLed while two share consumers work through a topic. Every record ends up
 * acknowledged, and no record whose acknowledgement the broker confirmed is ever delivered again — what was delivered
 * but not confirmed may come again (Kafka's guarantee: at least once).
 */
class ShareGroupRestartCompatTest {

    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aBrokerKilledMidStreamLosesNoRecordAndRedeliversNothingConfirmed() throws Exception {
        TributaryProcess broker = new TributaryProcess(dir).start();
        String topic = "share-restart";
        String group = "share-restart";
        try (Admin admin = broker.admin()) {
            ShareGroupsCompatTest.createTopic(admin, topic, 3);
            ShareGroupsCompatTest.groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        }
        ShareGroupsCompatTest.produce(broker.bootstrap(), topic, 3, RECORDS);

        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> members = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            Thread t = new Thread(() -> consume(broker.bootstrap(), group, topic, confirmed, problems, stop),
                    "share-member-" + m);
            members.add(t);
            t.start();
        }
        try {
            Await.until("a third confirmed", Duration.ofSeconds(60), () -> confirmed.size() >= RECORDS / 3,
                    () -> confirmed.size() + " confirmed");
            broker.kill();
            broker.start();
            Await.until("every record confirmed", Duration.ofSeconds(180), () -> confirmed.size() >= RECORDS,
                    () -> confirmed.size() + " of " + RECORDS + " confirmed; problems " + problems);
            Thread.sleep(2000);   // a confirmed record delivered again would show up now
        } finally {
            stop.set(true);
            for (Thread t : members) {
                t.join(30_000);
            }
            broker.close();
        }
        assertThat(problems).isEmpty();
        assertThat(confirmed).hasSize(RECORDS);
    }

    /** Accepts everything it gets; a record counts as confirmed once commitSync reports its partition's ack stored. */
    private static void consume(String bootstrap, String group, String topic, Set<String> confirmed,
                                List<String> problems, AtomicBoolean stop) {
        try (KafkaShareConsumer<byte[], byte[]> c = new KafkaShareConsumer<>(ShareMember.config(bootstrap, group,
                "explicit"))) {
            c.subscribe(List.of(topic));
            while (!stop.get()) {
                List<String> batch = new ArrayList<>();
                try {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        String id = r.partition() + ":" + r.offset();
                        if (confirmed.contains(id)) {
                            problems.add("confirmed record delivered again: " + id + " (delivery "
                                    + r.deliveryCount().orElse((short) -1) + ")");
                        }
                        batch.add(id);
                        c.acknowledge(r, AcknowledgeType.ACCEPT);
                    }
                    Map<TopicIdPartition, Optional<KafkaException>> results = c.commitSync(Duration.ofSeconds(10));
                    for (String id : batch) {
                        int partition = Integer.parseInt(id.substring(0, id.indexOf(':')));
                        for (Map.Entry<TopicIdPartition, Optional<KafkaException>> e : results.entrySet()) {
                            if (e.getKey().partition() == partition && e.getValue().isEmpty()) {
                                confirmed.add(id);
                            }
                        }
                    }
                } catch (KafkaException e) {
                    // the broker is down or restarting: unconfirmed records will come again
                }
            }
        }
    }
}
