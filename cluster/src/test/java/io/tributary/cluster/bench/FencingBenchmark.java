package io.tributary.cluster.bench;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.QuorumConfig;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.cluster.controller.ControllerLogic;
import io.tributary.cluster.controller.ControllerResult;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataBatch;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long one broker's fencing takes to move all its leaderships, with 10,000 partitions (1,000 topics × 10,
 * replication factor 3) on 3 simulated brokers. Run on demand, not a test:
 * {@code ./mvnw -B -q -pl cluster -am -Pbench -DskipTests verify}.
 *
 * <ol>
 *   <li>Controller logic only: decide the fencing (records) and replay them into a new image, no Raft.</li>
 *   <li>Through a 3-voter Ratis quorum on loopback (one JVM, local disk): create the topics, then a
 *       fencing heartbeat from one broker, timed from submit until its records are committed and applied on
 *       the leader (every partition it led has a new leader).</li>
 * </ol>
 */
public final class FencingBenchmark {

    private static final int BROKERS = 3;
    private static final int TOPICS = 1_000;
    private static final int PARTITIONS_PER_TOPIC = 10;

    private FencingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        logicOnly(rounds);
        throughQuorum(Math.max(1, rounds / 2));
    }

    private static void logicOnly(int rounds) {
        long[] decide = new long[rounds];
        long[] replay = new long[rounds];
        int moved = 0;
        int records = 0;
        for (int round = 0; round < rounds + 3; round++) {
            Harness h = new Harness();
            h.build();
            long t0 = System.nanoTime();
            h.now += ControllerConfig.DEFAULTS.sessionTimeoutMs();
            h.run(new BrokerHeartbeat(1, h.epochs.get(1), false, false));
            h.run(new BrokerHeartbeat(3, h.epochs.get(3), false, false));
            long t1 = System.nanoTime();
            ControllerResult<List<Integer>> fencing = h.logic.expireSessions(h.image, h.now);
            long t2 = System.nanoTime();
            MetadataBatch batch = MetadataBatch.decode(ByteBuffer.wrap(
                    new MetadataBatch(1, fencing.records()).encode()));
            MetadataImage after = new MetadataDelta(h.image).replayAll(batch.records()).apply(h.image.offset() + 1);
            long t3 = System.nanoTime();
            check(after, 2);
            if (round >= 3) {
                decide[round - 3] = t2 - t1;
                replay[round - 3] = t3 - t2;
            }
            moved = countLedBy(h.image, 2);
            records = fencing.records().size();
        }
        System.out.printf("logic only: fence broker 2 of %d, %d partitions (%d led by it): %d records; "
                        + "decide median %.1f ms, encode+decode+replay median %.1f ms (%d rounds after 3 warm-up)%n",
                BROKERS, TOPICS * PARTITIONS_PER_TOPIC, moved, records, median(decide), median(replay), rounds);
    }

    private static void throughQuorum(int rounds) throws Exception {
        long[] fenceMs = new long[rounds];
        long[] createMs = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            Path dir = Files.createTempDirectory("fencing-bench");
            List<MetadataNode> nodes = startVoters(dir);
            try {
                MetadataNode leader = awaitLeader(nodes);
                Map<Integer, Long> epochs = new HashMap<>();
                for (int b = 1; b <= BROKERS; b++) {
                    var r = get(leader.submit(new RegisterBroker(b, new UUID(3, b),
                            List.of(new Endpoint("PLAINTEXT", "127.0.0.1", 9092, (short) 0)), null)));
                    epochs.put(b, r.brokerEpoch());
                    get(leader.submit(new BrokerHeartbeat(b, r.brokerEpoch(), false, false)));
                }
                long c0 = System.nanoTime();
                List<CompletableFuture<?>> creates = new ArrayList<>();
                for (int t = 0; t < TOPICS; t++) {
                    creates.add(leader.submit(new CreateTopics(List.of(NewTopic.of("t" + t, PARTITIONS_PER_TOPIC,
                            BROKERS)), false)));
                }
                for (CompletableFuture<?> f : creates) {
                    get(f);
                }
                createMs[round] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c0);
                int led = countLedBy(leader.image(), 2);

                long f0 = System.nanoTime();
                get(leader.submit(new BrokerHeartbeat(2, epochs.get(2), true, false)));
                fenceMs[round] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - f0);
                check(leader.image(), 2);
                System.out.printf("quorum round %d: created %d partitions in %d ms; fencing broker 2 (leader of %d) "
                        + "committed in %d ms%n", round, TOPICS * PARTITIONS_PER_TOPIC, createMs[round], led,
                        fenceMs[round]);
            } finally {
                for (MetadataNode n : nodes) {
                    n.close();
                }
            }
        }
        System.out.printf("3-voter quorum: create 10,000 partitions median %.0f ms; fencing -> all leaderships "
                + "moved and committed median %.0f ms (%d rounds)%n", median(createMs), median(fenceMs), rounds);
    }

    private static List<MetadataNode> startVoters(Path dir) throws IOException {
        StringJoiner voters = new StringJoiner(",");
        for (int id = 1; id <= 3; id++) {
            try (ServerSocket s = new ServerSocket(0)) {
                voters.add(id + "@127.0.0.1:" + s.getLocalPort());
            }
        }
        List<MetadataNode> nodes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            QuorumConfig config = QuorumConfig.fromProperties(Map.of("node.id", Integer.toString(id),
                    "controller.quorum.voters", voters.toString(),
                    "metadata.log.dir", dir.resolve("node-" + id).toString()));
            nodes.add(MetadataNode.start(config, ControllerConfig.DEFAULTS.withSessionTimeoutMs(3_600_000),
                    Clock.systemUTC()));
        }
        return nodes;
    }

    private static MetadataNode awaitLeader(List<MetadataNode> nodes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (MetadataNode n : nodes) {
                if (n.isActiveController()) {
                    return n;
                }
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("no leader elected");
    }

    private static <R> R get(CompletableFuture<R> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static void check(MetadataImage image, int fenced) {
        if (!image.broker(fenced).fenced() || countLedBy(image, fenced) != 0) {
            throw new IllegalStateException("broker " + fenced + " still leads partitions");
        }
        for (TopicImage t : image.topics().values()) {
            for (PartitionRegistration p : t.partitions()) {
                if (!p.hasLeader() || p.isr().contains(fenced)) {
                    throw new IllegalStateException("partition of " + t.name() + " not moved: " + p);
                }
            }
        }
    }

    private static int countLedBy(MetadataImage image, int broker) {
        int n = 0;
        for (TopicImage t : image.topics().values()) {
            for (PartitionRegistration p : t.partitions()) {
                if (p.leader() == broker) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double median(long[] nanosOrMillis) {
        long[] sorted = nanosOrMillis.clone();
        Arrays.sort(sorted);
        double m = sorted[sorted.length / 2];
        return sorted.length > 0 && sorted[0] > 100_000 ? m / 1e6 : m;
    }

    /** The controller and an image, with no Raft: records go straight into the image. */
    private static final class Harness {
        final Random random = new Random(1);
        final ControllerLogic logic = new ControllerLogic(ControllerConfig.DEFAULTS,
                () -> new UUID(random.nextLong(), random.nextLong()));
        final Map<Integer, Long> epochs = new HashMap<>();
        MetadataImage image = MetadataImage.EMPTY;
        long now = 1_000_000;

        void build() {
            logic.activate(image, now);
            for (int b = 1; b <= BROKERS; b++) {
                var r = run(new RegisterBroker(b, new UUID(3, b),
                        List.of(new Endpoint("PLAINTEXT", "h", 9092, (short) 0)), null));
                epochs.put(b, r.brokerEpoch());
                run(new BrokerHeartbeat(b, r.brokerEpoch(), false, false));
            }
            for (int t = 0; t < TOPICS; t++) {
                run(new CreateTopics(List.of(NewTopic.of("t" + t, PARTITIONS_PER_TOPIC, BROKERS)), false));
            }
        }

        <R> R run(ControllerCommand<R> command) {
            ControllerResult<R> result = logic.handle(image, command, now);
            image = new MetadataDelta(image).replayAll(result.records()).apply(image.offset() + 1);
            return result.response();
        }
    }
}
