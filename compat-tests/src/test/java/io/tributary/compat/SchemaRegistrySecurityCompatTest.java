package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, the registry's REST listener secured as Confluent's is: HTTPS ({@code listeners=https://...},
 * {@code ssl.keystore.*}) and HTTP basic authentication ({@code authentication.method=BASIC}, a JAAS realm whose
 * {@code PropertyFileLoginModule} names a users file, {@code authentication.roles}). Two instances: writes through the
 * one that is not eligible to write are forwarded to the writer over HTTPS with the caller's credentials.
 * Tributary's Avro serializer reaches it with {@code schema.registry.ssl.truststore.*} and {@code basic.auth.*}.
 */
class SchemaRegistrySecurityCompatTest {

    private static final Schema ORDER = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\","
            + "\"namespace\":\"shop\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");

    @TempDir
    Path dir;

    @Test
    void httpsAndBasicAuthenticationGuardTheRestApiAndForwardedWrites() throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("tls"));
        Path users = dir.resolve("users.properties");
        String bobMd5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest("bob-secret".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(users, "alice: alice-secret,developer\nbob: MD5:" + bobMd5 + ",reader\n"
                + "carol: carol-secret,admin\n");
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, "SchemaRegistry-Props {\n  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule"
                + " required\n  file=\"" + users + "\";\n};\n");
        Map<String, String> secure = new LinkedHashMap<>();
        secure.putAll(certs.serverKeystoreSettings(""));
        secure.putAll(certs.truststoreSettings(""));
        secure.put("authentication.method", "BASIC");
        secure.put("authentication.realm", "SchemaRegistry-Props");
        secure.put("authentication.roles", "developer,admin");
        secure.put("kafkastore.topic.replication.factor", "1");
        secure.put("session.timeout.ms", "6000");
        List<String> jvm = List.of("-Djava.security.auth.login.config=" + jaas);
        try (TributaryProcess broker = new TributaryProcess(dir.resolve("broker")).start();
             RegistryProcess writer = new RegistryProcess(broker.bootstrap(), secure, jvm, "https").start()) {
            writer.awaitOutput("Schema registry started");
            Map<String, String> follower = new LinkedHashMap<>(secure);
            follower.put("leader.eligibility", "false");
            try (RegistryProcess reader = new RegistryProcess(broker.bootstrap(), follower, jvm, "https").start()) {
                reader.awaitOutput("Schema registry started");
                javax.net.ssl.SSLContext tls = certs.trustingContext();

                RegistryHttp.Reply anonymous = new RegistryHttp(writer.url(), tls, null).get("/subjects");
                assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
                assertThat(anonymous.errorCode()).isEqualTo(401);
                assertThat(new RegistryHttp(writer.url(), tls, "alice:wrong").get("/subjects").status())
                        .isEqualTo(401);
                RegistryHttp.Reply reader403 = new RegistryHttp(writer.url(), tls, "bob:bob-secret").get("/subjects");
                assertThat(reader403.status()).as("bob's role is not in authentication.roles: " + reader403)
                        .isEqualTo(403);

                RegistryHttp forwarded = new RegistryHttp(reader.url(), tls, "carol:carol-secret");
                RegistryHttp.Reply created = forwarded.post("/subjects/secure-value/versions",
                        "{\"schema\": \"\\\"string\\\"\"}");
                assertThat(created.status()).as("a write forwarded to the writer over https: " + created)
                        .isEqualTo(200);
                RegistryHttp.Reply listed = new RegistryHttp(writer.url(), tls, "alice:alice-secret").get("/subjects");
                assertThat(listed.status()).isEqualTo(200);
                assertThat(listed.text()).contains("secure-value");

                roundTripThroughTheSerializer(broker.bootstrap(), writer.url(), certs);
            }
        }
    }

    private static void roundTripThroughTheSerializer(String bootstrap, String registryUrl, TestCertificates certs)
            throws Exception {
        Map<String, Object> serde = new LinkedHashMap<>();
        serde.put("schema.registry.url", registryUrl);
        serde.put("schema.registry.ssl.truststore.location", certs.truststore.toString());
        serde.put("schema.registry.ssl.truststore.type", "PKCS12");
        serde.put("schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
        serde.put("basic.auth.credentials.source", "USER_INFO");
        serde.put("basic.auth.user.info", "alice:alice-secret");
        Properties p = new Properties();
        p.putAll(serde);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization
                .StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", 42L);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("secure-orders", "k", order)).get(30, TimeUnit.SECONDS);
        }
        Properties c = new Properties();
        c.putAll(serde);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization
                .StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(List.of(new TopicPartition("secure-orders", 0)));
            consumer.seekToBeginning(consumer.assignment());
            Object value = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (value == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    value = r.value();
                }
            }
            assertThat(value).as("the record read back through the https registry").isInstanceOf(GenericRecord.class);
            assertThat(((GenericRecord) value).get("id")).isEqualTo(42L);
        }
    }
}
