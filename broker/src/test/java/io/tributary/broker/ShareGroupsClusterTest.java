package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share groups on three nodes with replication factor 3: two KafkaShareConsumers work through a topic whose
 * partitions are led by different nodes, their group coordinator and share coordinators spread over the cluster too;
 * the node leading partition 0 stops mid-stream. Every record ends up acknowledged, and no record whose
 * acknowledgement was confirmed is delivered again — the new leader reads the share-partition's state from the share
 * coordinator (itself possibly moved).
 */
class ShareGroupsClusterTest {

    private static final int RECORDS = 6000;

    @TempDir
    Path dir;

    @Test
    void aPartitionLeaderStoppingMidStreamLosesNoAcknowledgement() throws Exception {
        try (TestCluster cluster = TestCluster.start(dir,
                Map.of("share.coordinator.state.topic.num.partitions", "3", "offsets.topic.num.partitions", "3"))) {
            cluster.createTopic("shared", 3, 2);
            cluster.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "workers"),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                            AlterConfigOp.OpType.SET)))).all().get();
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>("shared", i % 3, null, "r" + i));
                }
                producer.flush();
            }
            Set<String> confirmed = ConcurrentHashMap.newKeySet();
            List<String> problems = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> members = new ArrayList<>();
            for (int m = 0; m < 2; m++) {
                Thread t = new Thread(() -> consume(cluster.bootstrap(), confirmed, problems, stop), "member-" + m);
                members.add(t);
                t.start();
            }
            try {
                TestBroker.await("a third confirmed", TestCluster.DEADLINE, () -> confirmed.size() >= RECORDS / 3);
                int leader = cluster.leaderIndex("shared", 0);
                cluster.stop(leader);
                TestBroker.await("every record confirmed", Duration.ofSeconds(120),
                        () -> confirmed.size() >= RECORDS);
                Thread.sleep(1000);
            } finally {
                stop.set(true);
                for (Thread t : members) {
                    t.join(30_000);
                }
            }
            assertThat(problems).isEmpty();
            assertThat(confirmed).hasSize(RECORDS);
            // the group coordinator asks each partition's leader (mostly other nodes) for the high watermark
            TestBroker.await("every partition's share offsets at the end, lag 0", TestCluster.DEADLINE, () -> {
                try {
                    Map<TopicPartition, SharePartitionOffsetInfo> offsets = cluster.admin().listShareGroupOffsets(
                            Map.of("workers", new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo("workers")
                            .get();
                    return offsets.size() == 3 && offsets.values().stream().allMatch(o -> o.startOffset()
                            == RECORDS / 3 && o.lag().orElse(-1L) == 0L);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private static void consume(String bootstrap, Set<String> confirmed, List<String> problems, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "workers");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put("share.acknowledgement.mode", "explicit");
        try (KafkaShareConsumer<String, String> c = new KafkaShareConsumer<>(p)) {
            c.subscribe(List.of("shared"));
            while (!stop.get()) {
                List<String> got = new ArrayList<>();
                try {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        String id = r.partition() + ":" + r.offset();
                        if (confirmed.contains(id)) {
                            problems.add("confirmed record delivered again: " + id);
                        }
                        got.add(id);
                        c.acknowledge(r, AcknowledgeType.ACCEPT);
                    }
                    Map<TopicIdPartition, Optional<KafkaException>> results = c.commitSync(Duration.ofSeconds(10));
                    for (String id : got) {
                        int partition = Integer.parseInt(id.substring(0, id.indexOf(':')));
                        results.forEach((tp, error) -> {
                            if (tp.partition() == partition && error.isEmpty()) {
                                confirmed.add(id);
                            }
                        });
                    }
                } catch (KafkaException e) {
                    // a node went away: what was not confirmed comes again
                }
            }
        }
    }
}
