package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.message.MetadataRequestData;
import io.tributary.protocol.message.SaslHandshakeRequestData;
import io.tributary.protocol.message.SaslHandshakeResponseData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: one Tributary process with a listener of every security protocol — PLAINTEXT, SSL, mutual TLS
 * ({@code ssl.client.auth=required}), SASL_PLAINTEXT and SASL_SSL with PLAIN and SCRAM — configured with Kafka's
 * settings, and kafka-clients and librdkafka (kcat) producing and consuming through each. Metadata names each
 * listener's own endpoints (a client that bootstrapped on the SSL port stays on it). Wrong passwords, missing client
 * certificates and requests before authentication are refused as Kafka refuses them.
 */
class SecurityListenersCompatTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " user_alice=\"alice-secret\" user_bob=\"bob-secret\";";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TributaryProcess broker;
    static final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir.resolve("tls"));
        for (String name : List.of("PLAINTEXT", "CONTROLLER", "SSL", "MTLS", "PEM", "SASL_PLAINTEXT", "SASL_SSL",
                "REAUTH")) {
            ports.put(name, TributaryProcess.freePort());
        }
        StringBuilder listeners = new StringBuilder();
        ports.forEach((name, port) -> listeners.append(listeners.length() == 0 ? "" : ",").append(name)
                .append("://127.0.0.1:").append(port));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", listeners.toString());
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,MTLS:SSL,PEM:SSL,"
                + "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,REAUTH:SASL_PLAINTEXT");
        config.putAll(certs.serverKeystoreSettings(""));
        config.putAll(certs.truststoreSettings(""));
        config.put("listener.name.mtls.ssl.client.auth", "required");
        // PEM stores (Kafka's ssl.keystore.type=PEM): key and chain in one file, the CA's certificate as the trust
        config.put("listener.name.pem.ssl.keystore.type", "PEM");
        config.put("listener.name.pem.ssl.keystore.location", certs.serverPem.toString());
        config.put("listener.name.pem.ssl.truststore.type", "PEM");
        config.put("listener.name.pem.ssl.truststore.location", certs.caPem.toString());
        config.put("listener.name.pem.ssl.client.auth", "required");
        config.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS);
        config.put("listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS);
        config.put("listener.name.reauth.plain.sasl.jaas.config", JAAS);
        config.put("listener.name.reauth.connections.max.reauth.ms", "1000");   // KIP-368
        broker = new TributaryProcess(dir.resolve("data"), ports.get("PLAINTEXT"), ports.get("CONTROLLER"), config)
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Properties client(String listener) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get(listener));
        switch (listener) {
            case "SSL" -> tls(p, false);
            case "MTLS", "PEM" -> tls(p, true);
            case "SASL_PLAINTEXT" -> plain(p, "SASL_PLAINTEXT", "alice", "alice-secret");
            case "SASL_SSL" -> {
                tls(p, false);
                plain(p, "SASL_SSL", "alice", "alice-secret");
            }
            default -> { }
        }
        return p;
    }

    /** Kafka client settings under {@code prefix} for SASL_SSL with PLAIN, trusting the test CA. */
    private static Map<String, String> saslSslPlain(String prefix, String user, String password) {
        Map<String, String> out = new LinkedHashMap<>(certs.truststoreSettings(prefix));
        out.put(prefix + "security.protocol", "SASL_SSL");
        out.put(prefix + "sasl.mechanism", "PLAIN");
        out.put(prefix + "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        return out;
    }

    private static void tls(Properties p, boolean withCertificate) {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        p.putAll(certs.truststoreSettings(""));
        if (withCertificate) {
            p.put("ssl.keystore.location", certs.clientKeystore.toString());
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.password", TestCertificates.PASSWORD);
            p.put("ssl.key.password", TestCertificates.PASSWORD);
        }
    }

    private static void plain(Properties p, String protocol, String user, String password) {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
    }

    @Test
    void kafkaClientsProduceAndConsumeThroughEveryListenerAndMetadataKeepsThemOnIt() throws Exception {
        for (String listener : List.of("PLAINTEXT", "SSL", "MTLS", "PEM", "SASL_PLAINTEXT", "SASL_SSL")) {
            String topic = "secure-" + listener.toLowerCase().replace('_', '-');
            try (Admin admin = Admin.create(client(listener))) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
                List<Node> nodes = new ArrayList<>(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
                assertThat(nodes).as(listener + ": the cluster as this listener describes it").hasSize(1);
                assertThat(nodes.get(0).port()).as(listener + "'s own endpoint").isEqualTo(ports.get(listener));
            }
            Properties producerProps = client(listener);
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, listener + "-" + i));
                }
                producer.flush();
            }
            Properties consumerProps = client(listener);
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + topic);
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps,
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.size() < 200 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
                consumer.commitSync();
            }
            assertThat(values).as(listener).hasSize(200).contains(listener + "-0", listener + "-199");
        }
    }

    private static void shortTimeouts(Properties p) {
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    }

    @Test
    void aWrongPasswordIsASaslAuthenticationFailure() {
        for (String listener : List.of("SASL_PLAINTEXT", "SASL_SSL")) {
            Properties p = client(listener);
            plain(p, listener, "alice", "not-her-password");
            shortTimeouts(p);
            try (Admin admin = Admin.create(p)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("Invalid username or password");
            }
        }
    }

    /**
     * SCRAM-SHA-256 and -512 logins against credentials set through Admin (AlterUserScramCredentials, stored in the
     * metadata log); the wrong password, and a user without a credential for the mechanism, are refused alike.
     */
    @Test
    void scramUsersSetThroughAdminLogInOverSaslSsl() throws Exception {
        try (Admin admin = Admin.create(client("PLAINTEXT"))) {
            admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion("carol", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256,
                            4096), "carol-secret"),
                    new UserScramCredentialUpsertion("dave", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            8192), "dave-secret"))).all().get(30, TimeUnit.SECONDS);
        }
        for (String[] login : List.of(new String[] {"SCRAM-SHA-256", "carol", "carol-secret"},
                new String[] {"SCRAM-SHA-512", "dave", "dave-secret"})) {
            Properties p = client("SASL_SSL");
            scram(p, login[0], login[1], login[2]);
            String topic = "scram-" + login[1];
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", login[1])).get(30, TimeUnit.SECONDS);
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).as(login[0]).containsExactly(login[1]);
            }
        }
        for (String[] refused : List.of(new String[] {"SCRAM-SHA-256", "carol", "wrong"},
                new String[] {"SCRAM-SHA-512", "carol", "carol-secret"},   // carol has no SHA-512 credential
                new String[] {"SCRAM-SHA-256", "nobody", "x"})) {
            Properties p = client("SASL_SSL");
            scram(p, refused[0], refused[1], refused[2]);
            shortTimeouts(p);
            try (Admin admin = Admin.create(p)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .as(String.join(" ", refused[0], refused[1]))
                        .isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("invalid credentials with SASL mechanism " + refused[0]);
            }
        }
    }

    private static void scram(Properties p, String mechanism, String user, String password) {
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
    }

    /**
     * KIP-368 with {@code connections.max.reauth.ms=1000}: SaslAuthenticate tells the client its session lasts 1 s; a
     * kafka-clients producer re-authenticates on its connection and keeps being served for several lifetimes; a
     * client that does not re-authenticate has its connection closed at its first request after the session ended.
     */
    @Test
    void sessionsEndAfterConnectionsMaxReauthMsUnlessTheClientReauthenticates() throws Exception {
        Properties p = client("SASL_PLAINTEXT");
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("REAUTH"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            int sent = 0;
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>("reauth", "k", "v" + sent++)).get(10, TimeUnit.SECONDS);
            }
            assertThat(sent).as("records acknowledged across four session lifetimes").isGreaterThan(4);
        }
        assertThat(broker.output()).as("the producer re-authenticated: the broker closed none of its connections")
                .noneMatch(line -> line.contains("SASL session ended"));
        try (RawConnection c = new RawConnection("127.0.0.1", ports.get("REAUTH"))) {
            c.request(new SaslHandshakeRequestData().setMechanism("PLAIN"), (short) 1);
            io.tributary.protocol.message.SaslAuthenticateResponseData auth =
                    (io.tributary.protocol.message.SaslAuthenticateResponseData) c.request(
                            new io.tributary.protocol.message.SaslAuthenticateRequestData().setAuthBytes(
                                    "\0alice\0alice-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            (short) 2);
            assertThat(auth.errorCode()).isZero();
            assertThat(auth.sessionLifetimeMs()).isEqualTo(1000);
            long authenticated = System.nanoTime();
            Await.until("the connection closed once its session ended", Duration.ofSeconds(5), () -> {
                try {
                    c.request(new MetadataRequestData().setTopics(List.of()), (short) 12);
                    return false;
                } catch (java.io.IOException e) {
                    return true;
                }
            });
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authenticated);
            assertThat(elapsedMs).as("not before the session's second").isGreaterThanOrEqualTo(1000);
            // and the broker says why — so the check above, that it said so for none of the producer's, can fail
            broker.awaitOutput("SASL session ended");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() {
        Properties p = client("SSL");   // trusts the broker but has no certificate of its own
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("MTLS"));
        shortTimeouts(p);
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCertificateFailsItsHandshake() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("SSL"));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");   // the JDK's CAs: our test CA is not one
        shortTimeouts(p);
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void aSaslListenerServesNothingBeforeAuthenticationAndListsItsMechanisms() throws Exception {
        try (RawConnection c = new RawConnection("127.0.0.1", ports.get("SASL_PLAINTEXT"))) {
            SaslHandshakeResponseData r = (SaslHandshakeResponseData) c.request(new SaslHandshakeRequestData()
                    .setMechanism("GSSAPI"), (short) 1);
            assertThat(r.errorCode()).as("UNSUPPORTED_SASL_MECHANISM").isEqualTo((short) 33);
            assertThat(r.mechanisms()).containsExactlyInAnyOrder("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
            assertThat(c.closedByBroker()).isTrue();
        }
        try (RawConnection c = new RawConnection("127.0.0.1", ports.get("SASL_PLAINTEXT"))) {
            c.send(io.tributary.protocol.frame.RequestFrame.encode(new io.tributary.protocol.message
                    .RequestHeaderData().setRequestApiKey((short) 3).setRequestApiVersion((short) 12)
                    .setCorrelationId(1).setClientId("raw"), new MetadataRequestData()));
            assertThat(c.closedByBroker()).as("Metadata before SASL closes the connection").isTrue();
        }
    }

    @Test
    void kcatProducesAndConsumesOverTlsMutualTlsAndSaslPlain() throws Exception {
        Kcat kcat = Kcat.locate(dir);
        Map<String, List<String>> settings = new LinkedHashMap<>();
        settings.put("SSL", List.of("-X", "security.protocol=ssl", "-X", "ssl.ca.location=" + certs.caPem));
        settings.put("MTLS", List.of("-X", "security.protocol=ssl", "-X", "ssl.ca.location=" + certs.caPem,
                "-X", "ssl.keystore.location=" + certs.clientKeystore, "-X", "ssl.keystore.password="
                        + TestCertificates.PASSWORD));
        settings.put("SASL_PLAINTEXT", List.of("-X", "security.protocol=sasl_plaintext", "-X",
                "sasl.mechanisms=PLAIN", "-X", "sasl.username=bob", "-X", "sasl.password=bob-secret"));
        settings.put("SASL_SSL", List.of("-X", "security.protocol=sasl_ssl", "-X", "ssl.ca.location=" + certs.caPem,
                "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=bob", "-X", "sasl.password=bob-secret"));
        for (Map.Entry<String, List<String>> e : settings.entrySet()) {
            String topic = "kcat-" + e.getKey().toLowerCase().replace('_', '-');
            String bootstrap = "127.0.0.1:" + ports.get(e.getKey());
            List<String> produce = new ArrayList<>(List.of("-b", bootstrap, "-t", topic, "-P", "-X",
                    "topic.request.required.acks=all", "-X", "allow.auto.create.topics=true"));
            produce.addAll(e.getValue());
            Kcat.Result p = kcat.run("one\ntwo\nthree\n", 60, produce.toArray(String[]::new));
            assertThat(p.exitCode()).as(e.getKey() + " produce: " + p).isZero();
            List<String> consume = new ArrayList<>(List.of("-b", bootstrap, "-t", topic, "-C", "-o", "beginning",
                    "-c", "3", "-e"));
            consume.addAll(e.getValue());
            Kcat.Result c = kcat.run("", 60, consume.toArray(String[]::new));
            assertThat(c.lines()).as(e.getKey() + " consume: " + c).containsExactly("one", "two", "three");
        }
        List<String> wrong = new ArrayList<>(List.of("-b", "127.0.0.1:" + ports.get("SASL_PLAINTEXT"), "-L", "-m",
                "10"));
        wrong.addAll(List.of("-X", "security.protocol=sasl_plaintext", "-X", "sasl.mechanisms=PLAIN", "-X",
                "sasl.username=bob", "-X", "sasl.password=wrong"));
        Kcat.Result refused = kcat.run("", 60, wrong.toArray(String[]::new));
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).as(refused.toString()).containsIgnoringCase("Authentication failed");
    }

    /**
     * A standalone schema registry whose Kafka clients log in over SASL_SSL with Confluent's
     * {@code kafkastore.security.protocol} / {@code kafkastore.sasl.*} / {@code kafkastore.ssl.*} settings stores
     * schemas there; with a wrong password it does not start and says why.
     */
    @Test
    void aSchemaRegistryReachesTheBrokerOverSaslSsl() throws Exception {
        Map<String, String> secure = new LinkedHashMap<>(saslSslPlain("kafkastore.", "bob", "bob-secret"));
        secure.put("kafkastore.topic", "_schemas_secure");
        secure.put("kafkastore.topic.replication.factor", "1");
        String bootstrap = "127.0.0.1:" + ports.get("SASL_SSL");
        try (RegistryProcess registry = new RegistryProcess(bootstrap, secure).start()) {
            registry.awaitOutput("Schema registry started");
            RegistryHttp http = new RegistryHttp(registry.url());
            RegistryHttp.Reply created = http.post("/subjects/secure-value/versions",
                    "{\"schema\": \"\\\"string\\\"\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(http.get("/subjects").text()).contains("secure-value");
        }
        secure.put("kafkastore.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"bob\" password=\"wrong\";");
        secure.put("kafkastore.init.timeout.ms", "10000");
        try (RegistryProcess refused = new RegistryProcess(bootstrap, secure).start()) {
            assertThatThrownBy(() -> refused.awaitOutput("Schema registry started"))
                    .hasMessageContaining("Authentication failed");
        }
    }

    /**
     * Tributary's Connect worker in distributed mode against the SASL_SSL listener, configured as Apache's worker
     * is: worker-level {@code security.protocol}/{@code sasl.*}/{@code ssl.*} for its group and internal topics, the
     * same with {@code producer.} and {@code consumer.} prefixes for the connectors' clients. A file source → topic
     * → file sink pipeline carries 100 lines.
     */
    @Test
    void aConnectWorkerRunsAPipelineOverSaslSsl() throws Exception {
        Map<String, String> security = saslSslPlain("", "alice", "alice-secret");
        ConnectWorkerSettings settings = ConnectWorkerSettings.forBroker("127.0.0.1:" + ports.get("SASL_SSL"))
                .group("secure-connect").internalTopics("secure-connect", 1, 1).schemalessJson().offsetFlushMs(500)
                .shortConsumerSessions().pluginPath();
        security.forEach((k, v) -> {
            settings.set(k, v);
            settings.set("producer." + k, v);
            settings.set("consumer." + k, v);
        });
        Path input = dir.resolve("connect-in.txt");
        Path output = dir.resolve("connect-out.txt");
        java.nio.file.Files.createFile(input);
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.tributary("secure-connect", dir.resolve("worker"),
                settings.build(), "distributed", List.of()).start()) {
            ConnectRest rest = new ConnectRest(worker.restUrl());
            rest.createConnector("secure-source", FilePipeline.source(input, "secure-lines", 1));
            rest.createConnector("secure-sink", FilePipeline.sink(output, "secure-lines"));
            rest.waitRunning("secure-source", 1, Duration.ofSeconds(60));
            rest.waitRunning("secure-sink", 1, Duration.ofSeconds(60));
            ConnectLines.append(input, "secure", 1, 100);
            ConnectLines.Tally tally = ConnectLines.awaitAll(output, ConnectLines.lines("secure", 1, 100),
                    Duration.ofSeconds(60));
            assertThat(tally.complete()).as(tally.summary(100)).isTrue();
        }
    }

    @Test
    void aSecureListenerWithABadSettingStopsStartupNamingIt() throws Exception {
        Map<String, String> config = Map.of("listeners", "PLAINTEXT://127.0.0.1:" + TributaryProcess.freePort()
                        + ",CONTROLLER://127.0.0.1:" + TributaryProcess.freePort() + ",SSL://127.0.0.1:"
                        + TributaryProcess.freePort());
        TributaryProcess bad = new TributaryProcess(dir.resolve("bad"), config);
        try {
            assertThatThrownBy(bad::start).hasMessageContaining("ssl.keystore.location");
        } finally {
            bad.close();
        }
    }
}
