package io.tributary.broker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tributary start [--config FILE] [--override key=value]...}: runs one node in the foreground until
 * SIGTERM or Ctrl-C. Prints a line containing {@code started} once clients can connect; a bad setting stops it
 * before anything starts, with a message naming the key.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props;
        BrokerConfig config;
        try {
            props = parseArgs(args);
            config = BrokerConfig.from(props);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("tributary: " + e.getMessage());
            System.exit(2);
            return;
        }
        BrokerServer server = new BrokerServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Tributary shutting down");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        java.net.InetSocketAddress address;
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
        System.out.println("Tributary started: node " + config.nodeId() + ", Kafka listener PLAINTEXT://"
                + address.getHostString() + ":" + address.getPort() + ", log dirs " + config.logDirs());
        System.out.flush();
        stopped.await();
    }

    static Map<String, String> parseArgs(String[] args) throws IOException {
        if (args.length == 0 || !args[0].equals("start")) {
            throw new IllegalArgumentException("usage: tributary start [--config FILE] [--override key=value]...");
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
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: tributary start [--config FILE] [--override key=value]...");
            }
        }
        props.putAll(overrides);
        return props;
    }
}
