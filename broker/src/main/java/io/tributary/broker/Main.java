package io.tributary.broker;

import io.tributary.connect.ConnectWorker;
import io.tributary.registry.RegistryConfig;
import io.tributary.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tributary start [--config FILE] [--override key=value]...}: runs one node in the foreground until
 * SIGTERM or Ctrl-C. Prints a line containing {@code started} once clients can connect, and another once the bundled
 * schema registry serves (unless {@code schema.registry.listeners} is empty) and another once the bundled Kafka
 * Connect worker serves (unless {@code connect.listeners} is empty); a bad setting stops it before anything starts,
 * with a message naming the key. {@code tributary schema-registry ...} runs a registry alone
 * ({@link RegistryMain}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("schema-registry")) {
            RegistryMain.run(args);
            return;
        }
        Map<String, String> props;
        BrokerConfig config;
        Optional<RegistryConfig> registryConfig;
        Optional<Map<String, String>> connectConfig;
        try {
            props = parseArgs(args, "start");
            config = BrokerConfig.from(props);
            registryConfig = BundledRegistry.config(config);
            connectConfig = BundledConnect.config(config);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("tributary: " + e.getMessage());
            System.exit(2);
            return;
        }
        BrokerServer server = new BrokerServer(config);
        SchemaRegistryServer registry = registryConfig.map(SchemaRegistryServer::new).orElse(null);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<ConnectWorker> connect = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Tributary shutting down");
            ConnectWorker worker = connect.get();
            if (worker != null) {
                worker.close();
            }
            if (registry != null) {
                registry.close();
            }
            server.close();
            stopped.countDown();
        }, "shutdown"));
        InetSocketAddress address;
        try {
            address = server.start();
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0 || server.isClosed()) {
                return;   // stopped (SIGTERM) while starting: the hook closed what had started
            }
            // Say what failed and exit: the threads already started would otherwise keep the JVM up, serving nothing.
            if (e instanceof StartupException) {
                System.err.println("tributary: " + e.getMessage());
            } else {
                System.err.println("tributary: startup failed");
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        StringBuilder listeners = new StringBuilder();
        server.boundListeners().forEach((name, bound) -> listeners.append(listeners.length() == 0 ? "" : ", ")
                .append(name).append("://").append(bound.getHostString()).append(':').append(bound.getPort()));
        System.out.println("Tributary started: node " + config.nodeId() + ", Kafka listener"
                + (server.boundListeners().size() > 1 ? "s " : " ") + listeners + ", log dirs " + config.logDirs());
        System.out.flush();
        if (registry != null && !RegistryMain.startOrExit(registry, registryConfig.get(), stopped)) {
            return;
        }
        if (connectConfig.isPresent() && !startConnect(connectConfig.get(), connect, stopped)) {
            return;
        }
        stopped.await();
    }

    /**
     * Starts the bundled Connect worker and prints its "started" line; a bad {@code connect.*} setting (or a taken
     * port) stops the node with a message naming it. False when the node is stopping or stopped.
     */
    private static boolean startConnect(Map<String, String> props, AtomicReference<ConnectWorker> connect,
                                        CountDownLatch stopped) {
        try {
            ConnectWorker worker = ConnectWorker.distributed(props);
            connect.set(worker);
            if (stopped.getCount() == 0) {
                worker.close();
                return false;
            }
            System.out.println(worker.summary());
            System.out.flush();
            return true;
        } catch (RuntimeException e) {
            if (stopped.getCount() == 0) {
                return false;
            }
            System.err.println("tributary: the bundled Connect worker (connect.*) cannot start: " + e.getMessage());
            System.exit(1);
            return false;
        }
    }

    /** The properties of {@code COMMAND [--config FILE] [--override key=value]...}, overrides last. */
    static Map<String, String> parseArgs(String[] args, String command) throws IOException {
        String usage = "usage: tributary " + command + " [--config FILE] [--override key=value]...";
        if (args.length == 0 || !args[0].equals(command)) {
            throw new IllegalArgumentException(usage);
        }
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--config needs a file");
                    }
                    Properties file = new Properties();
                    try (Reader in = Files.newBufferedReader(Path.of(args[i]))) {
                        file.load(in);
                    }
                    file.forEach((k, v) -> props.put(k.toString().trim(), v.toString().trim()));
                }
                case "--override" -> {
                    if (++i >= args.length || !args[i].contains("=")) {
                        throw new IllegalArgumentException("--override needs key=value");
                    }
                    int eq = args[i].indexOf('=');
                    overrides.put(args[i].substring(0, eq).trim(), args[i].substring(eq + 1).trim());
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + usage);
            }
        }
        props.putAll(overrides);
        return props;
    }
}
