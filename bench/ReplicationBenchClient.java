// Client-side helpers for bench/replication-compare.sh, compiled at run time with javac against the kafka-clients that
// ship with Kafka's tools (bench/maven/kafka-tools), as BenchClient.java. Three commands; BOOTSTRAP is every node's
// address, comma-separated, so that losing one node does not cut the client off:
//
//   create-topics BOOTSTRAP REPLICATION_FACTOR MIN_ISR NAME:PARTITIONS...
//       Creates the topics with the Admin client (that replication factor, topic config min.insync.replicas) and
//       waits until every partition has a leader and a full ISR, so that no workload starts while followers are
//       still joining.
//
//   describe BOOTSTRAP TOPIC...
//       One line per partition, sorted: "TOPIC-PARTITION leader=ID isr=ID,ID,ID". The script compares two of these
//       snapshots to find leaders that moved while nothing was killed.
//
//   failover BOOTSTRAP TOPIC SIZE INTERVAL_MS STEADY_MS AFTER_MS
//       Produce availability across a leader's death. One producer (acks=all, idempotence on, every other setting
//       kafka-clients' default) sends a SIZE-byte record to partition 0 of TOPIC every INTERVAL_MS without waiting
//       for the answer (a slot missed because send() blocked is skipped, never made up in a burst), and notes the
//       time of every acknowledgement. Once acknowledgements have arrived for STEADY_MS it looks the partition's
//       leader up and prints
//           LEADER id=ID wall_ms=EPOCH_MS
//       (the script SIGKILLs that node on reading it), keeps sending for AFTER_MS more, stops, waits for every send
//       to be answered (acknowledged, or failed after delivery.timeout.ms) and prints one line:
//           FAILOVER sent=.. acked=.. failed=.. max_gap_ms=.. gap_start_ms=.. gap_end_ms=.. gaps_over_1s=..
//                    leader_before=.. leader_after=.. isr_after=.. max_send_block_ms=.. first_error=..
//       max_gap_ms is the longest time between two consecutive acknowledgements over the whole run (the callbacks of
//       one batch share a time), gap_start_ms / gap_end_ms its ends as wall-clock epoch milliseconds (to set against
//       the script's kill time), gaps_over_1s how many gaps exceeded one second (more than one: a second outage),
//       max_send_block_ms the longest a send() call blocked the sending loop.
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class ReplicationBenchClient {

    public static void main(String[] args) throws Exception {
        if (args.length >= 5 && args[0].equals("create-topics")) {
            createTopics(args[1], Short.parseShort(args[2]), args[3], Arrays.copyOfRange(args, 4, args.length));
        } else if (args.length >= 3 && args[0].equals("describe")) {
            describe(args[1], Arrays.asList(args).subList(2, args.length));
        } else if (args.length == 7 && args[0].equals("failover")) {
            failover(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]),
                    Long.parseLong(args[6]));
        } else {
            System.err.println("usage: ReplicationBenchClient create-topics BOOTSTRAP REPLICATION_FACTOR MIN_ISR NAME:PARTITIONS...\n"
                    + "       ReplicationBenchClient describe BOOTSTRAP TOPIC...\n"
                    + "       ReplicationBenchClient failover BOOTSTRAP TOPIC SIZE INTERVAL_MS STEADY_MS AFTER_MS");
            System.exit(2);
        }
    }

    static void createTopics(String bootstrap, short replicationFactor, String minIsr, String[] specs) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            topics.add(new NewTopic(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)), replicationFactor)
                    .configs(Map.of("min.insync.replicas", minIsr)));
        }
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
                boolean ready = described.values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && p.isr().size() == replicationFactor);
                if (ready) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions without a leader or a full ISR after 60 s: "
                            + String.join("\n", lines(described)));
                }
                Thread.sleep(50);
            }
        }
        System.out.println("created " + String.join(" ", specs) + " replication factor " + replicationFactor
                + " min.insync.replicas " + minIsr);
    }

    static void describe(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            lines(admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS)).forEach(System.out::println);
        }
    }

    private static List<String> lines(Map<String, TopicDescription> described) {
        Map<String, String> sorted = new TreeMap<>();
        described.forEach((topic, d) -> d.partitions().forEach(p -> sorted.put(
                String.format(Locale.ROOT, "%s-%05d", topic, p.partition()),
                topic + "-" + p.partition() + " leader=" + leaderId(p) + " isr=" + ids(p.isr()))));
        return new ArrayList<>(sorted.values());
    }

    private static String leaderId(TopicPartitionInfo p) {
        return p.leader() == null || p.leader().isEmpty() ? "none" : Integer.toString(p.leader().id());
    }

    private static String ids(List<Node> nodes) {
        return nodes.isEmpty() ? "none" : nodes.stream().map(n -> Integer.toString(n.id())).collect(Collectors.joining(","));
    }

    /**
     * Acknowledgement bookkeeping. Written by the producer's I/O thread (callbacks), read by the sending thread while
     * it waits for the steady state, hence the lock (uncontended almost always: a few hundred callbacks a second).
     */
    private static final class Acks {
        long firstNs;
        long acked;
        long failed;
        String firstError = "none";
        long lastNs;
        long lastWallMs;
        long maxGapNs;
        long gapStartMs;
        long gapEndMs;
        long gapsOver1s;

        synchronized void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                if (failed++ == 0) {
                    firstError = (e.getClass().getSimpleName() + ":" + e.getMessage()).replaceAll("\\s+", "_");
                }
                return;
            }
            long now = System.nanoTime();
            long wall = System.currentTimeMillis();
            if (acked++ == 0) {
                firstNs = now;
            } else {
                long gap = now - lastNs;
                if (gap > TimeUnit.SECONDS.toNanos(1)) {
                    gapsOver1s++;
                }
                if (gap > maxGapNs) {
                    maxGapNs = gap;
                    gapStartMs = lastWallMs;
                    gapEndMs = wall;
                }
            }
            lastNs = now;
            lastWallMs = wall;
        }

        /** When the first acknowledgement arrived (System.nanoTime()), or empty before it. */
        synchronized OptionalLong firstAckNs() {
            return acked == 0 ? OptionalLong.empty() : OptionalLong.of(firstNs);
        }

        synchronized String progress() {
            return "acked " + acked + ", failed " + failed + " (first error " + firstError + ")";
        }
    }

    static void failover(String bootstrap, String topic, int size, long intervalMs, long steadyMs, long afterMs)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        byte[] value = new byte[size];
        ThreadLocalRandom.current().nextBytes(value);
        Acks acks = new Acks();
        long sent = 0;
        long maxBlockNs = 0;
        String leaderBefore = "none";
        String leaderAfter = "none";
        String isrAfter = "none";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final long intervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            long start = System.nanoTime();
            long giveUp = start + TimeUnit.SECONDS.toNanos(60);   // not steady within a minute: the cluster is broken
            long next = start;
            long stopAt = Long.MAX_VALUE;
            while (true) {
                long now = System.nanoTime();
                if (now >= stopAt) {
                    break;
                }
                if (stopAt == Long.MAX_VALUE) {
                    // Steady: acknowledgements have been arriving for steadyMs. Only then is the leader looked up.
                    OptionalLong firstAck = acks.firstAckNs();
                    if (firstAck.isPresent() && now - firstAck.getAsLong() >= TimeUnit.MILLISECONDS.toNanos(steadyMs)) {
                        leaderBefore = leaderId(partition0(admin, topic));
                        System.out.println("LEADER id=" + leaderBefore + " wall_ms=" + System.currentTimeMillis());
                        System.out.flush();
                        stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(afterMs);
                    } else if (now > giveUp) {
                        throw new IllegalStateException("not " + steadyMs + " ms of acknowledgements within 60 s: sent "
                                + sent + ", " + acks.progress());
                    }
                }
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                long before = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, value), acks::onCompletion);
                long blocked = System.nanoTime() - before;
                maxBlockNs = Math.max(maxBlockNs, blocked);
                sent++;
                next += intervalNs;
                if (next < System.nanoTime()) {
                    next = System.nanoTime();   // behind (send blocked): skip the missed slots rather than burst
                }
            }
            producer.flush();   // every send answered: acknowledged, or failed after delivery.timeout.ms
            try {
                TopicPartitionInfo p = partition0(admin, topic);
                leaderAfter = leaderId(p);
                isrAfter = ids(p.isr());
            } catch (Exception e) {
                leaderAfter = "unknown(" + e.getClass().getSimpleName() + ")";
            }
        }
        System.out.printf(Locale.ROOT,
                "FAILOVER sent=%d acked=%d failed=%d max_gap_ms=%.1f gap_start_ms=%d gap_end_ms=%d gaps_over_1s=%d"
                        + " leader_before=%s leader_after=%s isr_after=%s max_send_block_ms=%.1f first_error=%s%n",
                sent, acks.acked, acks.failed, acks.maxGapNs / 1e6, acks.gapStartMs, acks.gapEndMs, acks.gapsOver1s,
                leaderBefore, leaderAfter, isrAfter, maxBlockNs / 1e6, acks.firstError);
    }

    private static TopicPartitionInfo partition0(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return d.partitions().stream().filter(p -> p.partition() == 0).findFirst()
                .orElseThrow(() -> new IllegalStateException(topic + " has no partition 0"));
    }
}
