package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions across three in-process brokers with kafka-clients: the transaction's partitions are led by
 * different brokers than its coordinator, so each partition leader checks the transaction with the coordinator over
 * AddPartitionsToTxn and the coordinator writes its markers there over WriteTxnMarkers; a read_committed consumer sees
 * exactly the committed records, the last stable offset of every partition reaches its end, and offsets sent to the
 * transaction for groups coordinated by other brokers are committed with it (or dropped with an abort).
 */
class ClusterTransactionsTest {

    private static final String TOPIC = "spread";

    @TempDir
    Path dir;

    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aTransactionOverPartitionsLedByOtherBrokersCommitsAndAbortsThere() throws Exception {
        cluster = TestCluster.start(dir, Map.of());
        cluster.createTopic(TOPIC, 3, 1);
        Set<Integer> leaders = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            leaders.add(cluster.leaderIndex(TOPIC, p));
        }
        assertThat(leaders).as("the partitions are led by several brokers").hasSizeGreaterThan(1);

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "spread-txn");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        List<String> committed = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            for (int t = 0; t < 4; t++) {
                producer.beginTransaction();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String value = "t" + t + "-" + i;
                    producer.send(new ProducerRecord<>(TOPIC, i % 3, "k", value));
                    sent.add(value);
                }
                // Offsets of several groups: their coordinators sit on different brokers than the transaction's.
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition(TOPIC, 0),
                        new OffsetAndMetadata(100 + t)), new ConsumerGroupMetadata("spread-group-" + t));
                if (t == 2) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                    committed.addAll(sent);
                }
            }
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> all = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            TestBroker.await("read_committed reaches every partition's end", TestCluster.DEADLINE, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                Map<TopicPartition, Long> ends = consumer.endOffsets(all);
                return all.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(committed);
        for (int t = 0; t < 4; t++) {
            Map<TopicPartition, OffsetAndMetadata> offsets = cluster.admin().listConsumerGroupOffsets(
                    "spread-group-" + t).partitionsToOffsetAndMetadata().get();
            if (t == 2) {
                assertThat(offsets).as("the aborted transaction's offsets").isEmpty();
            } else {
                assertThat(offsets.get(new TopicPartition(TOPIC, 0)).offset()).isEqualTo(100 + t);
            }
        }
        for (int partition = 0; partition < 3; partition++) {
            Partition leader = cluster.nodes[cluster.leaderIndex(TOPIC, partition)].partitions()
                    .partition(TOPIC, partition);
            assertThat(leader.lastStableOffset()).as("partition %d has no transaction left open", partition)
                    .isEqualTo(leader.log().logEndOffset());
        }
    }
}
