package io.tributary.compat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Several combined Tributary nodes (broker and controller each) on loopback forming one cluster, as users run one:
 * node {@code i} (1..n) has {@code node.id=i}, free Kafka and controller ports, its data under {@code dir/node-i},
 * and {@code controller.quorum.voters} naming every node's controller port before any of them starts. Each node is
 * a {@link TributaryProcess}, so a test kills, pauses, stops and restarts nodes (same ports and data) through
 * {@link #node(int)}.
 */
final class TributaryCluster implements AutoCloseable {

    private final List<TributaryProcess> nodes = new ArrayList<>();

    /** The nodes, not started; {@code overrides} go to every node. */
    TributaryCluster(Path dir, int size, Map<String, String> overrides) throws IOException {
        int[] kafkaPorts = new int[size];
        int[] controllerPorts = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            kafkaPorts[i] = TributaryProcess.freePort();
            controllerPorts[i] = TributaryProcess.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        for (int i = 0; i < size; i++) {
            Map<String, String> settings = new HashMap<>(overrides);
            settings.put("node.id", Integer.toString(i + 1));
            settings.put("controller.quorum.voters", String.join(",", voters));
            nodes.add(new TributaryProcess(dir.resolve("node-" + (i + 1)), kafkaPorts[i], controllerPorts[i],
                    settings));
        }
    }

    /**
     * Nodes the caller made, not started: for a test that wires them itself (e.g. each node's own
     * {@code controller.quorum.voters} and {@code advertised.listeners} pointing at proxies between them).
     */
    TributaryCluster(List<TributaryProcess> nodes) {
        this.nodes.addAll(nodes);
    }

    /** Starts every node at once (no node can finish starting before a quorum of them runs) and waits for each. */
    TributaryCluster start() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<TributaryProcess>> started = new ArrayList<>();
            for (TributaryProcess node : nodes) {
                started.add(starters.submit(node::start));
            }
            for (Future<TributaryProcess> s : started) {
                s.get(120, TimeUnit.SECONDS);   // "started" printed by every node
            }
        } finally {
            starters.shutdownNow();
        }
        return this;
    }

    /** The node with this {@code node.id} (1-based). */
    TributaryProcess node(int id) {
        return nodes.get(id - 1);
    }

    List<TributaryProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** Every node's Kafka listener, as {@code bootstrap.servers}. */
    String bootstrap() {
        return nodes.stream().map(TributaryProcess::bootstrap).collect(Collectors.joining(","));
    }

    /** An Admin client bootstrapped from every node (the caller closes it). */
    Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return Admin.create(p);
    }

    /** Waits (up to 60 s) until the topic exists with a leader for every partition, and answers its description. */
    static TopicDescription awaitLeaders(Admin admin, String topic) throws Exception {
        return Await.value(topic + " exists with a leader for every partition", Duration.ofSeconds(60), () ->
                describe(admin, topic).filter(d -> d.partitions().stream().map(TopicPartitionInfo::leader)
                        .allMatch(l -> l != null && !l.isEmpty())), () -> "");
    }

    /** The topic as Admin describes it now; empty when it is unknown or the request fails (e.g. mid-failover). */
    static Optional<TopicDescription> describe(Admin admin, String topic) throws InterruptedException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return Optional.empty();   // UnknownTopicOrPartitionException until it exists, or no answer in time
        }
    }

    /** Three nodes with automatic leader balancing off, so only the test (or a tool) moves leaders; started. */
    static TributaryCluster startWithoutLeaderBalancing(Path dir) throws Exception {
        return new TributaryCluster(dir, 3, Map.of("auto.leader.rebalance.enable", "false")).start();
    }

    /** Closes {@code admin} (waiting up to 5 s) and then {@code cluster}, either of them possibly null. */
    static void close(Admin admin, TributaryCluster cluster) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * For failure messages: each partition's leader, replicas and ISR as {@code admin} sees them, and each node's last
     * {@code lines} lines of output.
     */
    String state(Admin admin, String topic, int lines) {
        StringBuilder s = new StringBuilder();
        try {
            describe(admin, topic).ifPresentOrElse((TopicDescription d) -> d.partitions().forEach(p -> s.append(
                    "partition ").append(p.partition()).append(": leader ").append(p.leader() == null ? "none"
                    : p.leader().id()).append(", replicas ").append(ids(p.replicas())).append(", isr ")
                    .append(ids(p.isr())).append('\n')), () -> s.append(topic).append(" not described\n"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int id = 1; id <= nodes.size(); id++) {
            List<String> out = node(id).output();
            s.append("node ").append(id).append(node(id).isAlive() ? " (running)" : " (dead)")
                    .append(", last output:\n  ")
                    .append(String.join("\n  ", out.subList(Math.max(0, out.size() - lines), out.size())))
                    .append('\n');
        }
        return s.toString();
    }

    static boolean hasLeader(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty();
    }

    static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** Kills (SIGKILL) every node still running, paused ones too. */
    @Override
    public void close() {
        nodes.forEach(TributaryProcess::close);
    }
}
