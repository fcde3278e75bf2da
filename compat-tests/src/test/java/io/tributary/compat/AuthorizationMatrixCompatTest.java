package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, "What must be shown" 1: for each API × resource × principal (super user, granted, denied, anonymous) the
 * outcome equals Apache Kafka's for the same ACLs. The same {@link AuthorizationMatrix} runs first against Apache
 * Kafka 4.4's own broker ({@link ReferenceKafka}), then against a Tributary process, each with a SASL_PLAINTEXT
 * listener (PLAIN: admin, alice, bob), a PLAINTEXT listener (ANONYMOUS), {@code StandardAuthorizer},
 * {@code super.users=User:admin} and {@code allow.everyone.if.no.acl.found=false} (the default); the two outcome maps
 * must be equal, and no cell whose principal the ACLs do not allow may succeed on either.
 */
class AuthorizationMatrixCompatTest {

    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    /** The PLAIN users on both brokers' SASL listeners (Kafka's controller and inter-broker client log in as admin). */
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\" "
            + "user_bob=\"bob-secret\";";

    /**
     * Cells left out of the comparison (keyed {@code <case> | <principal>}), with why; the reason is printed with the
     * table. Each is a deliberate difference, listed in compat-tests/README.md's ledger.
     */
    private static final Map<String, String> NOT_COMPARED = Map.of(
            AuthorizationMatrix.cell("alter configs broker logger (validate only)", MatrixCase.ADMIN),
            "Tributary's loggers (slf4j-simple) cannot change level at run time: INVALID_REQUEST where Kafka "
                    + "validates a Log4j level");

    @TempDir
    Path dir;

    @Test
    void everyCellAnswersAsApacheKafkaAndNoDeniedCellSucceeds() throws Exception {
        Map<String, String> kafka = onKafka();
        Map<String, String> tributary = onTributary();
        System.out.println(table("Authorization matrix (case | principal: Kafka 4.4 / Tributary)", kafka, tributary,
                kafka.keySet()));

        assertThat(tributary.keySet()).isEqualTo(kafka.keySet());
        List<String> different = new ArrayList<>();
        for (String cell : kafka.keySet()) {
            if (!kafka.get(cell).equals(tributary.get(cell)) && !NOT_COMPARED.containsKey(cell)) {
                different.add(cell);
            }
        }
        List<String> unauthorizedSuccesses = new ArrayList<>();
        for (String cell : AuthorizationMatrix.deniedCells()) {
            if (kafka.get(cell).startsWith("OK") || tributary.get(cell).startsWith("OK")) {
                unauthorizedSuccesses.add(cell);
            }
        }
        assertThat(unauthorizedSuccesses).as(table("cells succeeding without permission", kafka, tributary,
                unauthorizedSuccesses)).isEmpty();
        assertThat(different).as(table("cells where Tributary differs from Kafka", kafka, tributary, different))
                .isEmpty();
    }

    private Map<String, String> onKafka() throws Exception {
        int sasl = TributaryProcess.freePort();
        int plain = TributaryProcess.freePort();
        int controller = TributaryProcess.freePort();
        Map<String, String> config = common();
        config.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + sasl + ",PLAINTEXT://127.0.0.1:" + plain
                + ",CONTROLLER://127.0.0.1:" + controller);
        config.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + sasl + ",PLAINTEXT://127.0.0.1:" + plain);
        // the controller listener speaks SASL too, so that the broker reaches it as admin: were it PLAINTEXT, its
        // principal would be ANONYMOUS, which would then have to be a super user — and that is a matrix principal
        config.put("listener.security.protocol.map",
                "SASL_PLAINTEXT:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        config.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        config.put("sasl.mechanism.controller.protocol", "PLAIN");
        config.put("listener.name.controller.plain.sasl.jaas.config", JAAS);
        try (ReferenceKafka kafka = new ReferenceKafka(dir.resolve("kafka"), controller, config).start()) {
            return runMatrix("127.0.0.1:" + sasl, "127.0.0.1:" + plain);
        }
    }

    private Map<String, String> onTributary() throws Exception {
        int sasl = TributaryProcess.freePort();
        int plain = TributaryProcess.freePort();
        int controller = TributaryProcess.freePort();
        Map<String, String> config = common();
        config.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + sasl + ",PLAINTEXT://127.0.0.1:" + plain
                + ",CONTROLLER://127.0.0.1:" + controller);
        // CONTROLLER is Tributary's Raft port (no Kafka requests); PLAINTEXT the inter-broker listener, which a
        // single node does not call
        config.put("listener.security.protocol.map",
                "SASL_PLAINTEXT:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        try (TributaryProcess tributary = new TributaryProcess(dir.resolve("tributary"), plain, controller, config)
                .start()) {
            return runMatrix("127.0.0.1:" + sasl, "127.0.0.1:" + plain);
        }
    }

    /** Settings both brokers get. */
    private static Map<String, String> common() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("node.id", MatrixCase.NODE);
        config.put("sasl.enabled.mechanisms", "PLAIN");
        config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS);
        config.put("authorizer.class.name", AUTHORIZER);
        config.put("super.users", "User:admin");
        config.put("auto.create.topics.enable", "true");
        config.put("num.partitions", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // a share group member gets its partitions at its second heartbeat: with Kafka's 5 s default each share case
        // took 5 s
        config.put("group.share.min.heartbeat.interval.ms", "500");
        config.put("group.share.heartbeat.interval.ms", "500");
        return config;
    }

    private static Map<String, String> runMatrix(String saslBootstrap, String plainBootstrap) throws Exception {
        AuthorizationMatrix matrix = new AuthorizationMatrix(saslBootstrap, plainBootstrap);
        matrix.prepare();
        return matrix.run();
    }

    private static String table(String title, Map<String, String> kafka, Map<String, String> tributary,
                                Iterable<String> cells) {
        StringBuilder out = new StringBuilder(title).append(":\n");
        for (String cell : cells) {
            String k = kafka.get(cell);
            String t = tributary.get(cell);
            out.append(k.equals(t) ? "   " : "≠  ").append(String.format("%-62s %-40s %s", cell, k, t));
            String reason = NOT_COMPARED.get(cell);
            if (reason != null && !k.equals(t)) {
                out.append("   (not compared: ").append(reason).append(')');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
