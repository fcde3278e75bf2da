package io.tributary.connect.worker;

import io.tributary.connect.herder.ConnectorType;
import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.plugins.PluginVersion;
import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.storage.CommittedOffsetsReader;
import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.storage.OffsetStore;
import io.tributary.connect.storage.StatusStore;
import io.tributary.connect.storage.TopicLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * Runs the connectors and tasks this worker was given: builds each from its config (plugin class, converters,
 * transforms, clients), runs each task on a thread of its own, and stops them gracefully within
 * {@code task.shutdown.graceful.timeout.ms}. It decides nothing about which connectors exist: that is the herder's.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final WorkerConfig config;
    private final Plugins plugins;
    private final ConfigProviders configProviders;
    private final OffsetStore offsets;
    private final StatusStore statuses;
    private final String workerId;
    private final ConnectMetrics metrics = new ConnectMetrics();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, WorkerConnector> connectors = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, TaskRunner>> tasks = new ConcurrentHashMap<>();
    private volatile Admin admin;
    /** KIP-558: the topics each connector's tasks have used since its creation or the last reset. */
    private final Map<String, java.util.Set<String>> activeTopics = new ConcurrentHashMap<>();

    public Worker(WorkerConfig config, Plugins plugins, ConfigProviders configProviders, OffsetStore offsets,
                  StatusStore statuses, String workerId) {
        this.config = config;
        this.plugins = plugins;
        this.configProviders = configProviders;
        this.offsets = offsets;
        this.statuses = statuses;
        this.workerId = workerId;
        metrics.workerGauges(connectors::size, () -> tasks.values().stream().mapToInt(Map::size).sum());
    }

    public Plugins plugins() {
        return plugins;
    }

    public String workerId() {
        return workerId;
    }

    public OffsetStore offsetStore() {
        return offsets;
    }

    /** An instance of the connector class a config names (not started), for validation and its type. */
    public Connector newConnector(String connectorClass) {
        try {
            return Plugins.newInstance(plugins.load(connectorClass, null), Connector.class);
        } catch (ClassNotFoundException | IllegalArgumentException e) {
            // not found, not a Connector, or not instantiable (abstract, no public no-arg constructor)
            throw new ConfigException(ConnectorConfig.CONNECTOR_CLASS, connectorClass,
                    "Failed to find any class that implements Connector and which name matches " + connectorClass);
        }
    }

    public static ConnectorType typeOf(Connector c) {
        return c instanceof SinkConnector ? ConnectorType.SINK : ConnectorType.SOURCE;
    }

    /** Starts a connector; returns false (status FAILED with the reason) when it could not start. */
    public boolean startConnector(String name, Map<String, String> rawConfig, TargetState state,
                                  Runnable onReconfigure) {
        WorkerConnector wc;
        Map<String, String> config;
        try {
            config = configProviders.resolve(rawConfig);
            Connector c = newConnector(config.get(ConnectorConfig.CONNECTOR_CLASS));
            wc = new WorkerConnector(name, c, statuses, workerId, onReconfigure,
                    new StoredOffsets(offsets, new OffsetCodec(), name), pluginMetrics(name, null));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Connector " + name + " cannot be created", e);
            statuses.putConnector(name, new StatusStore.State("FAILED", workerId, ErrorHandler.trace(e)));
            return false;
        }
        connectors.put(name, wc);
        Connector c = wc.connector();
        metrics.addConnector(name, c.getClass().getName(), typeOf(c).json(), PluginVersion.of(c),
                () -> stateOf(statuses.connector(name)));
        if (state == TargetState.STOPPED) {
            wc.report("STOPPED", null);
            return true;
        }
        boolean started = wc.start(config, state);
        metrics.connectorStarted(started);
        return started;
    }

    /** Kafka Connect reports states in lower case in its metrics. */
    private static String stateOf(StatusStore.State s) {
        return s == null ? "unassigned" : s.state().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isRunning(String name) {
        return connectors.containsKey(name);
    }

    /**
     * Asks the running connector for its task configs (at most {@code tasks.max}). A connector that throws, or
     * answers more than {@code tasks.max} (KIP-1004), is marked FAILED with the reason and null is returned.
     */
    public List<Map<String, String>> taskConfigs(String name, Map<String, String> connectorConfig) {
        WorkerConnector wc = connectors.get(name);
        if (wc == null) {
            throw new ConnectException("Connector " + name + " is not running on this worker");
        }
        int max = Integer.parseInt(connectorConfig.getOrDefault(ConnectorConfig.TASKS_MAX, "1").trim());
        List<Map<String, String>> configs;
        try {
            configs = wc.taskConfigs(max);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.SEVERE, "Connector " + name + " failed to generate task configurations", e);
            wc.report("FAILED", ErrorHandler.trace(e));
            return null;
        }
        if (configs.size() > max) {
            wc.report("FAILED", "The connector " + name + " has generated " + configs.size()
                    + " tasks, which is greater than " + max
                    + ", the maximum number of tasks it is configured to create.");
            return null;
        }
        // Apache's worker adds the task class to every task config (and requires it in the config topic).
        String taskClass;
        try (LoaderSwap ignored = LoaderSwap.to(wc.connector().getClass().getClassLoader())) {
            taskClass = wc.connector().taskClass().getName();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> c : configs) {
            Map<String, String> withClass = new HashMap<>(c);
            withClass.put("task.class", taskClass);
            out.add(Map.copyOf(withClass));
        }
        return List.copyOf(out);
    }

    public void stopConnector(String name, boolean reportUnassigned) {
        WorkerConnector wc = connectors.remove(name);
        if (wc != null) {
            wc.stop(reportUnassigned);
            metrics.removeConnector(name);
        }
    }

    /** Marks a stopped connector STOPPED (KIP-875) in the status store. */
    public void reportStopped(String name) {
        statuses.putConnector(name, new StatusStore.State("STOPPED", workerId, null));
    }

    public void startTask(String connector, int taskId, Map<String, String> rawConnectorConfig,
                          Map<String, String> rawTaskConfig, TargetState state) {
        startTask(connector, taskId, rawConnectorConfig, rawTaskConfig,
                (connectorConfig, taskConfig) -> buildTask(connector, taskId, connectorConfig, taskConfig, state));
    }

    /** Builds a task from its resolved configs. */
    @FunctionalInterface
    private interface TaskBuilder {
        TaskRunner build(Map<String, String> connectorConfig, Map<String, String> taskConfig);
    }

    /** Resolves the configs, builds the task and runs it on a thread of its own; a failure is the task's FAILED. */
    private void startTask(String connector, int taskId, Map<String, String> rawConnectorConfig,
                           Map<String, String> rawTaskConfig, TaskBuilder builder) {
        try {
            Map<String, String> connectorConfig = configProviders.resolve(rawConnectorConfig);
            Map<String, String> taskConfig = configProviders.resolve(rawTaskConfig);
            TaskRunner runner = builder.build(connectorConfig, taskConfig);
            tasks.computeIfAbsent(connector, k -> new ConcurrentHashMap<>()).put(taskId, runner);
            threads.execute(runner);
            metrics.taskStarted(true);
        } catch (RuntimeException | LinkageError e) {
            metrics.taskStarted(false);
            LOG.log(Level.SEVERE, "Task " + connector + "-" + taskId + " cannot be created", e);
            statuses.putTask(connector, taskId, new StatusStore.State("FAILED", workerId, ErrorHandler.trace(e)));
        }
    }

    /**
     * Starts a source task with exactly-once support (KIP-618; distributed mode with
     * {@code exactly.once.source.support=enabled}): a transactional producer, offsets in its transactions, and the
     * herder's {@code checks} run on the task's thread around the producer's initialization.
     */
    public void startExactlyOnceSourceTask(String connector, int taskId, Map<String, String> rawConnectorConfig,
                                           Map<String, String> rawTaskConfig, TargetState state,
                                           ExactlyOnceStart checks) {
        startTask(connector, taskId, rawConnectorConfig, rawTaskConfig, (connectorConfig, taskConfig) ->
                buildExactlyOnceSourceTask(connector, taskId, connectorConfig, taskConfig, state, checks));
    }

    private TaskRunner buildExactlyOnceSourceTask(String connector, int taskId, Map<String, String> connectorConfig,
                                                  Map<String, String> taskConfig, TargetState state,
                                                  ExactlyOnceStart checks) {
        Connector c = newConnector(connectorConfig.get(ConnectorConfig.CONNECTOR_CLASS));
        if (c instanceof SinkConnector) {
            throw new ConnectException("Connector " + connector + " is a sink connector: it has no exactly-once "
                    + "source tasks");
        }
        ConnectorConfig cc = new ConnectorConfig(connectorConfig, false);
        ClassLoader loader = c.getClass().getClassLoader();
        Class<? extends Task> taskClass;
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            taskClass = c.taskClass();
        }
        Task task = Plugins.newInstance(taskClass, Task.class);
        String taskName = connector + "-" + taskId;
        Converter key = converter(cc, ConnectorConfig.KEY_CONVERTER, true, loader);
        Converter value = converter(cc, ConnectorConfig.VALUE_CONVERTER, false, loader);
        HeaderConverter header = headerConverter(cc, loader);
        TransformationChain<SourceRecord> chain = TransformationChain.build(cc, plugins, loader);
        TaskParts<SourceRecord> parts = new TaskParts<>(cc, taskConfig, loader, key, value, header, chain,
                new ErrorHandler(cc, taskName, null));
        String offsetsTopic = connectorOffsetsTopic(cc);
        OffsetStore fallback = offsetsTopic.equals(config.getString(WorkerConfig.OFFSET_TOPIC)) ? null : offsets;
        if (fallback != null) {
            ensureOffsetsTopic(offsetsTopic);
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(exactlyOnceProducerConfig(cc, connector,
                taskId));
        CommittedOffsetsReader reader;
        try {
            reader = new CommittedOffsetsReader(offsetsTopic, new KafkaConsumer<>(
                    offsetsConsumerConfig(cc, "connector-consumer-" + taskName)));
        } catch (RuntimeException e) {
            producer.close(java.time.Duration.ZERO);
            throw e;
        }
        PluginMetrics pm = pluginMetrics(connector, taskId);
        TaskMetrics tm = new TaskMetrics(metrics, connector, taskId, false,
                () -> stateOf(statuses.tasks(connector).get(taskId)));
        return new ExactlyOnceSourceTaskRunner(connector, taskId, (SourceTask) task, parts, producer, reader,
                fallback, TopicCreator.of(cc, admin()), config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS), checks,
                pm, tm, statuses, workerId, state, topic -> topicUsed(connector, topic));
    }

    /** Whether source tasks run with exactly-once support (the distributed herder acts on it). */
    public boolean exactlyOnceSourceEnabled() {
        return config.exactlyOnceSourceEnabled();
    }

    /**
     * The {@code transactional.id} of a source task with exactly-once support, as Apache's worker names it:
     * {@code <group.id>-<connector>-<task>}.
     */
    public static String taskTransactionalId(String groupId, String connector, int taskId) {
        return String.format("%s-%s-%d", groupId, connector, taskId);
    }

    /** The offsets topic of a source connector: its own {@code offsets.storage.topic}, else the worker's. */
    public String connectorOffsetsTopic(ConnectorConfig cc) {
        String own = cc.offsetsTopic();
        return own != null ? own : config.getString(WorkerConfig.OFFSET_TOPIC);
    }

    /** A connector's own offsets topic is created as the worker's is (compacted, its partitions and replicas). */
    private void ensureOffsetsTopic(String topic) {
        TopicLog.ensureTopic(admin(), topic, ConnectorConfig.OFFSETS_STORAGE_TOPIC,
                config.getInt("offset.storage.partitions"), config.getShort("offset.storage.replication.factor"),
                Map.of());
    }

    /**
     * The producer of an exactly-once source task: {@link #producerConfig}'s, then idempotent with the task's
     * transactional id whatever the settings say (a differing setting is logged and overridden, as Apache does).
     */
    Map<String, Object> exactlyOnceProducerConfig(ConnectorConfig cc, String connector, int taskId) {
        Map<String, Object> p = producerConfig(cc, "connector-producer-" + connector + "-" + taskId);
        String id = taskTransactionalId(config.required(WorkerConfig.GROUP_ID), connector, taskId);
        ensure(p, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", connector);
        ensure(p, ProducerConfig.TRANSACTIONAL_ID_CONFIG, id, connector);
        return p;
    }

    private static void ensure(Map<String, Object> props, String key, String value, String connector) {
        Object given = props.put(key, value);
        if (given != null && !value.equals(String.valueOf(given))) {
            LOG.warning("The value '" + given + "' of the producer property '" + key + "' of connector " + connector
                    + " is ignored: it must be '" + value + "' for connectors when exactly-once source support is "
                    + "enabled");
        }
    }

    /** The consumer of a connector's offsets topic with exactly-once support: read_committed, never a group. */
    Map<String, Object> offsetsConsumerConfig(ConnectorConfig cc, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.putAll(config.withPrefix("consumer."));
        p.putAll(overrides(cc, "consumer.override."));
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /**
     * KIP-618 zombie fencing: every transactional producer of the first {@code numTasks} tasks of the connector is
     * fenced (Admin.fenceProducers: InitProducerId for each id bumps its epoch and aborts its open transaction).
     */
    public void fenceZombies(String connector, int numTasks) {
        List<String> ids = new ArrayList<>();
        String group = config.required(WorkerConfig.GROUP_ID);
        for (int i = 0; i < numTasks; i++) {
            ids.add(taskTransactionalId(group, connector, i));
        }
        LOG.info("Fencing out the producers of " + numTasks + " tasks of source connector " + connector + ": " + ids);
        try {
            admin().fenceProducers(ids, new FenceProducersOptions().timeoutMs(90_000)).all()
                    .get(90, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while fencing the producers of connector " + connector, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectException("Failed to fence the producers of the tasks of connector " + connector + ": "
                    + cause, cause);
        }
    }

    /**
     * KIP-875 with exactly-once support: a stopped source connector's offsets written as its task 0 would write
     * them, in a transaction of that task's transactional id (which also fences any producer of that id left).
     */
    public void writeOffsetsTransactionally(String connector, Map<String, String> rawConnectorConfig,
                                            Map<java.nio.ByteBuffer, java.nio.ByteBuffer> entries) {
        ConnectorConfig cc = new ConnectorConfig(configProviders.resolve(rawConnectorConfig), false);
        String topic = connectorOffsetsTopic(cc);
        if (!topic.equals(config.getString(WorkerConfig.OFFSET_TOPIC))) {
            ensureOffsetsTopic(topic);
        }
        Map<String, Object> p = exactlyOnceProducerConfig(cc, connector, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "connector-offset-producer-" + connector);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.initTransactions();
            producer.beginTransaction();
            entries.forEach((k, v) -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    bytes(k), v == null ? null : bytes(v))));
            producer.commitTransaction();
        }
        if (offsets instanceof io.tributary.connect.storage.KafkaOffsetStore k && topic.equals(
                config.getString(WorkerConfig.OFFSET_TOPIC))) {
            k.readToEnd();
        }
    }

    /**
     * With exactly-once support, the offsets a source connector's tasks resume from: those in its own offsets topic
     * (read_committed, to its end) over the worker's.
     */
    public Map<java.nio.ByteBuffer, java.nio.ByteBuffer> exactlyOnceOffsets(String connector,
                                                                         Map<String, String> rawConnectorConfig) {
        ConnectorConfig cc = new ConnectorConfig(configProviders.resolve(rawConnectorConfig), false);
        String topic = connectorOffsetsTopic(cc);
        if (topic.equals(config.getString(WorkerConfig.OFFSET_TOPIC))) {
            if (offsets instanceof io.tributary.connect.storage.KafkaOffsetStore k) {
                k.readToEnd();
            }
            return offsets.all();
        }
        Map<java.nio.ByteBuffer, java.nio.ByteBuffer> merged = new HashMap<>(offsets.all());
        try (CommittedOffsetsReader reader = new CommittedOffsetsReader(topic, new KafkaConsumer<>(
                offsetsConsumerConfig(cc, "connector-offsets-reader-" + connector)))) {
            reader.readToEnd(java.time.Duration.ofSeconds(60));
            merged.putAll(reader.all());
        }
        return merged;
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** The worker's settings. */
    public WorkerConfig config() {
        return config;
    }

    private TaskRunner buildTask(String connector, int taskId, Map<String, String> connectorConfig,
                                 Map<String, String> taskConfig, TargetState state) {
        Connector c = newConnector(connectorConfig.get(ConnectorConfig.CONNECTOR_CLASS));
        boolean sink = c instanceof SinkConnector;
        ConnectorConfig cc = new ConnectorConfig(connectorConfig, sink);
        ClassLoader loader = c.getClass().getClassLoader();
        Class<? extends Task> taskClass;
        try (LoaderSwap ignored = LoaderSwap.to(loader)) {
            taskClass = c.taskClass();
        }
        Task task = Plugins.newInstance(taskClass, Task.class);
        String taskName = connector + "-" + taskId;
        Converter key = converter(cc, ConnectorConfig.KEY_CONVERTER, true, loader);
        Converter value = converter(cc, ConnectorConfig.VALUE_CONVERTER, false, loader);
        HeaderConverter header = headerConverter(cc, loader);
        PluginMetrics pm = pluginMetrics(connector, taskId);
        TaskMetrics tm = new TaskMetrics(metrics, connector, taskId, sink,
                () -> stateOf(statuses.tasks(connector).get(taskId)));
        if (sink) {
            DeadLetterQueue dlq = deadLetterQueue(cc, connector, taskName);
            TransformationChain<SinkRecord> chain = TransformationChain.build(cc, plugins, loader);
            TaskParts<SinkRecord> parts = new TaskParts<>(cc, taskConfig, loader, key, value, header, chain,
                    new ErrorHandler(cc, taskName, dlq));
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(cc, connector, taskId));
            return new SinkTaskRunner(connector, taskId, (SinkTask) task, parts, consumer, dlq,
                    config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS), pm, tm, statuses, workerId, state,
                    topic -> topicUsed(connector, topic));
        }
        TransformationChain<SourceRecord> chain = TransformationChain.build(cc, plugins, loader);
        TaskParts<SourceRecord> parts = new TaskParts<>(cc, taskConfig, loader, key, value, header, chain,
                new ErrorHandler(cc, taskName, null));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(cc,
                "connector-producer-" + taskName));
        return new SourceTaskRunner(connector, taskId, (SourceTask) task, parts, producer, offsets,
                TopicCreator.of(cc, admin()), config.getLong(WorkerConfig.OFFSET_FLUSH_INTERVAL_MS),
                config.getLong(WorkerConfig.OFFSET_FLUSH_TIMEOUT_MS), pm, tm, statuses, workerId, state,
                topic -> topicUsed(connector, topic));
    }

    private Converter converter(ConnectorConfig cc, String key, boolean isKey, ClassLoader loader) {
        String className = cc.getString(key);
        Map<String, String> settings;
        if (className != null) {
            settings = cc.withPrefix(key + ".");
        } else {
            className = config.getString(key);
            settings = stringsWithPrefix(key + ".");
        }
        Converter c = Plugins.newInstance(load(className, key, loader), Converter.class);
        try (LoaderSwap ignored = LoaderSwap.to(c.getClass().getClassLoader())) {
            c.configure(settings, isKey);
        }
        return c;
    }

    private HeaderConverter headerConverter(ConnectorConfig cc, ClassLoader loader) {
        String className = cc.getString(ConnectorConfig.HEADER_CONVERTER);
        Map<String, String> settings;
        if (className != null) {
            settings = cc.withPrefix(ConnectorConfig.HEADER_CONVERTER + ".");
        } else {
            className = config.getString(WorkerConfig.HEADER_CONVERTER);
            settings = stringsWithPrefix(WorkerConfig.HEADER_CONVERTER + ".");
        }
        HeaderConverter c = Plugins.newInstance(load(className, ConnectorConfig.HEADER_CONVERTER, loader),
                HeaderConverter.class);
        Map<String, Object> withType = new HashMap<>(settings);
        withType.put("converter.type", "header");
        try (LoaderSwap ignored = LoaderSwap.to(c.getClass().getClassLoader())) {
            c.configure(withType);
        }
        return c;
    }

    private Class<?> load(String className, String key, ClassLoader loader) {
        try {
            return plugins.load(className, loader);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "Class " + className + " could not be found.");
        }
    }

    private Map<String, String> stringsWithPrefix(String prefix) {
        Map<String, String> out = new HashMap<>();
        config.originalStrings().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private DeadLetterQueue deadLetterQueue(ConnectorConfig cc, String connector, String taskName) {
        String topic = cc.getString(ConnectorConfig.DLQ_TOPIC);
        if (topic == null || topic.isBlank()) {
            return null;
        }
        short rf = cc.getShort(ConnectorConfig.DLQ_REPLICATION_FACTOR);
        try {
            admin().createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, rf))).all().get();
        } catch (Exception e) {
            // TopicExists is the usual answer; anything else shows at the first send
        }
        return new DeadLetterQueue(new KafkaProducer<>(producerConfig(cc, "connector-dlq-producer-" + taskName)),
                topic.trim(), cc.getBoolean(ConnectorConfig.DLQ_CONTEXT_HEADERS), connector);
    }

    /**
     * A source task's producer: Kafka Connect's safety defaults (acks=all, no send given up by timeout), with
     * idempotence so that up to 5 requests in flight keep order; then the worker's {@code producer.*} settings and
     * the connector's {@code producer.override.*} as the override policy allows.
     */
    Map<String, Object> producerConfig(ConnectorConfig cc, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Long.MAX_VALUE));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.putAll(config.withPrefix("producer."));
        p.putAll(overrides(cc, "producer.override."));
        return p;
    }

    Map<String, Object> consumerConfig(ConnectorConfig cc, String connector, int taskId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-" + connector);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "connector-consumer-" + connector + "-" + taskId);
        p.putAll(config.withPrefix("consumer."));
        p.putAll(overrides(cc, "consumer.override."));
        return p;
    }

    private Map<String, String> overrides(ConnectorConfig cc, String prefix) {
        Map<String, String> o = cc.withPrefix(prefix);
        if (!o.isEmpty() && "None".equalsIgnoreCase(policyName())) {
            throw new ConfigException(prefix + o.keySet().iterator().next(), null,
                    "The 'None' policy does not allow any client configuration overrides");
        }
        return o;
    }

    private String policyName() {
        String p = config.getString(WorkerConfig.OVERRIDE_POLICY);
        return p.endsWith("NoneConnectorClientConfigOverridePolicy") ? "None" : p;
    }

    /** The worker's own admin client (topic creation, sink offsets), created on first use. */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> p = new HashMap<>(config.clientSecurity());
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
            p.putAll(config.withPrefix("admin."));
            admin = Admin.create(p);
        }
        return admin;
    }

    private PluginMetrics pluginMetrics(String connector, Integer task) {
        Map<String, String> tags = new HashMap<>();
        tags.put("connector", connector);
        if (task != null) {
            tags.put("task", String.valueOf(task));
        }
        return new PluginMetricsImpl(metrics.metrics(), tags);
    }

    public void setTargetState(String connector, TargetState state) {
        WorkerConnector wc = connectors.get(connector);
        if (wc != null && state != TargetState.STOPPED) {
            wc.report(state == TargetState.PAUSED ? "PAUSED" : "RUNNING", null);
        }
        tasks.getOrDefault(connector, Map.of()).values().forEach(t -> t.transition(state));
    }

    /** Stops every task of the connector: asks all, then waits for each up to the graceful timeout. */
    public void stopTasks(String connector) {
        Map<Integer, TaskRunner> running = tasks.remove(connector);
        if (running == null) {
            return;
        }
        running.values().forEach(TaskRunner::stop);
        awaitStopped(new ArrayList<>(running.values()));
    }

    public void stopTask(String connector, int taskId) {
        Map<Integer, TaskRunner> running = tasks.get(connector);
        TaskRunner t = running == null ? null : running.remove(taskId);
        if (t != null) {
            t.stop();
            awaitStopped(List.of(t));
        }
    }

    private void awaitStopped(List<TaskRunner> runners) {
        long deadline = System.currentTimeMillis() + config.getLong(WorkerConfig.TASK_SHUTDOWN_TIMEOUT_MS);
        for (TaskRunner t : runners) {
            try {
                if (!t.awaitStop(Math.max(0, deadline - System.currentTimeMillis()))) {
                    LOG.warning("Graceful stop of task " + t.name() + " failed: it is still running; abandoning it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void topicUsed(String connector, String topic) {
        activeTopics.computeIfAbsent(connector, k -> ConcurrentHashMap.newKeySet()).add(topic);
    }

    public List<String> activeTopics(String connector) {
        return activeTopics.getOrDefault(connector, java.util.Set.of()).stream().sorted().toList();
    }

    public void resetActiveTopics(String connector) {
        activeTopics.remove(connector);
    }

    public List<Integer> runningTasks(String connector) {
        return List.copyOf(tasks.getOrDefault(connector, Map.of()).keySet());
    }

    @Override
    public void close() {
        for (String c : List.copyOf(tasks.keySet())) {
            Map<Integer, TaskRunner> running = tasks.get(c);
            if (running != null) {
                running.values().forEach(TaskRunner::stop);
            }
        }
        List<TaskRunner> all = new ArrayList<>();
        tasks.values().forEach(m -> all.addAll(m.values()));
        tasks.clear();
        awaitStopped(all);
        for (String c : List.copyOf(connectors.keySet())) {
            stopConnector(c, false);
        }
        threads.shutdownNow();
        if (admin != null) {
            admin.close();
        }
        metrics.close();
        configProviders.close();
        offsets.close();
    }
}
