package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6's churn test, per rebalance flavour: three members of one group consume 200,000 records of a
 * 6-partition topic while a fourth joins and one dies by SIGKILL (a member in its own process: no leave, no
 * close). Every record is processed at least once, the committed offsets end at the log end, and no partition is
 * held by two members in the same generation. Static flavours also restart a member within its session timeout
 * and check that this moved no generation.
 */
class GroupChurnCompatTest {

    private static final int PARTITIONS = 6;
    private static final int RECORDS = 200_000;

    @TempDir
    static Path dir;
    private static TributaryProcess broker;

    enum Flavour {
        CLASSIC_EAGER("classic", null, false),
        CLASSIC_COOPERATIVE("classic", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", false),
        CLASSIC_STATIC("classic", null, true),
        CONSUMER_PROTOCOL("consumer", null, false),
        CONSUMER_PROTOCOL_STATIC("consumer", "range", true);

        final String protocol;
        final String assignor;
        final boolean isStatic;

        Flavour(String protocol, String assignor, boolean isStatic) {
            this.protocol = protocol;
            this.assignor = assignor;
            this.isStatic = isStatic;
        }

        ChurnMember.Flavour member(String name) {
            return new ChurnMember.Flavour(protocol, assignor, isStatic ? "instance-" + name : null);
        }
    }

    /** What all members reported: records processed, and who held what in which generation. */
    private static final class Ledger implements ChurnMember.Sink {
        final String member;
        final Map<Integer, Set<Long>> processed;
        final List<String> holdings;

        Ledger(String member, Map<Integer, Set<Long>> processed, List<String> holdings) {
            this.member = member;
            this.processed = processed;
            this.holdings = holdings;
        }

        volatile int lastGeneration = -1;

        @Override
        public void processed(int partition, long offset) {
            processed.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(offset);
        }

        @Override
        public void holds(int generation, Set<Integer> partitions) {
            holdings.add(generation + " " + member + " " + partitions);
            lastGeneration = generation;
        }
    }

    /** A member on a thread of this JVM. */
    private static final class ThreadMember {
        final Ledger ledger;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        ThreadMember(Properties props, String topic, Ledger ledger) {
            this.ledger = ledger;
            BooleanSupplier stopped = stop::get;
            thread = new Thread(() -> {
                try {
                    ChurnMember.consume(props, topic, ledger, stopped);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "churn-" + ledger.member);
            thread.start();
        }

        void close() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
            assertThat(thread.isAlive()).as(ledger.member + " closed").isFalse();
            assertThat(failure.get()).as(ledger.member + " failed").isNull();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "group.min.session.timeout.ms", "1000",
                "group.consumer.session.timeout.ms", "4000",
                "group.consumer.heartbeat.interval.ms", "300")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    private static Admin admin() {
        return broker.admin();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void aGroupUnderChurnProcessesEveryRecordAndCommitsToTheEnd(Flavour flavour) throws Exception {
        String topic = "churn-" + flavour.name().toLowerCase().replace('_', '-');
        String group = "group-" + topic;
        produce(topic);

        Map<Integer, Set<Long>> processed = new ConcurrentHashMap<>();
        List<String> holdings = new CopyOnWriteArrayList<>();
        List<ThreadMember> members = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            members.add(new ThreadMember(ChurnMember.config(broker.bootstrap(), group, flavour.member(name)), topic,
                    new Ledger(name, processed, holdings)));
        }
        Process victim = startProcessMember(group, topic, flavour.member("victim"),
                new Ledger("victim", processed, holdings));
        try {
            churn(flavour, group, topic, members, victim, processed, holdings);
        } finally {
            victim.destroyForcibly();
            for (ThreadMember m : members) {
                m.stop.set(true);
            }
        }
        assertThat(processed.keySet()).hasSize(PARTITIONS);
        assertThat(total(processed)).as("every record processed at least once").isEqualTo(RECORDS);
        assertNoPartitionHeldTwiceInAGeneration(holdings);
        assertThat(holdings).as("the victim held partitions before it died")
                .anyMatch(h -> h.contains(" victim ") && !h.endsWith("[]"));
    }

    /** A fourth member joins, static flavours restart one, the process member dies; then all is consumed. */
    private static void churn(Flavour flavour, String group, String topic, List<ThreadMember> members,
                              Process victim, Map<Integer, Set<Long>> processed, List<String> holdings)
            throws Exception {
        awaitProcessed(processed, RECORDS / 5);
        members.add(new ThreadMember(ChurnMember.config(broker.bootstrap(), group, flavour.member("d")), topic,
                new Ledger("d", processed, holdings)));
        awaitProcessed(processed, RECORDS * 2 / 5);

        if (flavour.isStatic) {
            restartWithoutRebalance(flavour, group, topic, members, processed, holdings);
        }
        victim.destroyForcibly();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

        awaitProcessed(processed, RECORDS);
        awaitCommittedAtLogEnd(group, topic);
        for (ThreadMember m : members) {
            m.close();
        }
    }

    /**
     * A static member closes (as a restart does: no leave for classic static members, "leaving to rejoin" under
     * the consumer protocol) and comes back with the same instance id within its session timeout: it gets its
     * partitions back and no one's generation moves.
     */
    private static void restartWithoutRebalance(Flavour flavour, String group, String topic,
                                                List<ThreadMember> members, Map<Integer, Set<Long>> processed,
                                                List<String> holdings) throws Exception {
        awaitSettled(members);
        ThreadMember restarting = members.get(0);
        Map<String, Integer> before = generations(members);
        restarting.close();
        ThreadMember back = new ThreadMember(ChurnMember.config(broker.bootstrap(), group, flavour.member("a")),
                topic, new Ledger("a", processed, holdings));
        members.set(0, back);
        GroupConsumer.await("the restarted member holds partitions", Duration.ofSeconds(30),
                () -> back.ledger.lastGeneration >= 0);
        Thread.sleep(1500);   // heartbeats go round: a rebalance, had there been one, would show now
        assertThat(generations(members)).as("a static restart moves no generation").isEqualTo(before);
    }

    private static Map<String, Integer> generations(List<ThreadMember> members) {
        Map<String, Integer> out = new HashMap<>();
        members.forEach(m -> out.put(m.ledger.member, m.ledger.lastGeneration));
        return out;
    }

    /** Waits until every member's last report is in the highest generation any reported and all hold partitions. */
    private static void awaitSettled(List<ThreadMember> members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<String, Integer> g = generations(members);
            if (new HashSet<>(g.values()).size() == 1 && !g.containsValue(-1)) {
                Thread.sleep(1000);
                if (generations(members).equals(g)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the group did not settle: " + generations(members));
    }

    private static Process startProcessMember(String group, String topic, ChurnMember.Flavour flavour,
                                              Ledger ledger) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChurnMember.class.getName(),
                broker.bootstrap(), group, topic));
        command.addAll(flavour.args());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f[0].equals("R") && f.length == 3) {
                        ledger.processed(Integer.parseInt(f[1]), Long.parseLong(f[2]));
                    } else if (f[0].equals("A") && f.length == 3) {
                        Set<Integer> ps = new HashSet<>();
                        String inner = f[2].substring(1, f[2].length() - 1);
                        for (String s : inner.isEmpty() ? new String[0] : inner.split(",")) {
                            ps.add(Integer.parseInt(s));
                        }
                        ledger.holds(Integer.parseInt(f[1]), new java.util.TreeSet<>(ps));
                    }
                }
            } catch (Exception e) {
                // the process died
            }
        }, "victim-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static void produce(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[64];
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
    }

    private static void awaitProcessed(Map<Integer, Set<Long>> processed, long count) throws InterruptedException {
        GroupConsumer.await(count + " records processed", Duration.ofSeconds(120),
                () -> total(processed) >= count, () -> "only " + total(processed));
    }

    private static long total(Map<Integer, Set<Long>> processed) {
        return processed.values().stream().mapToLong(Set::size).sum();
    }

    private static void awaitCommittedAtLogEnd(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            GroupConsumer.await("committed offsets at the log end " + ends, Duration.ofSeconds(60),
                    () -> committed(admin, group).equals(ends), () -> "committed: " + committed(admin, group));
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) {
        Map<TopicPartition, Long> out = new HashMap<>();
        try {
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** Within one generation, the partitions each member reported holding are disjoint from every other's. */
    private static void assertNoPartitionHeldTwiceInAGeneration(List<String> holdings) {
        Map<Integer, Map<String, Set<Integer>>> byGeneration = new HashMap<>();
        for (String h : holdings) {
            String[] f = h.split(" ", 3);
            Set<Integer> ps = byGeneration.computeIfAbsent(Integer.parseInt(f[0]), g -> new HashMap<>())
                    .computeIfAbsent(f[1], m -> new HashSet<>());
            String inner = f[2].substring(1, f[2].length() - 1).replace(" ", "");
            for (String s : inner.isEmpty() ? new String[0] : inner.split(",")) {
                ps.add(Integer.parseInt(s));
            }
        }
        byGeneration.forEach((generation, members) -> {
            Map<Integer, String> owner = new HashMap<>();
            members.forEach((member, ps) -> ps.forEach(p -> {
                String other = owner.put(p, member);
                assertThat(other).as("partition %d held by %s and %s in generation %d", p, other, member,
                        generation).isNull();
            }));
        });
    }
}
