package io.tributary.broker;

import io.tributary.log.FetchDataInfo;
import io.tributary.log.Log;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.Record;
import io.tributary.protocol.record.RecordBatch;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * In-process nodes on loopback with an Admin client bootstrapped from all of them: three voters that are also
 * brokers (nodes 1–3, {@code process.roles=broker,controller}) and, if asked, broker-only nodes after them (4, 5, …:
 * {@code process.roles=broker}, a PLAINTEXT listener only, the same {@code controller.quorum.voters}, and a
 * {@code metadata.listener.address} for the non-voting Raft member that receives the metadata log). Node id
 * {@code i + 1} is {@code nodes[i]}. A test stops a node ({@link #stop}) and starts it again on the same
 * {@link BrokerConfig} — ports, directories and all ({@link #start(int)}).
 */
final class TestCluster implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The voters: nodes 1 to 3 (indexes 0 to 2). */
    static final int VOTERS = 3;

    /** The running nodes by index; null while stopped. Tests may read them directly. */
    final BrokerServer[] nodes;
    private final List<BrokerConfig> configs = new ArrayList<>();
    private Admin admin;

    private TestCluster(int size) {
        nodes = new BrokerServer[size];
    }

    /**
     * Starts the three voters at once (none can finish starting before a quorum runs) with short session and
     * ISR-lag timeouts and few internal-topic partitions; {@code overrides} go to every node, with {@code {id}} in a
     * value replaced by the node's id (e.g. {@code broker.rack=rack-{id}}).
     */
    static TestCluster start(Path dir, Map<String, String> overrides) throws Exception {
        return start(dir, 0, overrides);
    }

    /**
     * Starts the three voters and {@code brokerOnly} broker-only nodes (ids 4, 5, …), all at once, as
     * {@link #start(Path, Map)} does; {@code overrides} go to every node.
     */
    static TestCluster start(Path dir, int brokerOnly, Map<String, String> overrides) throws Exception {
        // Free ports are picked, then bound by the nodes: another process may take one in between. Such a start is
        // tried again on fresh ports and directories (at most twice more); any other failure is the test's.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(attempt == 1 ? dir : dir.resolve("attempt-" + attempt), brokerOnly, overrides);
            } catch (Exception e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static TestCluster startOnce(Path dir, int brokerOnly, Map<String, String> overrides) throws Exception {
        TestCluster cluster = new TestCluster(VOTERS + brokerOnly);
        int size = cluster.nodes.length;
        int[] kafka = new int[size];
        int[] raft = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            kafka[i] = freePort();
            raft[i] = freePort();
            if (i < VOTERS) {
                voters.add((i + 1) + "@127.0.0.1:" + raft[i]);
            }
        }
        for (int i = 0; i < size; i++) {
            Map<String, String> props = new HashMap<>();
            props.put("node.id", Integer.toString(i + 1));
            if (i < VOTERS) {
                props.put("listeners", "PLAINTEXT://127.0.0.1:" + kafka[i] + ",CONTROLLER://127.0.0.1:" + raft[i]);
            } else {
                props.put("process.roles", "broker");
                props.put("listeners", "PLAINTEXT://127.0.0.1:" + kafka[i]);
                props.put("metadata.listener.address", "127.0.0.1:" + raft[i]);
            }
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
            for (int i = 0; i < size; i++) {
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

    /** Node {@code n}'s configuration (also while it is stopped). */
    BrokerConfig config(int n) {
        return configs.get(n);
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

    /** The id of the active controller as DescribeCluster names it. */
    int controllerId() throws Exception {
        return admin.describeCluster().controller().get().id();
    }

    /** Creates a topic of replication factor 3 and waits until every partition has a leader and a full ISR. */
    void createTopic(String name, int partitions, int minIsr) throws Exception {
        createTopic(new NewTopic(name, partitions, (short) 3)
                .configs(Map.of("min.insync.replicas", Integer.toString(minIsr))));
    }

    /**
     * Creates a topic as given and waits until every partition has a leader and all its replicas in the ISR, and every
     * running replica hosts it (Admin's answer comes from one node's metadata; another may apply it later).
     */
    void createTopic(NewTopic topic) throws Exception {
        admin.createTopics(List.of(topic)).all().get();
        TestBroker.await("every partition of " + topic.name() + " has all its replicas in sync", DEADLINE, () -> {
            List<TopicPartitionInfo> partitions = partitionInfo(topic.name());
            return !partitions.isEmpty() && partitions.stream().allMatch(p -> p.leader() != null
                    && p.isr().size() == p.replicas().size() && hostedByRunningReplicas(topic.name(), p));
        });
    }

    private boolean hostedByRunningReplicas(String topic, TopicPartitionInfo p) {
        for (Node replica : p.replicas()) {
            BrokerServer node = nodes[replica.id() - 1];
            if (node != null && node.partitions().partition(topic, p.partition()) == null) {
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

    /** The index (node id - 1) of the partition's leader, or -1 while it has none (or the description failed). */
    int leaderIndex(String topic, int partition) {
        List<TopicPartitionInfo> partitions = partitionInfo(topic);
        if (partitions.size() <= partition) {
            return -1;
        }
        Node leader = partitions.get(partition).leader();
        return leader == null || leader.isEmpty() || leader.id() < 0 ? -1 : leader.id() - 1;
    }

    /** The ids in the partition's ISR as Admin describes it now (empty when the description failed). */
    List<Integer> isr(String topic, int partition) {
        List<TopicPartitionInfo> partitions = partitionInfo(topic);
        return partitions.size() <= partition ? List.of()
                : partitions.get(partition).isr().stream().map(Node::id).toList();
    }

    /**
     * An idempotent acks=all producer bootstrapped from every node, retrying through leader changes (5 s requests,
     * 60 s delivery timeout); {@code overrides} replace any of those.
     */
    KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        p.putAll(overrides);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads a partition with an assigned (group-less) consumer from its earliest offset until its position reaches
     * {@code until} (or {@link #DEADLINE} passes): what a client is served.
     */
    List<ConsumerRecord<String, String>> readAll(String topic, int partition, long until) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (c.position(tp, DEADLINE) < until && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * What a running node stores of a partition, read straight from its log: each record's value (UTF-8) at its
     * offset, from the log start to the log end (also beyond the high watermark).
     */
    static List<StoredRecord> stored(BrokerServer node, String topic, int partition) {
        Log log = node.partitions().partition(topic, partition).log();
        List<StoredRecord> out = new ArrayList<>();
        long next = log.logStartOffset();
        long end = log.logEndOffset();
        while (next < end) {
            FetchDataInfo read = log.read(next, 1 << 20, end, true);
            if (read.isEmpty()) {
                break;
            }
            for (RecordBatch batch : Batches.allowingPartialTail(read.records().readAll())) {
                for (Record r : batch) {
                    ByteBuffer v = r.value();
                    out.add(new StoredRecord(r.offset(), batch.partitionLeaderEpoch(),
                            v == null ? null : StandardCharsets.UTF_8.decode(v).toString()));
                }
                next = batch.nextOffset();
            }
        }
        return out;
    }

    /** A record as a node's log holds it: offset, the leader epoch of its batch, value. */
    record StoredRecord(long offset, int leaderEpoch, String value) {
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Closes the Admin client, then the broker-only nodes, then the voters, each without controlled shutdown: the
     * test is over, and the last voter's would wait 5 s for the quorum already gone (about 20 times a CI run).
     */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        for (int i = nodes.length - 1; i >= VOTERS; i--) {
            closeNode(i);
        }
        for (int i = 0; i < VOTERS; i++) {
            closeNode(i);
        }
    }

    private void closeNode(int n) {
        if (nodes[n] != null) {
            nodes[n].closeWithoutControlledShutdown();
            nodes[n] = null;
        }
    }
}
