package io.tributary.compat;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One principal of {@link AuthorizationMatrix} and its kafka-clients: a SASL/PLAIN user (password
 * {@code <name>-secret}) on the broker's SASL_PLAINTEXT listener, or {@code ANONYMOUS} on its PLAINTEXT listener.
 * Short timeouts everywhere, so a refused or hanging call ends within seconds. One Admin, made on first use; producers
 * and consumers are the caller's to close.
 */
final class MatrixPrincipal implements AutoCloseable {

    static final String ANONYMOUS = "ANONYMOUS";

    private final String name;
    private final String bootstrap;
    private final Map<String, Uuid> topicIds;
    private Admin admin;

    /**
     * {@code saslBootstrap} for a user, {@code plainBootstrap} for ANONYMOUS; {@code topicIds} the setup's topics'
     * ids (the principal may not be allowed to learn them).
     */
    MatrixPrincipal(String name, String saslBootstrap, String plainBootstrap, Map<String, Uuid> topicIds) {
        this.name = name;
        this.bootstrap = ANONYMOUS.equals(name) ? plainBootstrap : saslBootstrap;
        this.topicIds = Map.copyOf(topicIds);
    }

    /** The id of a topic the setup made. */
    Uuid topicId(String topic) {
        return topicIds.get(topic);
    }

    /** The principal's name as ACLs name it: {@code User:<name>}. */
    String principal() {
        return "User:" + name;
    }

    /** Its name in lower case, for resources of its own ({@code pre-del-alice}). */
    String tag() {
        return name.toLowerCase(Locale.ROOT);
    }

    String name() {
        return name;
    }

    /** Connection and timeout settings every client of this principal gets. */
    Properties settings() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        if (!ANONYMOUS.equals(name)) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "PLAIN");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                    + name + "\" password=\"" + name + "-secret\";");
        }
        return p;
    }

    Admin admin() {
        if (admin == null) {
            Properties p = settings();
            p.put(AdminClientConfig.RETRIES_CONFIG, "2");
            admin = Admin.create(p);
        }
        return admin;
    }

    /** A producer with acks=all, not idempotent unless {@code extra} says so. */
    KafkaProducer<String, String> producer(Map<String, String> extra) {
        Properties p = settings();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "6000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** A consumer reading from the earliest offset, without a group unless {@code extra} names one. */
    KafkaConsumer<String, String> consumer(Map<String, String> extra) {
        Properties p = settings();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(extra);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** A share consumer (KIP-932) of {@code group}, acknowledging implicitly. */
    KafkaShareConsumer<String, String> shareConsumer(String group) {
        Properties p = settings();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaShareConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
