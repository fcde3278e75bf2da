package io.tributary.broker;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Three in-process nodes on loopback, each a voter and a broker (node {@code i + 1} is {@code nodes[i]}), with an
 * Admin client bootstrapped from all of them. A test stops a node ({@link #stop}) and starts it again on the same
 * {@link BrokerConfig} — ports, directories and all ({@link #start(int)}).
 */
final class TestCluster implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    /** The running nodes by index; null while stopped. Tests may read them directly. */
    final BrokerServer[] nodes = new BrokerServer[3];
    private final List<BrokerConfig> configs = new ArrayList<>();
    private Admin admin;

    private TestCluster() {
    }

    /**
     * Starts the three nodes at once (none can finish starting before a quorum runs) with short session and ISR-lag
     * timeouts and few internal-topic partitions; {@code overrides} go to every node, with {@code {id}} in a value
     * replaced by the node's id (e.g. {@code broker.rack=rack-{id}}).
     */
    static TestCluster start(Path dir, Map<String, String> overrides) throws Exception {
        TestCluster cluster = new TestCluster();
        int[] kafka = new int[3];
        int[] controller = new int[3];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kafka[i] = freePort();
            controller[i] = freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controller[i]);
        }
        for (int i = 0; i < 3; i++) {
            Map<String, String> props = new HashMap<>();
            props.put("node.id", Integer.toString(i + 1));
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + kafka[i] + ",CONTROLLER://127.0.0.1:" + controller[i]);
            props.put("controller.quorum.voters", String.join(",", voters));
            props.put("log.dirs", dir.resolve("node-" + (i + 1)).toString());
            props.put("broker.session.timeout.ms", "3000");
            props.put("replica.lag.time.max.ms", "3000");
            props.put("offsets.topic.num.partitions", "3");
            props.put("transaction.state.log.num.partitions", "3");
            int id = i + 1;
            overrides.forEach((k, v) -> props.put(k, v.replace("{id}", Integer.toString(id))));
            cluster.configs.add(BrokerConfig.from(props));
        }
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                starts.add(CompletableFuture.runAsync(() -> cluster.start(n)));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        cluster.admin = Admin.create(p);
        return cluster;
    }

    /** Starts node {@code n} (0-based) on its configuration: a new {@link BrokerServer}, same ports and dirs. */
    void start(int n) {
        try {
            BrokerServer s = new BrokerServer(configs.get(n));
            nodes[n] = s;
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException("node " + (n + 1) + " did not start", e);
        }
    }

    /** Closes node {@code n} (0-based; a controlled shutdown, as the other nodes run). */
    void stop(int n) {
        nodes[n].close();
        nodes[n] = null;
    }

    Admin admin() {
        return admin;
    }

    /** Every node's Kafka listener, as {@code bootstrap.servers}. */
    String bootstrap() {
        StringBuilder b = new StringBuilder();
        for (BrokerConfig c : configs) {
            b.append(b.length() == 0 ? "" : ",").append("127.0.0.1:").append(c.listener().getPort());
        }
        return b.toString();
    }

    /** Creates a topic of replication factor 3 and waits until every partition has a leader and a full ISR. */
    void createTopic(String name, int partitions, int minIsr) throws Exception {
        createTopic(new NewTopic(name, partitions, (short) 3)
                .configs(Map.of("min.insync.replicas", Integer.toString(minIsr))));
    }

    /**
     * Creates a topic of three replicas as given and waits until every partition has a leader and a full ISR, and
     * every running node hosts it (Admin's answer comes from one node's metadata; another may apply it later).
     */
    void createTopic(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get();
        TestBroker.await("every partition of " + topic.name() + " has three in-sync replicas", DEADLINE, () -> {
            List<TopicPartitionInfo> partitions = partitionInfo(topic.name());
            return !partitions.isEmpty() && partitions.stream().allMatch(p -> p.isr().size() == 3
                    && p.leader() != null && hostedEverywhere(topic.name(), p.partition()));
        });
    }

    private boolean hostedEverywhere(String topic, int partition) {
        for (BrokerServer node : nodes) {
            if (node != null && node.partitions().partition(topic, partition) == null) {
                return false;
            }
        }
        return true;
    }

    /** The topic's partitions as Admin describes them now (empty when the request fails). */
    List<TopicPartitionInfo> partitionInfo(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions();
        } catch (InterruptedException | ExecutionException e) {
            return List.of();
        }
    }

    /** The index (node id - 1) of the partition's leader, or -1 while it has none. */
    int leaderIndex(String topic, int partition) {
        Node leader = partitionInfo(topic).get(partition).leader();
        return leader == null ? -1 : leader.id() - 1;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        for (BrokerServer n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }
}
