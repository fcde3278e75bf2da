package io.tributary.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.herder.HerderException;
import io.tributary.connect.worker.ConnectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@code tributary connect standalone worker.properties [connector.properties|connector.json]...} and
 * {@code tributary connect distributed worker.properties}: runs a Connect worker with Apache's command-line contract. Prints a line containing "started" once the REST API serves and the
 * given connectors are created; a bad config ends the process with a message naming the setting.
 */
public final class ConnectMain {

    private ConnectMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "[%1$tF %1$tT,%1$tL] %4$s %5$s%6$s (%3$s)%n");
        }
        quietClientLogs();
        boolean standalone = args.length >= 2 && args[0].equals("standalone");
        boolean distributed = args.length == 2 && args[0].equals("distributed");
        if (!standalone && !distributed) {
            System.err.println("Usage: tributary connect standalone worker.properties [connector.properties|.json]...");
            System.err.println("       tributary connect distributed worker.properties");
            System.exit(2);
        }
        try {
            Map<String, String> props = load(Path.of(args[1]));
            ConnectWorker worker;
            if (standalone) {
                List<Map<String, String>> connectors = new ArrayList<>();
                for (String file : List.of(args).subList(2, args.length)) {
                    connectors.add(connectorConfig(Path.of(file)));
                }
                worker = ConnectWorker.standalone(props, connectors);
            } else {
                worker = ConnectWorker.distributed(props);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                worker.close();
                stopped.countDown();
            }, "connect-shutdown"));
            System.out.println(worker.summary());
            // The worker's threads are daemons (Jetty's, the readers'); the process lives until it is told to stop.
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ConfigException | HerderException | ConnectException | IOException e) {
            System.err.println("tributary connect: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * kafka-clients logs every client's whole config and each group step at INFO: a worker has dozens of clients.
     * They log at WARNING unless the user asks for more ({@code PUT /admin/loggers/org.apache.kafka}).
     */
    private static void quietClientLogs() {
        for (String name : List.of("org.apache.kafka.clients", "org.apache.kafka.common")) {
            java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
            l.setLevel(java.util.logging.Level.WARNING);
            QUIETED.add(l); // a logger only weakly referenced would lose its level
        }
    }

    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /** A connector config file: properties, or JSON as {"name", "config": {...}} or a flat object. */
    static Map<String, String> connectorConfig(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".json")) {
            return load(file);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode config = root.has("config") ? root.get("config") : root;
        Map<String, String> out = new HashMap<>();
        config.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        if (root.has("name")) {
            out.put(ConnectorConfig.NAME, root.get("name").asText());
        }
        return out;
    }
}
