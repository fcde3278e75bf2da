package io.tributary.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Tributary broker in its own JVM, started the way users start it ({@code Main start --override ...}), on free
 * loopback ports and a data directory of the test's. It can be stopped cleanly (SIGTERM), killed (SIGKILL), paused
 * (SIGSTOP) and resumed, and started again on the same ports and data.
 */
public final class TributaryProcess implements AutoCloseable {

    private final Path dataDir;
    private final int kafkaPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final int registryPort;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;

    public TributaryProcess(Path dataDir, Map<String, String> overrides) throws IOException {
        this(dataDir, freePort(), freePort(), overrides);
    }

    /**
     * A node on given ports: for a cluster, whose {@code controller.quorum.voters} (one of the {@code overrides},
     * with {@code node.id}) names every voter's controller port before any node starts.
     */
    public TributaryProcess(Path dataDir, int kafkaPort, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.kafkaPort = kafkaPort;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
        String registry = overrides.getOrDefault("schema.registry.listeners", "");
        this.registryPort = registry.isBlank() ? 0 : Integer.parseInt(registry.substring(registry.lastIndexOf(':')
                + 1));
    }

    /**
     * A node that also serves the bundled schema registry, on a free loopback port; {@link #start()} then returns
     * once the registry serves too. Registry writes may wait 10 s for the store (not Confluent's 500 ms default): CI
     * machines are slower than a user's.
     */
    public static TributaryProcess withRegistry(Path dataDir) throws IOException {
        return new TributaryProcess(dataDir, Map.of("schema.registry.listeners", "http://127.0.0.1:" + freePort(),
                "schema.registry.kafkastore.timeout.ms", "10000"));
    }

    /** The bundled schema registry's URL (only for a node made {@link #withRegistry}). */
    public String registryUrl() {
        if (registryPort == 0) {
            throw new IllegalStateException("this node runs no schema registry");
        }
        return "http://127.0.0.1:" + registryPort;
    }

    public TributaryProcess(Path dataDir) throws IOException {
        this(dataDir, Map.of());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** An Admin client of this broker (the caller closes it). */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return Admin.create(p);
    }

    public int port() {
        return kafkaPort;
    }

    /** The port of this node's CONTROLLER listener (its Raft address in the metadata quorum). */
    public int controllerPort() {
        return controllerPort;
    }

    /** One more JVM option for the next start, as {@code KAFKA_OPTS} gives it (e.g. the JAAS file). */
    public TributaryProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Starts the broker and waits for its "started" line (up to 90 s; and the registry's, if it runs one). */
    public TributaryProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m",
                // Netty's leak detector, off in a broker by default, stays on in tests (pom.xml)
                "-Dio.netty.leakDetection.level=" + System.getProperty("io.netty.leakDetection.level", "simple")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", brokerClassPath(), "io.tributary.broker.Main",
                "start", "--override", "listeners=PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort, "--override", "log.dirs=" + dataDir));
        if (!overrides.containsKey("schema.registry.listeners")) {
            // Off unless a test asks for it: test brokers must not all bind the default port 8081.
            command.addAll(List.of("--override", "schema.registry.listeners="));
        }
        if (!overrides.containsKey("connect.listeners")) {
            // Likewise the bundled Connect worker (port 8083).
            command.addAll(List.of("--override", "connect.listeners="));
        }
        overrides.forEach((k, v) -> command.addAll(List.of("--override", k + "=" + v)));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while ((line = out.readLine()) != null) {
            output.add(line);
            if (line.contains("started")) {
                Thread drain = new Thread(() -> drain(out), "tributary-output");
                drain.setDaemon(true);
                drain.start();
                if (registryPort != 0) {
                    awaitOutput("Schema registry started");
                }
                return this;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IllegalStateException("Tributary did not start; its output:\n" + String.join("\n", output));
    }

    /**
     * The distribution's class path (broker jar and its lib/, as bin/tributary runs it: kafka-clients
     * runtime.kafka.version), set by the build as {@code tributary.broker.classpath}; this test class path (with the
     * newest kafka-clients under test) only when run outside Maven.
     */
    private static String brokerClassPath() {
        String distribution = System.getProperty("tributary.broker.classpath");
        return distribution != null ? distribution : System.getProperty("java.class.path");
    }

    private void drain(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits (up to 60 s) for a line of output containing {@code text}, e.g. the schema registry's "started". */
    public String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (process == null || !process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no line containing '" + text + "'; output:\n" + String.join("\n", output));
    }

    /** SIGTERM, then waits for a clean exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Tributary did not stop within 60 s after SIGTERM");
            }
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or checkpointed. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: the JVM keeps its sockets open but runs nothing (a long GC pause, a stuck VM) until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        ProcessSignals.pause(process);
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        ProcessSignals.resume(process);
    }

    /** The broker JVM's process id (for attaching to it, e.g. to read its JMX metrics). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
