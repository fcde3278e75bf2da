package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node cluster whose brokers talk to each other over SASL_SSL, configured as a Kafka cluster is
 * ({@code inter.broker.listener.name=INTERNAL}, {@code sasl.mechanism.inter.broker.protocol=PLAIN}, the brokers'
 * own login as {@code username}/{@code password} of the listener's JAAS entry, ACLs on with only {@code User:broker}
 * a super user — not ANONYMOUS): a topic created through any node is replicated three ways (followers fetch over
 * TLS, logged in), a producer with acks=all and min.insync.replicas=2 is acknowledged, a consumer as alice reads it
 * back, the bundled schema registry stores a schema through the secured listener, and the anonymous PLAINTEXT
 * listener sees nothing.
 */
class InterBrokerSecurityCompatTest {

    @TempDir
    Path dir;

    @Test
    void brokersReplicateAndForwardOverSaslSslWithoutAnAnonymousSuperUser() throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("tls"));
        int size = 3;
        int[] plain = new int[size];
        int[] controller = new int[size];
        int[] internal = new int[size];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            plain[i] = TributaryProcess.freePort();
            controller[i] = TributaryProcess.freePort();
            internal[i] = TributaryProcess.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controller[i]);
        }
        List<TributaryProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, String> s = new HashMap<>();
            s.put("node.id", Integer.toString(i + 1));
            s.put("controller.quorum.voters", String.join(",", voters));
            s.put("listeners", "PLAINTEXT://127.0.0.1:" + plain[i] + ",CONTROLLER://127.0.0.1:" + controller[i]
                    + ",INTERNAL://127.0.0.1:" + internal[i]);
            s.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,INTERNAL:SASL_SSL");
            s.put("inter.broker.listener.name", "INTERNAL");
            s.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            s.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
            s.put("listener.name.internal.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
                            + "password=\"broker-secret\" user_broker=\"broker-secret\" user_alice=\"alice-secret\";");
            s.putAll(certs.serverKeystoreSettings("listener.name.internal."));
            s.putAll(certs.truststoreSettings("listener.name.internal."));
            s.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            s.put("super.users", "User:broker");
            s.put("group.initial.rebalance.delay.ms", "0");
            if (i == 0) {
                // the bundled registry's store clients reach the node as the node reaches the others
                s.put("schema.registry.listeners", "http://127.0.0.1:" + TributaryProcess.freePort());
                s.put("schema.registry.kafkastore.timeout.ms", "10000");
            }
            nodes.add(new TributaryProcess(dir.resolve("node-" + (i + 1)), plain[i], controller[i], s));
        }
        String secure = "127.0.0.1:" + internal[0] + ",127.0.0.1:" + internal[1] + ",127.0.0.1:" + internal[2];
        try (TributaryCluster cluster = new TributaryCluster(nodes).start();
             Admin admin = Admin.create(login(certs, secure, "broker", "broker-secret"))) {
            admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(List.of(
                    allow("alice", ResourceType.TOPIC, "replicated", AclOperation.WRITE),
                    allow("alice", ResourceType.TOPIC, "replicated", AclOperation.READ),
                    allow("alice", ResourceType.GROUP, "alice-group", AclOperation.READ)))
                    .all().get(30, TimeUnit.SECONDS);
            TributaryCluster.awaitLeaders(admin, "replicated");

            Properties producerProps = login(certs, secure, "alice", "alice-secret");
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("replicated", "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
                }
            }
            Await.until("every partition has its three replicas in sync", Duration.ofSeconds(60), () -> {
                TopicDescription d = TributaryCluster.describe(admin, "replicated").orElse(null);
                return d != null && d.partitions().stream().allMatch(p -> p.isr().size() == 3);
            }, () -> cluster.state(admin, "replicated", 20));

            Properties consumerProps = login(certs, secure, "alice", "alice-secret");
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-group");
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps,
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("replicated"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read.size() < 300 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        read.add(r.value());
                    }
                }
            }
            assertThat(read).hasSize(300).doesNotHaveDuplicates();

            RegistryHttp registry = new RegistryHttp(cluster.node(1).registryUrl());
            int id = registry.registerRetrying("secure-value", "{\"type\":\"string\"}");
            assertThat(registry.get("/schemas/ids/" + id).status()).isEqualTo(200);

            try (Admin anonymous = cluster.admin()) {
                assertThat(anonymous.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("ANONYMOUS has no ACL and is no super user").doesNotContain("replicated");
            }
            for (TributaryProcess node : cluster.nodes()) {
                assertThat(node.output()).as("no node failed to log in to another")
                        .noneMatch(line -> line.contains("login refused") || line.contains("SASL handshake"));
            }
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static Properties login(TestCertificates certs, String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.putAll(certs.truststoreSettings(""));
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }
}
