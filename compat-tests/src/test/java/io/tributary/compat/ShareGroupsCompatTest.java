package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17: kafka-clients 4.4's {@code KafkaShareConsumer} against a Tributary process — competing members share a
 * topic's records, each acknowledged once; RELEASE redelivers with the delivery count up, REJECT archives, the
 * delivery limit archives a poison record, and what a SIGKILLed member held comes back after the lock duration.
 */
class ShareGroupsCompatTest {

    @TempDir
    static Path dir;
    private static TributaryProcess broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        // Lets whatAKilledMemberHeldComesBackAfterTheLockDuration use a 6 s lock (the default minimum is 15 s).
        broker = new TributaryProcess(dir, Map.of("group.share.min.record.lock.duration.ms", "1000")).start();
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static void createTopic(Admin admin, String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /** Sets group configs (Kafka's GROUP config resource). */
    static void groupConfig(Admin admin, String group, Map<String, String> configs) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops)).all().get();
    }

    static void produce(String bootstrap, String topic, int partitions, int records) throws Exception {
        var props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, ("v" + i).getBytes(
                        StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static KafkaShareConsumer<byte[], byte[]> consumer(String group, String mode) {
        return new KafkaShareConsumer<>(ShareMember.config(broker.bootstrap(), group, mode));
    }

    @ParameterizedTest(name = "{0} acknowledgement")
    @ValueSource(strings = {"implicit", "explicit"})
    void threeMembersShareEveryRecordExactlyOnce(String mode) throws Exception {
        String topic = "share-all-" + mode;
        String group = "share-all-" + mode;
        int records = 100_000;
        createTopic(admin, topic, 3);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        produce(broker.bootstrap(), topic, 3, records);

        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> members = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            Thread t = new Thread(() -> {
                try (KafkaShareConsumer<byte[], byte[]> c = consumer(group, mode)) {
                    c.subscribe(List.of(topic));
                    while (!stop.get()) {
                        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                            if (seen.merge(r.partition() + ":" + r.offset(), 1, Integer::sum) > 1) {
                                problems.add("delivered twice: " + r.partition() + ":" + r.offset());
                            }
                            if (r.deliveryCount().orElse((short) -1) != 1) {
                                problems.add("delivery count " + r.deliveryCount() + " at " + r.offset());
                            }
                            if (mode.equals("explicit")) {
                                c.acknowledge(r, AcknowledgeType.ACCEPT);
                            }
                        }
                        if (mode.equals("explicit")) {
                            for (Map.Entry<TopicIdPartition, Optional<KafkaException>> e : c.commitSync().entrySet()) {
                                e.getValue().ifPresent(x -> problems.add("commit failed on " + e.getKey() + ": " + x));
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add("member failed: " + e);
                }
            }, "share-member-" + m);
            members.add(t);
            t.start();
        }
        Await.until("every record delivered", Duration.ofSeconds(120), () -> seen.size() >= records,
                () -> seen.size() + " of " + records + "; problems " + problems);
        Thread.sleep(2000);   // anything redelivered would show up now
        stop.set(true);
        for (Thread t : members) {
            t.join(30_000);
        }
        assertThat(problems).isEmpty();
        assertThat(seen).hasSize(records);
    }

    @Test
    void aReleasedRecordGoesToAnotherMemberWithItsDeliveryCountUp() throws Exception {
        String topic = "share-release";
        String group = "share-release";
        createTopic(admin, topic, 1);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        produce(broker.bootstrap(), topic, 1, 1);
        try (KafkaShareConsumer<byte[], byte[]> first = consumer(group, "explicit")) {
            first.subscribe(List.of(topic));
            ConsumerRecord<byte[], byte[]> r = pollOne(first);
            assertThat(r.deliveryCount()).contains((short) 1);
            first.acknowledge(r, AcknowledgeType.RELEASE);
            assertThat(first.commitSync().values()).allMatch(Optional::isEmpty);
        }
        try (KafkaShareConsumer<byte[], byte[]> second = consumer(group, "explicit")) {
            second.subscribe(List.of(topic));
            ConsumerRecord<byte[], byte[]> again = pollOne(second);
            assertThat(again.offset()).isZero();
            assertThat(again.deliveryCount()).contains((short) 2);
            second.acknowledge(again, AcknowledgeType.ACCEPT);
            assertThat(second.commitSync().values()).allMatch(Optional::isEmpty);
        }
    }

    @Test
    void aRejectedRecordIsNeverDeliveredAgain() throws Exception {
        String topic = "share-reject";
        String group = "share-reject";
        createTopic(admin, topic, 1);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        produce(broker.bootstrap(), topic, 1, 2);
        List<Long> delivered = new ArrayList<>();
        try (KafkaShareConsumer<byte[], byte[]> c = consumer(group, "explicit")) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    delivered.add(r.offset());
                    c.acknowledge(r, r.offset() == 0 ? AcknowledgeType.REJECT : AcknowledgeType.ACCEPT);
                }
                assertThat(c.commitSync().values()).allMatch(Optional::isEmpty);
            }
        }
        assertThat(delivered).containsExactly(0L, 1L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"read_committed", "read_uncommitted"})
    void theIsolationLevelDecidesWhetherAbortedRecordsAreDelivered(String isolation) throws Exception {
        String topic = "share-" + isolation.replace('_', '-');
        String group = topic;
        createTopic(admin, topic, 1);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest", "share.isolation.level", isolation));
        var props = new java.util.Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "share-txn-" + isolation);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            for (String outcome : List.of("aborted", "committed", "aborted", "committed")) {
                producer.beginTransaction();
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, (outcome + i).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                if (outcome.equals("aborted")) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaShareConsumer<byte[], byte[]> c = consumer(group, "implicit")) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        if (isolation.equals("read_committed")) {
            assertThat(values).hasSize(6).allMatch(v -> v.startsWith("committed"));
        } else {
            assertThat(values).hasSize(12);
        }
    }

    @Test
    void aPoisonRecordIsArchivedAtTheDeliveryLimit() throws Exception {
        String topic = "share-poison";
        String group = "share-poison";
        createTopic(admin, topic, 1);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        produce(broker.bootstrap(), topic, 1, 1);
        List<Short> deliveries = new ArrayList<>();
        try (KafkaShareConsumer<byte[], byte[]> c = consumer(group, "explicit")) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    deliveries.add(r.deliveryCount().orElseThrow());
                    c.acknowledge(r, AcknowledgeType.RELEASE);
                }
                c.commitSync();
            }
        }
        assertThat(deliveries).containsExactly((short) 1, (short) 2, (short) 3, (short) 4, (short) 5);
    }

    @Test
    void whatAKilledMemberHeldComesBackAfterTheLockDuration() throws Exception {
        String topic = "share-killed";
        String group = "share-killed";
        createTopic(admin, topic, 1);
        groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest",
                "share.record.lock.duration.ms", "6000"));
        produce(broker.bootstrap(), topic, 1, 10);
        Set<Long> held = ConcurrentHashMap.newKeySet();
        AtomicBoolean holding = new AtomicBoolean();
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ShareMember.class.getName(),
                broker.bootstrap(), group, topic).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("R ")) {
                        held.add(Long.parseLong(line.split(" ")[2]));
                    } else if (line.equals("HOLDING")) {
                        holding.set(true);
                    }
                }
            } catch (Exception e) {
                // the process died
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until("the victim holds records", Duration.ofSeconds(60), holding::get);
            victim.destroyForcibly().waitFor();   // SIGKILL: no close, no release
            long killedAt = System.currentTimeMillis();
            Map<Long, Short> redelivered = new ConcurrentHashMap<>();
            try (KafkaShareConsumer<byte[], byte[]> c = consumer(group, "explicit")) {
                c.subscribe(List.of(topic));
                Await.until("the held records come back", Duration.ofSeconds(45), () -> {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        redelivered.put(r.offset(), r.deliveryCount().orElseThrow());
                        c.acknowledge(r, AcknowledgeType.ACCEPT);
                    }
                    c.commitSync();
                    return redelivered.keySet().containsAll(held);
                }, () -> "held " + held + ", redelivered " + redelivered);
            }
            long waited = System.currentTimeMillis() - killedAt;
            assertThat(held).isNotEmpty();
            for (long o : held) {
                assertThat(redelivered.get(o)).as("delivery count of %d", o).isEqualTo((short) 2);
            }
            // a release at the kill would come back within a second; the lock began before the kill, hence 3 s
            assertThat(waited).as("redelivered only once the 6 s lock ran out").isGreaterThan(3_000);
        } finally {
            victim.destroyForcibly();
        }
    }

    /** Polls until a record comes (explicit mode: nothing else may have come before it). */
    private static ConsumerRecord<byte[], byte[]> pollOne(KafkaShareConsumer<byte[], byte[]> c) throws Exception {
        return Await.value("a record", Duration.ofSeconds(30), () -> {
            var records = c.poll(Duration.ofMillis(200));
            return records.isEmpty() ? Optional.empty() : Optional.of(records.iterator().next());
        }, () -> "nothing delivered");
    }
}
