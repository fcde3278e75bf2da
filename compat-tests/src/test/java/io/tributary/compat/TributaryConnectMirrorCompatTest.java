package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * MirrorMaker 2 on Tributary's Connect worker: Apache's {@code connect-mirror} 4.3.1 connectors (source, checkpoint,
 * heartbeat), run by our worker ({@link ConnectWorkerProcess#tributary}, distributed mode) against a Tributary
 * cluster "dst", replicate a second Tributary cluster "src": topics and partition counts, every record's bytes,
 * headers and timestamp in order per partition, records and topics that appear while it runs, and a consumer
 * group's committed offsets, translated onto dst so that a consumer resuming there skips nothing.
 */
class TributaryConnectMirrorCompatTest {

    private static final String WORKER_GROUP = "tributary-mm2";
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;
    private static final String RETENTION_MS = "123456789";

    @TempDir
    static Path dir;

    private static TributaryProcess src;
    private static TributaryProcess dst;
    private static ConnectWorkerProcess worker;
    private static ConnectRest rest;

    /** A failed test shows what the worker logged last. */
    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("the Connect worker's ", 150,
            () -> worker);

    @BeforeAll
    static void start() throws Exception {
        long started = System.nanoTime();
        Map<String, String> overrides = Map.of("group.initial.rebalance.delay.ms", "300");
        src = new TributaryProcess(dir.resolve("src"), overrides);
        dst = new TributaryProcess(dir.resolve("dst"), overrides);
        parallel(List.<Callable<?>>of(src::start, dst::start));
        Map<String, String> settings = ConnectWorkerSettings.forBroker(dst.bootstrap())
                .group(WORKER_GROUP)
                .converters(BYTES)
                .internalTopics("mm2", 3, 2)
                .offsetFlushMs(500)
                .session(6000)
                // The mirror location holds connect-mirror, its client, and the parts of Apache's worker MM2 calls
                // into.
                .pluginPath()
                .build();
        worker = ConnectWorkerProcess.tributary("tributary-connect-mirror", dir.resolve("worker"), settings,
                "distributed", List.of()).start();
        rest = new ConnectRest(worker.restUrl());
        System.out.printf("mirror: two brokers and the worker up in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerLogs.stopAndReport(worker, "mirror worker", " SEVERE ", 20);
        for (TributaryProcess broker : new TributaryProcess[] {src, dst}) {
            if (broker != null) {
                broker.stop();
                // what MM2's clients may have asked for that the broker refused or failed at
                List<String> complaints = broker.output().stream().filter(l -> l.contains("ERROR")
                        || l.contains("WARN") || l.contains("SEVERE") || l.contains("Exception")).toList();
                System.out.println("mirror: broker " + (broker == src ? "src" : "dst") + ": " + complaints.size()
                        + " warning/error lines" + (complaints.isEmpty() ? "" : ", the first ones:\n"
                        + String.join("\n", complaints.subList(0, Math.min(20, complaints.size())))));
            }
        }
    }

    /** One record as a consumer sees it: key, value and headers as text (Base64; null stays null), timestamp. */
    record Rec(String key, String value, List<String> headers, long timestamp) {

        static Rec of(ConsumerRecord<byte[], byte[]> r) {
            List<String> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(h.key() + "=" + b64(h.value()));
            }
            return new Rec(b64(r.key()), b64(r.value()), headers, r.timestamp());
        }
    }

    private static String b64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    /** What src holds, per partition in offset order. */
    private static final Map<TopicPartition, List<Rec>> produced = new HashMap<>();
    private static int sequence;

    /**
     * Produces {@code count} records to {@code topic}, keyed (partitioned by key), with binary values, headers and
     * explicit timestamps; now and then a null or empty key, a null value, no headers, or headers with a repeated
     * key and a null value.
     */
    private static void produce(String topic, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, src.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<Rec> records = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                int n = sequence++;
                byte[] key = n % 101 == 0 ? null : n % 103 == 0 ? new byte[0]
                        : (topic + "-key-" + (n % 37)).getBytes(StandardCharsets.UTF_8);
                byte[] value;
                if (n % 211 == 0) {
                    value = null;
                } else {
                    byte[] text = (topic + " #" + n + " ").getBytes(StandardCharsets.UTF_8);
                    value = new byte[text.length + 16];
                    System.arraycopy(text, 0, value, 0, text.length);
                    for (int b = 0; b < 16; b++) {
                        value[text.length + b] = (byte) (n * 31 + b * 17);   // not UTF-8: copied as bytes
                    }
                }
                List<Header> headers = new ArrayList<>();
                if (n % 7 != 0) {
                    headers.add(new RecordHeader("seq", Integer.toString(n).getBytes(StandardCharsets.UTF_8)));
                    headers.add(new RecordHeader("origin", new byte[] {(byte) 0xff, 0, (byte) n}));
                }
                if (n % 50 == 0) {
                    headers.add(new RecordHeader("seq", "again".getBytes(StandardCharsets.UTF_8)));
                    headers.add(new RecordHeader("none", null));
                }
                long timestamp = BASE_TIMESTAMP + n;
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp, key, value,
                        headers);
                sent.add(producer.send(record));
                List<String> h = headers.stream().map(x -> x.key() + "=" + b64(x.value())).toList();
                records.add(new Rec(b64(key), b64(value), h, timestamp));
            }
            producer.flush();
            Map<TopicPartition, TreeMap<Long, Rec>> byOffset = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get(30, TimeUnit.SECONDS);
                byOffset.computeIfAbsent(new TopicPartition(topic, m.partition()), tp -> new TreeMap<>())
                        .put(m.offset(), records.get(i));
            }
            byOffset.forEach((tp, recs) -> {
                List<Rec> list = produced.computeIfAbsent(tp, x -> new ArrayList<>());
                assertThat(recs.firstKey()).as("offsets of " + tp + " continue").isEqualTo(list.size());
                list.addAll(recs.values());
            });
        }
    }

    private static int producedTo(String topic) {
        return produced.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToInt(e -> e.getValue().size()).sum();
    }

    /**
     * Group {@code billing} on src consumes {@code orders} until it has processed {@code total} records from the
     * start of the topic, the same share of each partition, and commits exactly the position after them (a
     * partition whose share is done is paused); returns the committed offsets.
     */
    private static Map<TopicPartition, Long> billingConsumesOnSrc(int total) throws Exception {
        List<TopicPartition> orders = produced.keySet().stream().filter(tp -> tp.topic().equals("orders"))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        int all = producedTo("orders");
        Map<TopicPartition, Long> quota = new HashMap<>();
        long given = 0;
        for (TopicPartition tp : orders) {
            long share = (long) produced.get(tp).size() * total / all;
            quota.put(tp, share);
            given += share;
        }
        for (TopicPartition tp : orders) {
            if (given < total && quota.get(tp) < produced.get(tp).size()) {
                quota.merge(tp, 1L, Long::sum);
                given++;
            }
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(src, "billing", "earliest")) {
            c.subscribe(List.of("orders"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!orders.stream().allMatch(tp -> next.getOrDefault(tp, -1L).equals(quota.get(tp)))) {
                assertThat(System.nanoTime()).as("billing consumed only " + next + " of " + quota + " within 30 s")
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= quota.get(tp)) {
                        c.pause(List.of(tp));   // its share is done: the rest stays unprocessed, uncommitted
                        continue;
                    }
                    assertThat(Rec.of(r)).isEqualTo(produced.get(tp).get((int) r.offset()));
                    next.put(tp, r.offset() + 1);
                }
                for (TopicPartition tp : c.assignment()) {
                    if (c.position(tp) >= quota.get(tp)) {
                        next.put(tp, quota.get(tp));   // also a share of 0, or one done in an earlier round
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            next.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            c.commitSync(commit);
        }
        try (Admin admin = src.admin()) {
            Map<TopicPartition, Long> committed = new TreeMap<>(java.util.Comparator.comparing(
                    TopicPartition::toString));
            admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()
                    .forEach((tp, o) -> committed.put(tp, o.offset()));
            assertThat(committed).as("billing's committed offsets on src").isEqualTo(quota);
            return committed;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(TributaryProcess broker, String group, String reset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(TributaryProcess broker, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        }
    }

    /** Every record of a dst topic, per partition, read until it holds at least {@code atLeast} (or times out). */
    private static Map<Integer, List<Rec>> readDst(String topic, int atLeast, Duration timeout) throws Exception {
        Map<Integer, List<Rec>> out = new TreeMap<>();
        int total = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(dst, null, "earliest")) {
            List<TopicPartition> tps = partitions(dst, topic);
            c.assign(tps);
            c.seekToBeginning(tps);
            tps.forEach(tp -> out.put(tp.partition(), new ArrayList<>()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    assertThat(r.offset()).as("offsets of " + topic + "-" + r.partition())
                            .isEqualTo(out.get(r.partition()).size());
                    out.get(r.partition()).add(Rec.of(r));
                    total++;
                }
                if (total >= atLeast && tps.stream().allMatch(tp -> c.position(tp) >= c.endOffsets(List.of(tp))
                        .get(tp))) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Asserts dst's {@code src.<topic>} holds every record of src's {@code topic} in each partition, in order. With
     * {@code exact}, nothing else (as many records, so dst's offsets are src's); otherwise a record may be there
     * again later (MM2 is at least once: a task reconfigured resumes from its last committed offsets) but nothing
     * is lost, reordered or altered. Returns how many records are there more than once.
     */
    private static int assertMirrored(String topic, boolean exact) throws Exception {
        String remote = "src." + topic;
        int expected = producedTo(topic);
        awaitTopic(dst, remote);   // MM2 creates it once it has seen the topic on src (refresh.topics.interval)
        Map<Integer, List<Rec>> mirrored = readDst(remote, expected, Duration.ofSeconds(45));
        int partitions = (int) produced.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
        assertThat(mirrored.keySet()).as("partitions of " + remote).hasSize(partitions(src, topic).size());
        int duplicates = 0;
        for (var e : mirrored.entrySet()) {
            List<Rec> want = produced.getOrDefault(new TopicPartition(topic, e.getKey()), List.of());
            List<Rec> got = e.getValue();
            if (exact) {
                assertThat(got).as(remote + "-" + e.getKey() + " record by record").hasSize(want.size())
                        .containsExactlyElementsOf(want);
            } else {
                List<Rec> distinct = new ArrayList<>(new LinkedHashSet<>(got));   // first occurrences, in order
                assertThat(distinct).as(remote + "-" + e.getKey() + " record by record (" + got.size()
                        + " records)").hasSize(want.size()).containsExactlyElementsOf(want);
                duplicates += got.size() - distinct.size();
            }
        }
        System.out.printf("mirror: %s -> %s: %d records in %d partitions copied (%d there twice)%n", topic, remote,
                expected, partitions, duplicates);
        return duplicates;
    }

    /** An MM2 connector of the flow src -> dst: the worker's cluster, dst, is the target. */
    private static Map<String, String> mirrorConfig(String connectorClass) {
        return mirrorConfig(connectorClass, "src", src, "dst", dst);
    }

    private static Map<String, String> mirrorConfig(String connectorClass, String sourceAlias,
                                                    TributaryProcess source, String targetAlias,
                                                    TributaryProcess target) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", "org.apache.kafka.connect.mirror." + connectorClass);
        c.put("source.cluster.alias", sourceAlias);
        c.put("target.cluster.alias", targetAlias);
        c.put("source.cluster.bootstrap.servers", source.bootstrap());
        c.put("target.cluster.bootstrap.servers", target.bootstrap());
        c.put("key.converter", BYTES);
        c.put("value.converter", BYTES);
        // MM2's headers are bytes; the default SimpleHeaderConverter would not write them back verbatim
        c.put("header.converter", BYTES);
        c.put("topics", ".*");   // and topics.exclude's default: internal topics, __.*
        c.put("sync.topic.acls.enabled", "false");   // this node has no authorizer: the ACL APIs answer SECURITY_DISABLED
        c.put("replication.factor", "1");
        c.put("offset-syncs.topic.replication.factor", "1");
        c.put("checkpoints.topic.replication.factor", "1");
        c.put("heartbeats.topic.replication.factor", "1");
        c.put("refresh.topics.interval.seconds", "1");
        c.put("refresh.groups.interval.seconds", "1");
        return c;
    }

    private static Map<TopicPartition, Long> billingOnDst(Admin admin) throws Exception {
        Map<TopicPartition, Long> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()
                .forEach((tp, o) -> out.put(tp, o == null ? -1 : o.offset()));
        return out;
    }

    /**
     * Waits until group billing's offsets for {@code src.orders} on dst are translated: the first time (nothing
     * {@code before}) until each partition has one above 0; later until each has moved on from {@code before}, or
     * (MM2 translates only to the latest offset sync at or below the committed offset, so a partition whose
     * committed offset passed no new sync keeps its translation) until at least one has and 5 s passed. None may be
     * lower than before, and none may be past the source group's position: the record at a translated offset on
     * dst is the record src holds at or before the committed offset (compared by content, as dst's offsets are
     * src's only while nothing was copied twice).
     */
    private static Map<TopicPartition, Long> awaitTranslated(Map<TopicPartition, Long> committed,
                                                             Map<TopicPartition, Long> before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        long someMoved = 0;
        Map<TopicPartition, Long> onDst = Map.of();
        try (Admin admin = dst.admin()) {
            while (System.nanoTime() < deadline) {
                onDst = billingOnDst(admin);
                Map<TopicPartition, Long> now = onDst;
                java.util.function.Predicate<TopicPartition> moved = tp -> {
                    Long o = now.get(new TopicPartition("src." + tp.topic(), tp.partition()));
                    return o != null && o > before.getOrDefault(tp, 0L);
                };
                if (committed.keySet().stream().allMatch(moved)) {
                    break;
                }
                if (!before.isEmpty() && someMoved == 0 && committed.keySet().stream().anyMatch(moved)) {
                    someMoved = System.nanoTime();
                }
                if (someMoved != 0 && System.nanoTime() - someMoved > TimeUnit.SECONDS.toNanos(5)) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        Map<Integer, List<Rec>> mirrored = readDst("src.orders", producedTo("orders"), Duration.ofSeconds(30));
        Map<TopicPartition, Long> translated = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (var e : committed.entrySet()) {
            TopicPartition remote = new TopicPartition("src." + e.getKey().topic(), e.getKey().partition());
            Long o = onDst.get(remote);
            String context = " (committed on src: " + committed + ", before: " + before + ", on dst: " + onDst + ")";
            assertThat(o).as("billing's offset of " + remote + " on dst" + context).isNotNull().isPositive()
                    .isGreaterThanOrEqualTo(before.getOrDefault(e.getKey(), 0L));
            List<Rec> dstRecords = mirrored.get(e.getKey().partition());
            assertThat(o).as("billing's offset of " + remote + " on dst, within the partition" + context)
                    .isLessThanOrEqualTo(dstRecords.size());
            // the source offset of the first record a consumer resuming there gets (none: it gets only new ones)
            long resumesAt = o == dstRecords.size() ? produced.get(e.getKey()).size()
                    : produced.get(e.getKey()).indexOf(dstRecords.get((int) (long) o));
            assertThat(resumesAt).as("the source offset of the record at billing's offset " + o + " of " + remote
                    + context).isNotNegative().isLessThanOrEqualTo(e.getValue());
            translated.put(e.getKey(), o);
        }
        if (!before.isEmpty()) {
            assertThat(translated).as("billing's offsets on dst moved on from " + before)
                    .isNotEqualTo(new HashMap<>(before));
        }
        assertThat(onDst.keySet()).as("billing's partitions on dst").allMatch(tp -> tp.topic().equals("src.orders"));
        return translated;
    }

    /**
     * A consumer of group billing on dst resumes from the translated offsets (auto.offset.reset=none: each must be
     * there) and skips nothing: its first record of each partition is at or before the source group's position,
     * and is the record src holds at that offset.
     */
    private static void billingResumesOnDst(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> translated)
            throws Exception {
        Map<Integer, ConsumerRecord<byte[], byte[]>> first = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer(dst, "billing", "none")) {
            c.subscribe(List.of("src.orders"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (first.size() < committed.size()) {
                assertThat(System.nanoTime()).as("billing on dst got records of only " + first.keySet())
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    first.putIfAbsent(r.partition(), r);
                }
            }
        }
        for (var e : committed.entrySet()) {
            ConsumerRecord<byte[], byte[]> r = first.get(e.getKey().partition());
            assertThat(r.offset()).as("billing's first record of src.orders-" + e.getKey().partition() + " on dst")
                    .isEqualTo(translated.get(e.getKey())).isLessThanOrEqualTo(e.getValue());
            assertThat(Rec.of(r)).as("the record at that offset is src's").isEqualTo(produced.get(e.getKey())
                    .get((int) r.offset()));
        }
        System.out.printf("mirror: billing resumes on dst at %s (committed on src: %s)%n",
                first.values().stream().map(r -> r.partition() + "@" + r.offset()).toList(), committed);
    }

    @Test
    void mirrorMakerReplicatesTopicsRecordsAndGroupOffsetsBetweenTwoClusters() throws Exception {
        long started = System.nanoTime();
        try (Admin admin = src.admin()) {
            // a config other than the default, which MM2 gives the remote topic (sync.topic.configs.enabled)
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1).configs(Map.of("retention.ms",
                    RETENTION_MS)), new NewTopic("payments", 2, (short) 1))).all().get();
        }
        produce("orders", 3_000);
        produce("payments", 1_000);
        Map<TopicPartition, Long> committed = billingConsumesOnSrc(1_800);
        System.out.printf("mirror: src has orders %d and payments %d records; billing committed %s%n",
                producedTo("orders"), producedTo("payments"), committed);

        // Heartbeats into src, as MirrorMaker's driver emits them into every cluster (here of the flow dst -> src,
        // whose records the worker's producer sends to src: producer.override.bootstrap.servers); the flow src ->
        // dst replicates them as src.heartbeats, which tells a client of dst its upstream clusters.
        Map<String, String> heartbeatIntoSrc = mirrorConfig("MirrorHeartbeatConnector", "dst", dst, "src", src);
        heartbeatIntoSrc.put("tasks.max", "1");
        heartbeatIntoSrc.put("emit.heartbeats.interval.seconds", "1");
        heartbeatIntoSrc.put("producer.override.bootstrap.servers", src.bootstrap());
        rest.createConnector("mm2-heartbeat-into-src", heartbeatIntoSrc);
        rest.waitRunning("mm2-heartbeat-into-src", 1, Duration.ofSeconds(60));
        awaitTopic(src, "heartbeats");   // there before the source connector looks: no reconfiguration for it

        Map<String, String> source = mirrorConfig("MirrorSourceConnector");
        source.put("tasks.max", "2");
        rest.createConnector("mm2-source", source);
        Map<String, String> checkpoint = mirrorConfig("MirrorCheckpointConnector");
        checkpoint.put("tasks.max", "1");
        checkpoint.put("groups", "billing");
        checkpoint.put("sync.group.offsets.enabled", "true");
        checkpoint.put("emit.checkpoints.interval.seconds", "1");
        checkpoint.put("sync.group.offsets.interval.seconds", "1");
        rest.createConnector("mm2-checkpoint", checkpoint);
        Map<String, String> heartbeat = mirrorConfig("MirrorHeartbeatConnector");
        heartbeat.put("tasks.max", "1");
        heartbeat.put("emit.heartbeats.interval.seconds", "1");
        rest.createConnector("mm2-heartbeat", heartbeat);
        rest.waitRunning("mm2-source", 2, Duration.ofSeconds(60));
        rest.waitRunning("mm2-checkpoint", 1, Duration.ofSeconds(60));
        rest.waitRunning("mm2-heartbeat", 1, Duration.ofSeconds(60));
        System.out.printf("mirror: four connectors RUNNING after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        // Topics with src's partition counts; every record, byte for byte, at src's offsets.
        assertMirrored("orders", true);
        assertMirrored("payments", true);
        System.out.printf("mirror: initial copy verified after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        // billing's offsets, translated by the checkpoint connector and written to dst's group.
        Map<TopicPartition, Long> translated = awaitTranslated(committed, Map.of());
        System.out.printf("mirror: billing's offsets translated onto dst after %d ms: %s (committed on src: %s)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), translated, committed);
        billingResumesOnDst(committed, translated);

        // While the connectors run: more records, a topic created on src, and billing moving on there.
        produce("orders", 600);
        produce("payments", 200);
        try (Admin admin = src.admin()) {
            admin.createTopics(List.of(new NewTopic("refunds", 2, (short) 1))).all().get();
        }
        produce("refunds", 300);
        // refunds first: once it is copied, the source tasks have been reconfigured for it (and may have copied
        // some records again on resuming from their last committed offsets)
        int duplicates = assertMirrored("refunds", false) + assertMirrored("orders", false)
                + assertMirrored("payments", false);
        Map<TopicPartition, Long> committedLater = billingConsumesOnSrc(3_000);
        Map<TopicPartition, Long> translatedLater = awaitTranslated(committedLater, translated);
        System.out.printf("mirror: billing committed %s on src later, translated to %s on dst after %d ms%n",
                committedLater, translatedLater, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        try (Admin admin = dst.admin()) {
            Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
                    .listInternal(true)).names().get();
            assertThat(topics).as("topics on dst").contains("src.orders", "src.payments", "src.refunds",
                    "src.checkpoints.internal", "heartbeats", "src.heartbeats");
            Map<String, TopicDescription> d = admin.describeTopics(List.of("src.orders", "src.payments",
                    "src.refunds")).allTopicNames().get();
            assertThat(d.get("src.orders").partitions()).hasSize(3);
            assertThat(d.get("src.payments").partitions()).hasSize(2);
            assertThat(d.get("src.refunds").partitions()).hasSize(2);
            ConfigResource remoteOrders = new ConfigResource(ConfigResource.Type.TOPIC, "src.orders");
            assertThat(admin.describeConfigs(List.of(remoteOrders)).all().get().get(remoteOrders)
                    .get("retention.ms").value()).as("src.orders' retention.ms, synced from orders")
                    .isEqualTo(RETENTION_MS);
        }
        // What a client failing over to dst asks MM2's client library (connect-mirror-client's RemoteClusterUtils).
        Map<String, Object> dstClient = Map.of("bootstrap.servers", dst.bootstrap());
        assertThat(mirrorClient("checkpointTopics", dstClient)).as("RemoteClusterUtils.checkpointTopics on dst")
                .isEqualTo(Set.of("src.checkpoints.internal"));
        assertThat(mirrorClient("upstreamClusters", dstClient)).as("RemoteClusterUtils.upstreamClusters on dst")
                .isEqualTo(Set.of("src"));
        assertThat(mirrorClient("replicationHops", dstClient, "src")).as("RemoteClusterUtils.replicationHops(src)")
                .isEqualTo(1);
        assertThat(mirrorClient("heartbeatTopics", dstClient)).as("RemoteClusterUtils.heartbeatTopics on dst")
                .isEqualTo(Set.of("heartbeats", "src.heartbeats"));
        @SuppressWarnings("unchecked")
        Map<TopicPartition, OffsetAndMetadata> fromCheckpoints = (Map<TopicPartition, OffsetAndMetadata>)
                mirrorClient("translateOffsets", dstClient, "src", "billing", Duration.ofSeconds(20));
        assertThat(fromCheckpoints.keySet()).as("RemoteClusterUtils.translateOffsets(billing)")
                .containsExactlyInAnyOrderElementsOf(committedLater.keySet().stream()
                        .map(tp -> new TopicPartition("src.orders", tp.partition())).toList());
        fromCheckpoints.forEach((tp, o) -> assertThat(o.offset()).as("billing's checkpoint of " + tp)
                .isPositive().isLessThanOrEqualTo(committedLater.get(new TopicPartition("orders", tp.partition()))));
        System.out.println("mirror: RemoteClusterUtils.translateOffsets(billing) on dst: " + new TreeMap<>(
                fromCheckpoints.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> e.getKey().toString(), e -> e.getValue().offset()))));
        try (Admin admin = src.admin()) {
            assertThat(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get()).as("topics on src").contains("mm2-offset-syncs.dst.internal", "heartbeats")
                    .doesNotContain("dst.heartbeats");
        }
        int checkpoints = countRecords(dst, "src.checkpoints.internal");
        int heartbeats = countRecords(dst, "heartbeats");
        int heartbeatsFromSrc = countRecords(dst, "src.heartbeats");
        int offsetSyncs = countRecords(src, "mm2-offset-syncs.dst.internal");
        assertThat(checkpoints).as("records in src.checkpoints.internal on dst").isPositive();
        assertThat(heartbeats).as("records in heartbeats on dst").isPositive();
        assertThat(heartbeatsFromSrc).as("records in src.heartbeats on dst").isPositive();
        JsonNode status = rest.status("mm2-source");
        System.out.printf("mirror: %d offset syncs on src, %d checkpoints, %d heartbeats and %d src.heartbeats on "
                + "dst, %d records copied twice; mm2-source %s; %d ms in all%n", offsetSyncs, checkpoints, heartbeats,
                heartbeatsFromSrc, duplicates,
                status.path("connector").path("state").asText(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Calls a static method of connect-mirror-client's {@code RemoteClusterUtils} (4.3.1, from the plugin
     * directory, on the test's kafka-clients).
     */
    private static Object mirrorClient(String method, Object... args) throws Exception {
        Path jar;
        try (var files = java.nio.file.Files.list(ConnectWorkerProcess.pluginPath().resolve("mirror"))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("connect-mirror-client-")).findFirst()
                    .orElseThrow();
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                TributaryConnectMirrorCompatTest.class.getClassLoader())) {
            Class<?> utils = loader.loadClass("org.apache.kafka.connect.mirror.RemoteClusterUtils");
            for (java.lang.reflect.Method m : utils.getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length
                        && (args.length < 3 || m.getParameterTypes()[2] == String.class)) {
                    try {
                        return m.invoke(null, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause() instanceof Exception ex ? ex : e;
                    }
                }
            }
            throw new AssertionError("RemoteClusterUtils has no " + method);
        }
    }

    private static void awaitTopic(TributaryProcess broker, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get().contains(topic)) {
                assertThat(System.nanoTime()).as("topic " + topic + " created within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private static int countRecords(TributaryProcess broker, String topic) throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = consumer(broker, null, "earliest")) {
            List<TopicPartition> tps = partitions(broker, topic);
            Map<TopicPartition, Long> begin = c.beginningOffsets(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            return (int) tps.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }
    }

    /** Runs the calls on threads of their own and waits for all; the first failure is thrown. */
    private static void parallel(List<Callable<?>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> c : calls) {
                futures.add(pool.submit(c));
            }
            for (Future<?> f : futures) {
                try {
                    f.get(3, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
