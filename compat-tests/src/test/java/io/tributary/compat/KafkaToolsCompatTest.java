package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's own command-line tools — the classes behind {@code kafka-topics.sh} and
 * {@code kafka-get-offsets.sh}, from Maven Central's {@code kafka-tools} 4.3.1 with its own kafka-clients — run
 * against a Tributary process and succeed with the output they give against Kafka.
 */
class KafkaToolsCompatTest {

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static KafkaTool tools;

    @BeforeAll
    static void start() throws Exception {
        tools = KafkaTool.locate(dir);
        broker = new TributaryProcess(dir.resolve("data")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    private static KafkaTool.Result topics(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        KafkaTool.Result result = tools.run("TopicCommand", all);
        assertThat(result.exitCode()).as("kafka-topics " + String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    @Test
    void kafkaTopicsCreatesDescribesAltersAndDeletesATopic() throws Exception {
        assertThat(topics("--create", "--topic", "tools-topic", "--partitions", "2", "--replication-factor", "1",
                "--config", "retention.ms=3600000").lines()).containsExactly("Created topic tools-topic.");

        KafkaTool.Result described = topics("--describe", "--topic", "tools-topic");
        assertThat(described.lines()).as(described.toString()).hasSize(3);
        assertThat(described.lines().get(0)).as(described.toString()).startsWith("Topic: tools-topic\tTopicId: ")
                .contains("\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: retention.ms=3600000");
        assertThat(described.lines().get(1)).as(described.toString())
                .startsWith("\tTopic: tools-topic\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1");
        assertThat(described.lines().get(2)).as(described.toString())
                .startsWith("\tTopic: tools-topic\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1");

        topics("--alter", "--topic", "tools-topic", "--partitions", "4");
        KafkaTool.Result altered = topics("--describe", "--topic", "tools-topic");
        assertThat(altered.lines()).as(altered.toString()).hasSize(5);
        assertThat(altered.lines().get(0)).contains("\tPartitionCount: 4\t");
        assertThat(altered.lines().get(4)).startsWith("\tTopic: tools-topic\tPartition: 3\tLeader: 1\t");

        assertThat(topics("--list").lines()).contains("tools-topic");
        topics("--delete", "--topic", "tools-topic");
        assertThat(topics("--list").lines()).doesNotContain("tools-topic");
    }

    @Test
    void kafkaGetOffsetsReportsLatestEarliestAndByTimeOffsets() throws Exception {
        topics("--create", "--topic", "offsets-topic", "--partitions", "3", "--replication-factor", "1");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int partition = 0; partition < 3; partition++) {
                for (int i = 0; i < 10 * (partition + 1); i++) {
                    // partition n: 10(n+1) records; the newest timestamp sits at offset 4 of each
                    long timestamp = 1_700_000_000_000L + (i == 4 ? 1_000_000 : i);
                    producer.send(new ProducerRecord<>("offsets-topic", partition, timestamp, null, "r" + i));
                }
            }
            producer.flush();
        }
        assertThat(offsets()).containsExactly("offsets-topic:0:10", "offsets-topic:1:20", "offsets-topic:2:30");
        assertThat(offsets("--time", "-1")).containsExactly("offsets-topic:0:10", "offsets-topic:1:20",
                "offsets-topic:2:30");
        assertThat(offsets("--time", "-2")).containsExactly("offsets-topic:0:0", "offsets-topic:1:0",
                "offsets-topic:2:0");
        assertThat(offsets("--time", "-3")).as("max timestamp (-3): the offset of the record with the largest timestamp")
                .containsExactly("offsets-topic:0:4", "offsets-topic:1:4", "offsets-topic:2:4");
        assertThat(offsets("--time", Long.toString(1_700_000_000_006L))).as("first offset at or after a time")
                .containsExactly("offsets-topic:0:4", "offsets-topic:1:4", "offsets-topic:2:4");
        assertThat(offsets("--partitions", "1")).containsExactly("offsets-topic:1:20");
    }

    private static List<String> offsets(String... options) throws Exception {
        String[] all = new String[options.length + 4];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        all[2] = "--topic";
        all[3] = "offsets-topic";
        System.arraycopy(options, 0, all, 4, options.length);
        KafkaTool.Result result = tools.run("GetOffsetShell", all);
        assertThat(result.exitCode()).as("kafka-get-offsets " + String.join(" ", options) + "\n" + result).isZero();
        return result.lines();
    }
}
