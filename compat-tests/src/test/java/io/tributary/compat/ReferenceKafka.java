package io.tributary.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka 4.4's own broker as a child JVM, the reference a test compares Tributary with: one KRaft node in
 * combined mode (broker and controller, {@code node.id=1}) on the class path the {@code compat-kafka-broker} module
 * copied into its {@code target/lib} ({@code kafka_2.13} and its dependencies, as Kafka published them). As Kafka's
 * scripts do: {@code kafka.tools.StorageTool format} with a random cluster id, then {@code kafka.Kafka
 * server.properties}; ready once it logs "Kafka Server started". Stopped with SIGTERM (SIGKILL after 30 s).
 */
final class ReferenceKafka implements AutoCloseable {

    private final Path dir;
    private final Map<String, String> properties;
    private Process process;

    /**
     * A broker of these {@code server.properties}: Kafka's single-node defaults (replication factors 1, no initial
     * rebalance delay, the CONTROLLER listener on {@code controllerPort} as node 1's quorum) under {@code settings},
     * which must name the {@code listeners} (including CONTROLLER), their protocols and whatever security they need.
     */
    ReferenceKafka(Path dir, int controllerPort, Map<String, String> settings) {
        this.dir = dir;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(settings);
        this.properties = Map.copyOf(p);
    }

    /** Formats the log directory and starts the broker; returns once it serves (up to 120 s). */
    ReferenceKafka start() throws Exception {
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(config, text.toString(), StandardCharsets.UTF_8);
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n", "status = warn",
                "appender.out.type = Console", "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout", "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info", "rootLogger.appenderRef.out.ref = OUT",
                "logger.request.name = kafka.request.logger", "logger.request.level = warn", ""));
        String logging = "-Dlog4j2.configurationFile=" + log4j;

        Path formatOut = dir.resolve("format.out");
        Process format = new ProcessBuilder(java(logging, "kafka.tools.StorageTool", "format", "-t", clusterId(),
                "-c", config.toString())).redirectErrorStream(true).redirectOutput(formatOut.toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("kafka-storage format failed:\n" + Files.readString(formatOut));
        }

        Path out = output();
        process = new ProcessBuilder(java(logging, "kafka.Kafka", config.toString())).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!Await.within(java.time.Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited while starting; its output:\n" + tail(out));
            }
            return Files.readString(out, StandardCharsets.UTF_8).contains("Kafka Server started");
        })) {
            close();
            throw new IllegalStateException("Kafka did not start within 120 s; its output:\n" + tail(out));
        }
        return this;
    }

    /** Where the broker's output (Log4j's console appender) goes. */
    Path output() {
        return dir.resolve("kafka.out");
    }

    private List<String> java(String logging, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", logging, "-Dkafka.logs.dir=" + dir,
                "-cp", lib().resolve("*").toString(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The broker's class path from the {@code kafka.broker.lib} system property (set by the build).
     *
     * @throws AssertionError saying how to build it when it is missing
     */
    private static Path lib() {
        String property = System.getProperty("kafka.broker.lib");
        Path lib = property == null ? null : Path.of(property);
        if (lib == null || !Files.isRegularFile(lib.resolve("kafka_2.13-4.4.0.jar"))) {
            throw new AssertionError("Apache Kafka's broker is not on disk (kafka.broker.lib=" + property + "). "
                    + "Build it with the tests: ./mvnw verify -pl compat-tests -am (the compat-kafka-broker module "
                    + "copies kafka_2.13 and its dependencies into compat-tests/kafka-broker/target/lib).");
        }
        return lib;
    }

    /** What {@code kafka-storage random-uuid} prints: 16 random bytes, URL-safe base64, never starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static String tail(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** SIGTERM, then SIGKILL if it has not exited within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
