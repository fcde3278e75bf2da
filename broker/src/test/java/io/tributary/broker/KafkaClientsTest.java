package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients 4.4 against a Tributary node over a real socket: topics made by Admin and by
 * auto-creation, an idempotent compressed producer with acks=all, a consumer reading everything back in order,
 * and the same data after a restart on the same directories.
 */
class KafkaClientsTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private BrokerServer start(int controllerPort, int kafkaPort) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("log.dirs", dir.resolve("data").toString());
        BrokerServer server = new BrokerServer(BrokerConfig.from(props));
        server.start();
        return server;
    }

    private static String bootstrap(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    @Test
    void producerAdminAndConsumerWorkUnchangedAndDataSurvivesARestart() throws Exception {
        int controllerPort = freePort();
        int kafkaPort = freePort();
        Map<TopicPartition, List<String>> sent = new HashMap<>();
        try (BrokerServer server = start(controllerPort, kafkaPort)) {
            String bootstrap = bootstrap(server.boundAddress());
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(adminProps)) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("orders");
                try {
                    admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
                }
            }
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < 3000; i++) {
                    String topic = i % 10 == 0 ? "auto-created" : "orders";
                    acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 17), "value-" + i)));
                }
                for (int i = 0; i < acks.size(); i++) {
                    RecordMetadata md = acks.get(i).get();
                    sent.computeIfAbsent(new TopicPartition(md.topic(), md.partition()), k -> new ArrayList<>())
                            .add(md.offset() + "=value-" + i);
                }
            }
            assertThat(readAll(bootstrap, sent.keySet())).isEqualTo(sorted(sent));
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            assertThat((Long) jmx.getAttribute(new javax.management.ObjectName(
                    "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec"), "Count")).isEqualTo(3000L);
            assertThat((Long) jmx.getAttribute(new javax.management.ObjectName(
                    "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec"), "Count")).isPositive();
            assertThat((Long) jmx.getAttribute(new javax.management.ObjectName(
                    "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce"), "Count")).isPositive();
            assertThat((Integer) jmx.getAttribute(new javax.management.ObjectName(
                    "kafka.server:type=ReplicaManager,name=PartitionCount"), "Value")).isEqualTo(4);
        }
        try (BrokerServer restarted = start(controllerPort, kafkaPort)) {
            assertThat(readAll(bootstrap(restarted.boundAddress()), sent.keySet())).isEqualTo(sorted(sent));
        }
    }

    @Test
    void pipelinedRequestsOfOneConnectionAreAppliedInTheOrderSent() throws Exception {
        try (BrokerServer server = start(freePort(), freePort())) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(server.boundAddress()));
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.ACKS_CONFIG, "1");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("ordered", 0, null, "first")).get();   // topic ready
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    acks.add(producer.send(new ProducerRecord<>("ordered", 0, null, "v" + i)));
                }
                long previous = 0;
                for (Future<RecordMetadata> ack : acks) {
                    long offset = ack.get().offset();
                    assertThat(offset).as("offsets follow the send order").isGreaterThan(previous);
                    previous = offset;
                }
            }
        }
    }

    private static Map<TopicPartition, List<String>> sorted(Map<TopicPartition, List<String>> sent) {
        Map<TopicPartition, List<String>> out = new HashMap<>();
        sent.forEach((tp, values) -> {
            List<String> copy = new ArrayList<>(values);
            copy.sort((a, b) -> Long.compare(Long.parseLong(a.split("=")[0]), Long.parseLong(b.split("=")[0])));
            out.put(tp, copy);
        });
        return out;
    }

    private static Map<TopicPartition, List<String>> readAll(String bootstrap, java.util.Set<TopicPartition> partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, List<String>> read = new HashMap<>();
        int expected = 3000;
        int got = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    read.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                            .add(r.offset() + "=" + r.value());
                    got++;
                }
            }
        }
        return read;
    }
}
