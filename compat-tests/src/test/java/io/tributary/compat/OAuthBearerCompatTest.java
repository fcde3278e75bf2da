package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, SASL/OAUTHBEARER: a Tributary process whose SASL_PLAINTEXT listener validates JWTs against a JWKS file
 * (KIP-768's broker settings), and kafka-clients logging in with Kafka's own OAuthBearerLoginCallbackHandler reading
 * the token from a file ({@code sasl.oauthbearer.token.endpoint.url=file:...}). The RSA key pair, the JWKS and the
 * tokens are made here, as an identity provider would make them. A valid token produces and consumes; an expired one
 * and one for another audience are {@code SaslAuthenticationException}s; a listener without a JWKS does not start.
 */
class OAuthBearerCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "https://idp.tributary.test";
    private static final String AUDIENCE = "tributary";

    @TempDir
    static Path dir;
    static KeyPair key;
    static TributaryProcess broker;
    static int oauthPort;
    static Path valid;
    static Path expired;
    static Path otherAudience;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        Path jwks = dir.resolve("jwks.json");
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        Files.writeString(jwks, JSON.writeValueAsString(Map.of("keys", List.of(Map.of("kty", "RSA", "use", "sig",
                "alg", "RS256", "kid", "idp-key-1", "n", B64.encodeToString(unsigned(pub.getModulus())),
                "e", B64.encodeToString(unsigned(pub.getPublicExponent())))))));
        long now = Instant.now().getEpochSecond();
        valid = token("valid.jwt", now, now + 3600, AUDIENCE);
        expired = token("expired.jwt", now - 7200, now - 3600, AUDIENCE);
        otherAudience = token("other-audience.jwt", now, now + 3600, "somebody-else");
        // Kafka 4.x clients read only token URLs this JVM-wide list allows
        System.setProperty("org.apache.kafka.sasl.oauthbearer.allowed.urls", String.join(",",
                valid.toUri().toString(), expired.toUri().toString(), otherAudience.toUri().toString()));

        int plainPort = TributaryProcess.freePort();
        int controllerPort = TributaryProcess.freePort();
        oauthPort = TributaryProcess.freePort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + plainPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",OAUTH://127.0.0.1:" + oauthPort);
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,OAUTH:SASL_PLAINTEXT");
        // as a Kafka broker is configured for KIP-768 (the JAAS entry and callback handler are Kafka's own)
        config.put("listener.name.oauth.sasl.enabled.mechanisms", "OAUTHBEARER");
        config.put("listener.name.oauth.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;");
        config.put("listener.name.oauth.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        config.put("listener.name.oauth.oauthbearer.sasl.oauthbearer.jwks.endpoint.url", jwks.toUri().toString());
        config.put("sasl.oauthbearer.expected.audience", AUDIENCE);
        config.put("sasl.oauthbearer.expected.issuer", ISSUER);
        config.put("group.initial.rebalance.delay.ms", "0");
        broker = new TributaryProcess(dir.resolve("data"), plainPort, controllerPort, config).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** A signed JWT for User:alice, written to a file the client's token URL names. */
    private static Path token(String file, long iat, long exp, String audience) throws Exception {
        Map<String, Object> header = Map.of("alg", "RS256", "typ", "JWT", "kid", "idp-key-1");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "alice");
        claims.put("aud", audience);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("scope", "kafka");
        String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        Path path = dir.resolve(file);
        Files.writeString(path, input + "." + B64.encodeToString(s.sign()));
        return path;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static Properties client(Path token) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + oauthPort);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "OAUTHBEARER");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;");
        p.put("sasl.login.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        p.put("sasl.oauthbearer.token.endpoint.url", token.toUri().toString());
        return p;
    }

    @Test
    void aProducerAndAConsumerLogInWithASignedTokenAndMoveRecords() throws Exception {
        String topic = "oauth-records";
        try (Admin admin = Admin.create(client(valid))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producerProps = client(valid);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
        Properties consumerProps = client(valid);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "oauth-group");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).hasSize(100).contains("v0", "v99");
    }

    @Test
    void anExpiredTokenOrOneForAnotherAudienceIsASaslAuthenticationFailure() {
        for (Path token : List.of(expired, otherAudience)) {
            Properties p = client(token);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            try (Admin admin = Admin.create(p)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .as(token.getFileName().toString())
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("invalid_token");
            }
        }
        assertThat(String.join("\n", broker.output())).contains("expired").contains("expected audiences");
    }

    @Test
    void anOauthbearerListenerWithoutAJwksUrlDoesNotStart() throws Exception {
        Map<String, String> config = Map.of("listeners", "PLAINTEXT://127.0.0.1:" + TributaryProcess.freePort()
                        + ",CONTROLLER://127.0.0.1:" + TributaryProcess.freePort() + ",SASL_PLAINTEXT://127.0.0.1:"
                        + TributaryProcess.freePort(), "sasl.enabled.mechanisms", "OAUTHBEARER");
        TributaryProcess bad = new TributaryProcess(dir.resolve("bad"), config);
        try {
            assertThatThrownBy(bad::start).hasMessageContaining("sasl.oauthbearer.jwks.endpoint.url");
        } finally {
            bad.close();
        }
    }
}
