package io.tributary.connect;

import io.tributary.connect.distributed.DistributedHerder;
import io.tributary.connect.distributed.WorkerGroup;
import io.tributary.connect.herder.Herder;
import io.tributary.connect.herder.StandaloneHerder;
import io.tributary.connect.herder.WorkerInfo;
import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.rest.ConnectRestServer;
import io.tributary.connect.rest.RestConfig;
import io.tributary.connect.storage.FileOffsetStore;
import io.tributary.connect.storage.KafkaOffsetStore;
import io.tributary.connect.storage.KafkaStatusStore;
import io.tributary.connect.storage.MemoryStatusStore;
import io.tributary.connect.storage.TopicLog;
import io.tributary.connect.worker.ConfigProviders;
import io.tributary.connect.worker.ConnectorConfig;
import io.tributary.connect.worker.Worker;
import io.tributary.connect.worker.WorkerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A running Connect worker, standalone or distributed: plugins scanned, stores opened, the REST API serving. What
 * {@code tributary connect} runs, and what a node bundles.
 */
public final class ConnectWorker implements AutoCloseable {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
            ConnectWorker.class.getName());

    private final ConnectRestServer rest;
    private final AutoCloseable herder;
    private final List<AutoCloseable> resources;
    private final String summary;

    private ConnectWorker(ConnectRestServer rest, AutoCloseable herder, List<AutoCloseable> resources,
                          String summary) {
        this.rest = rest;
        this.herder = herder;
        this.resources = resources;
        this.summary = summary;
    }

    public URI restUrl() {
        return rest.advertisedUrl();
    }

    /** "started" line: mode, worker id, REST URL, plugins, time. */
    public String summary() {
        return summary;
    }

    private record Common(WorkerConfig config, Plugins plugins, ConfigProviders providers, RestConfig rest,
                          String clusterId) {
    }

    private static Common common(Map<String, String> props) {
        WorkerConfig given = new WorkerConfig(props);
        // Asking the cluster for its id (a round trip, longer while the broker starts) overlaps the plugin scan.
        CompletableFuture<String> clusterId = CompletableFuture.supplyAsync(() -> clusterId(given));
        Plugins plugins = Plugins.scan(given.pluginPath().stream().map(Path::of).toList());
        ConfigProviders providers = new ConfigProviders(props, plugins);
        WorkerConfig config = new WorkerConfig(providers.resolve(props));
        try {
            return new Common(config, plugins, providers, RestConfig.fromWorkerConfig(config.originalStrings()),
                    clusterId.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Standalone: connectors from the given configs, offsets in {@code offset.storage.file.filename}. */
    public static ConnectWorker standalone(Map<String, String> props, List<Map<String, String>> connectors) {
        long start = System.nanoTime();
        Common c = common(props);
        String offsetsFile = c.config().getString(WorkerConfig.OFFSET_STORAGE_FILE);
        if (offsetsFile == null || offsetsFile.isBlank()) {
            throw new ConfigException("Missing required configuration \"" + WorkerConfig.OFFSET_STORAGE_FILE
                    + "\" which has no default value.");
        }
        if (!"disabled".equals(c.config().getString(WorkerConfig.EXACTLY_ONCE_SOURCE_SUPPORT))) {
            // Apache's standalone worker does not know the setting either (it only logs it as unused).
            LOG.warning(WorkerConfig.EXACTLY_ONCE_SOURCE_SUPPORT + "=" + c.config().getString(
                    WorkerConfig.EXACTLY_ONCE_SOURCE_SUPPORT) + " is ignored: exactly-once source support needs "
                    + "distributed mode; a standalone worker runs source connectors at-least-once");
        }
        MemoryStatusStore statuses = new MemoryStatusStore();
        String workerId = workerId(c.rest());
        Worker worker = new Worker(c.config(), c.plugins(), c.providers(), new FileOffsetStore(Path.of(offsetsFile)),
                statuses, workerId);
        StandaloneHerder herder = new StandaloneHerder(worker, statuses, info(c));
        ConnectRestServer rest = new ConnectRestServer(herder, c.rest());
        rest.start();
        for (Map<String, String> connector : connectors) {
            String name = connector.get(ConnectorConfig.NAME);
            if (name == null || name.isBlank()) {
                throw new ConfigException("A connector config given on the command line has no \"name\"");
            }
            herder.putConnectorConfig(name, connector, true);
        }
        rest.markReady();
        return new ConnectWorker(rest, herder, List.of(), "Kafka Connect started (standalone, worker " + workerId
                + ", REST at " + rest.advertisedUrl() + ", " + c.plugins().descs(false).size() + " plugins) in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    /** Distributed: joins {@code group.id}; configs, offsets and statuses in their topics (created if missing). */
    public static ConnectWorker distributed(Map<String, String> props) {
        long start = System.nanoTime();
        Common c = common(props);
        WorkerConfig config = c.config();
        String groupId = config.required(WorkerConfig.GROUP_ID);
        String configTopic = config.required(WorkerConfig.CONFIG_TOPIC);
        String offsetTopic = config.required(WorkerConfig.OFFSET_TOPIC);
        String statusTopic = config.required(WorkerConfig.STATUS_TOPIC);
        List<AutoCloseable> resources = new ArrayList<>();
        String workerId = workerId(c.rest());
        String clientPrefix = "connect-" + workerId;
        KafkaOffsetStore offsets = new KafkaOffsetStore();
        KafkaStatusStore statuses = new KafkaStatusStore();
        Worker worker = new Worker(config, c.plugins(), c.providers(), offsets, statuses, workerId);
        DistributedHerder herder = new DistributedHerder(worker, statuses, info(c),
                config.getInt(WorkerConfig.SCHEDULED_REBALANCE_MAX_DELAY_MS), c.rest().tls().httpClient());
        // REST first, as Apache's worker: GET / answers while the internal topics are read; writes answer 409 and
        // /health 503 until this worker has joined its group.
        ConnectRestServer rest = new ConnectRestServer(herder, c.rest());
        rest.start();
        Map<String, Object> clients = new HashMap<>(config.clientSecurity());
        clients.putAll(config.withPrefix("admin."));
        clients.put("bootstrap.servers", config.bootstrapServers());
        Admin admin = Admin.create(clients);
        resources.add(admin);
        TopicLog.ensureTopic(admin, configTopic, WorkerConfig.CONFIG_TOPIC, 1,
                config.getShort("config.storage.replication.factor"), Map.of());
        TopicLog.ensureTopic(admin, offsetTopic, WorkerConfig.OFFSET_TOPIC, config.getInt("offset.storage.partitions"),
                config.getShort("offset.storage.replication.factor"), Map.of());
        TopicLog.ensureTopic(admin, statusTopic, WorkerConfig.STATUS_TOPIC, config.getInt("status.storage.partitions"),
                config.getShort("status.storage.replication.factor"), Map.of());
        // With exactly-once source support, offsets (and configs) are read as Apache's worker reads them then:
        // read_committed, so an offset counts only once the transaction holding its records committed.
        boolean exactlyOnce = config.exactlyOnceSourceEnabled();
        TopicLog offsetLog = TopicLog.create(offsetTopic, config.bootstrapServers(), config.clientSecurity(), admin, offsets::apply,
                clientPrefix + "-offsets", exactlyOnce);
        offsets.attach(offsetLog);
        offsetLog.start();
        TopicLog statusLog = TopicLog.create(statusTopic, config.bootstrapServers(), config.clientSecurity(), admin, statuses::apply,
                clientPrefix + "-statuses");
        statuses.attach(statusLog);
        statusLog.start();
        resources.add(statuses::close);
        TopicLog configLog = TopicLog.create(configTopic, config.bootstrapServers(), config.clientSecurity(), admin,
                herder.configLog()::apply, clientPrefix + "-configs", exactlyOnce);
        herder.configLog().attach(configLog);
        configLog.start();
        Map<String, Object> group = new HashMap<>(config.clientSecurity());
        group.put("bootstrap.servers", config.bootstrapServers());
        group.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        group.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.getInt("session.timeout.ms"));
        group.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, config.getInt("heartbeat.interval.ms"));
        group.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, config.getInt("rebalance.timeout.ms"));
        group.put(ConsumerConfig.CLIENT_ID_CONFIG, clientPrefix + "-group");
        String url = rest.advertisedUrl().toString();
        herder.start(new WorkerGroup(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, group,
                configTopic, herder::ownConnectors, herder::ownTasks, herder::plan));
        try {
            if (!herder.awaitAssignment(Duration.ofMinutes(2))) {
                throw new ConnectException("This worker did not join the Connect group " + groupId + " within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted joining group " + groupId);
        }
        rest.markReady();
        return new ConnectWorker(rest, herder, resources, "Kafka Connect started (distributed, group " + groupId
                + (exactlyOnce ? ", exactly-once source support enabled" : "") + ", worker " + workerId + ", REST at " + rest.advertisedUrl() + ", " + c.plugins().descs(false).size()
                + " plugins) in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    private static WorkerInfo info(Common c) {
        return new WorkerInfo(AppInfoParser.getVersion(), AppInfoParser.getCommitId(), c.clusterId());
    }

    /** Kafka Connect's worker id: the advertised REST host and port. */
    private static String workerId(RestConfig rest) {
        URI first = URI.create(rest.listeners().get(0).replace("://:", "://0.0.0.0:"));
        String host = rest.advertisedHostName() != null ? rest.advertisedHostName() : first.getHost();
        if (host == null || host.equals("0.0.0.0")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        int port = rest.advertisedPort() != null ? rest.advertisedPort() : first.getPort();
        return host + ":" + port;
    }

    /** The Kafka cluster's id, as {@code GET /} reports it; the worker waits for the cluster as Apache's does. */
    private static String clusterId(WorkerConfig config) {
        Map<String, Object> p = new HashMap<>(config.clientSecurity());
        p.putAll(config.withPrefix("admin."));
        p.put("bootstrap.servers", config.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ConfigException("Cannot reach the Kafka cluster at " + config.bootstrapServers()
                    + " (bootstrap.servers): " + e);
        }
    }

    public Herder herder() {
        return (Herder) herder;
    }

    @Override
    public void close() {
        rest.stop();
        try {
            herder.close();
        } catch (Exception ignored) {
            // closing at shutdown: nothing more to do
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // as above
            }
        }
    }
}
