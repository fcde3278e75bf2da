package io.tributary.compat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Issue 19's authorization matrix, run the same way against any broker with a SASL_PLAINTEXT (PLAIN) listener and a
 * PLAINTEXT listener, {@code super.users=User:admin} and the users {@code admin}, {@code alice} and {@code bob}
 * (password {@code <name>-secret}): {@link #prepare()} makes, as the super user, the same topics, records, groups
 * and ACLs ({@link MatrixCase#acls()}); {@link #run()} then lets each principal — admin, alice (granted), bob (one
 * DESCRIBE, one DENY), ANONYMOUS (the PLAINTEXT listener) — try every {@link MatrixCase} in the same order and
 * answers each cell's outcome.
 */
final class AuthorizationMatrix {

    /** In the order they run: what one does can show in what the next sees (topics created, groups deleted). */
    static final List<String> PRINCIPALS = List.of(MatrixCase.ADMIN, MatrixCase.ALICE, MatrixCase.BOB,
            MatrixCase.ANON);

    /** A cell taking this long is named on the output (the matrix's time goes mostly into client round trips). */
    private static final long SLOW_MS = 2_000;

    private final String saslBootstrap;
    private final String plainBootstrap;
    private final Map<String, Uuid> topicIds = new HashMap<>();

    AuthorizationMatrix(String saslBootstrap, String plainBootstrap) {
        this.saslBootstrap = saslBootstrap;
        this.plainBootstrap = plainBootstrap;
    }

    /**
     * As admin: the topics (one partition each), a record in each fixed topic, the groups (an offset committed for
     * {@code t-allowed}), a transaction (so the coordinators are loaded before any cell times out on them) and the
     * ACLs.
     */
    void prepare() throws Exception {
        List<String> tags = PRINCIPALS.stream().map(name -> new MatrixPrincipal(name, "", "", Map.of()).tag()).toList();
        MatrixPrincipal admin = principal(MatrixCase.ADMIN);
        Properties patient = admin.settings();   // Admin's default retries: the coordinators are created on first use
        patient.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin client = Admin.create(patient)) {
            client.createTopics(MatrixCase.setupTopics(tags).stream().map(t -> new NewTopic(t, 1, (short) 1))
                    .toList()).all().get(30, TimeUnit.SECONDS);
            client.describeTopics(MatrixCase.FIXED_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> topicIds.put(topic, description.topicId()));
            try (KafkaProducer<String, String> producer = admin.producer(Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "warm-up", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    "true", ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000"))) {
                producer.initTransactions();
                producer.beginTransaction();
                for (String topic : MatrixCase.FIXED_TOPICS) {
                    producer.send(new ProducerRecord<>(topic, "setup", "v"));
                }
                producer.commitTransaction();
            }
            TreeSet<String> groups = new TreeSet<>(MatrixCase.FIXED_GROUPS);
            tags.forEach(tag -> groups.add("g-del-" + tag));
            for (String group : groups) {
                client.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("t-allowed", 0),
                        new OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
            }
            for (String group : MatrixCase.shareGroups(tags)) {
                client.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), List.of(
                        new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                                AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            }
            client.createAcls(MatrixCase.acls()).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every cell's outcome, keyed {@code <case> | <principal>}, cases in order, each with the principals in order. */
    Map<String, String> run() {
        Map<String, Map<String, String>> byPrincipal = new LinkedHashMap<>();
        List<MatrixCase> cases = MatrixCase.all();
        for (String name : PRINCIPALS) {
            Map<String, String> outcomes = new LinkedHashMap<>();
            try (MatrixPrincipal p = principal(name)) {
                for (MatrixCase c : cases) {
                    long start = System.nanoTime();
                    outcomes.put(c.name(), MatrixOutcome.of(() -> c.cell().run(p)));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (ms >= SLOW_MS) {
                        System.out.printf("slow cell (%d ms): %s%n", ms, cell(c.name(), name));
                    }
                }
            }
            byPrincipal.put(name, outcomes);
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (MatrixCase c : cases) {
            for (String name : PRINCIPALS) {
                cells.put(cell(c.name(), name), byPrincipal.get(name).get(c.name()));
            }
        }
        return cells;
    }

    /** The cells whose principal the ACLs do not allow the case: none of them may be {@code OK}. */
    static List<String> deniedCells() {
        return MatrixCase.all().stream().flatMap(c -> PRINCIPALS.stream().filter(c.deniedTo()::contains)
                .map(name -> cell(c.name(), name))).toList();
    }

    static String cell(String caseName, String principal) {
        return caseName + " | " + principal;
    }

    private MatrixPrincipal principal(String name) {
        return new MatrixPrincipal(name, saslBootstrap, plainBootstrap, topicIds);
    }
}
