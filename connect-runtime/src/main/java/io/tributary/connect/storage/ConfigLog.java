package io.tributary.connect.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Distributed mode's connector configs in {@code config.storage.topic} (one partition), in Kafka Connect's record
 * layout so Apache's tools and workers read the same topic: {@code connector-<name>} → {"properties": {...}} (a
 * tombstone deletes), {@code task-<name>-<n>} → {"properties": {...}}, {@code commit-<name>} → {"tasks": N} (task
 * configs take effect only at their commit, all at once), {@code target-state-<name>} → {"state", "state.v2"}
 * (STARTED, PAUSED, STOPPED), {@code restart-connector-<name>} → {"include-tasks", "only-failed"},
 * {@code tasks-fencing-<name>} → {"task-count": N} (KIP-618's task count record: the generation of tasks of that
 * size may have transactional producers alive; written by the leader once it fenced every older generation). A task
 * restart, which Apache forwards over REST instead, is {@code restart-task-<name>-<n>} → {} here.
 *
 * <p>Exactly-once bookkeeping, as Apache's worker keeps it: every {@code commit-<name>} makes the connector
 * <em>pending fencing</em> until a task count record follows it, and a commit that brings task configs starts a new
 * <em>task generation</em> (0, 1, ...). Neither is forgotten when the connector is deleted: a connector re-created
 * under the same name must still fence the producers of its predecessor's tasks.
 */
public final class ConfigLog {

    private static final Logger LOG = Logger.getLogger(ConfigLog.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TASK_COUNT_PREFIX = "tasks-fencing-";

    /** What a worker reacts to as the log is applied. */
    public interface Listener {
        void connectorChanged(String connector);

        void tasksCommitted(String connector);

        void targetStateChanged(String connector);

        void restartRequested(String connector, boolean includeTasks, boolean onlyFailed);

        void taskRestartRequested(String connector, int task);
    }

    /** An immutable view of the log at some offset. */
    public record Snapshot(long offset, Map<String, Map<String, String>> connectors,
                           Map<String, List<Map<String, String>>> tasks, Map<String, String> targetStates,
                           Map<String, Integer> taskCountRecords, Set<String> pendingFencing,
                           Map<String, Integer> taskGenerations) {

        /** The latest task count record of the connector, or null when none was ever written. */
        public Integer taskCountRecord(String connector) {
            return taskCountRecords.get(connector);
        }

        /** Task configs were committed after the latest task count record: older generations may be alive. */
        public boolean pendingFencing(String connector) {
            return pendingFencing.contains(connector);
        }

        /** How many times task configs were committed for the connector, from 0; -1 when never. */
        public int taskGeneration(String connector) {
            return taskGenerations.getOrDefault(connector, -1);
        }

        public String targetState(String connector) {
            return targetStates.getOrDefault(connector, "STARTED");
        }

        public int taskCount(String connector) {
            return tasks.getOrDefault(connector, List.of()).size();
        }
    }

    private final Map<String, Map<String, String>> connectors = new TreeMap<>();
    private final Map<String, List<Map<String, String>>> tasks = new HashMap<>();
    private final Map<String, Map<Integer, Map<String, String>>> pendingTasks = new HashMap<>();
    private final Map<String, String> targetStates = new HashMap<>();
    private final Map<String, Integer> taskCountRecords = new HashMap<>();
    private final Set<String> pendingFencing = new HashSet<>();
    private final Map<String, Integer> taskGenerations = new HashMap<>();
    private final Listener listener;
    private long offset = -1;
    private TopicLog log;
    /** Guards {@link #leaderProducer}: one transaction at a time, apart from the reader's lock. */
    private final Object privileged = new Object();
    private Producer<byte[], byte[]> leaderProducer;

    public ConfigLog(Listener listener) {
        this.listener = listener;
    }

    public void attach(TopicLog log) {
        this.log = log;
    }

    public synchronized Snapshot snapshot() {
        Map<String, List<Map<String, String>>> t = new HashMap<>();
        tasks.forEach((k, v) -> t.put(k, List.copyOf(v)));
        return new Snapshot(offset, Map.copyOf(connectors), t, Map.copyOf(targetStates), Map.copyOf(taskCountRecords),
                Set.copyOf(pendingFencing), Map.copyOf(taskGenerations));
    }

    public void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        JsonNode value = r.value() == null ? null : parse(r.value());
        if (r.value() != null && value == null) {
            LOG.warning("Ignoring config record " + key + " at offset " + r.offset() + ": its value is not JSON");
            return; // unreadable is not a tombstone
        }
        Runnable event = null;
        synchronized (this) {
            offset = r.offset();
            if (key.startsWith("connector-")) {
                String name = key.substring("connector-".length());
                if (value == null) {
                    connectors.remove(name);
                    tasks.remove(name);
                    pendingTasks.remove(name); // a successor of the same name starts from nothing
                    targetStates.remove(name);
                } else if (!value.path("properties").isObject()) {
                    LOG.warning("Ignoring config record " + key + " at offset " + r.offset() + ": no \"properties\"");
                    return;
                } else {
                    connectors.put(name, strings(value.path("properties")));
                }
                event = () -> listener.connectorChanged(name);
            } else if (key.startsWith("task-")) {
                String rest = key.substring("task-".length());
                int dash = rest.lastIndexOf('-');
                if (dash > 0 && value != null) {
                    try {
                        int id = Integer.parseInt(rest.substring(dash + 1));
                        pendingTasks.computeIfAbsent(rest.substring(0, dash), k -> new HashMap<>())
                                .put(id, strings(value.path("properties")));
                    } catch (NumberFormatException e) {
                        LOG.warning("Ignoring config record with key " + key);
                    }
                }
            } else if (key.startsWith("commit-") && value != null) {
                String name = key.substring("commit-".length());
                int count = value.path("tasks").asInt(0);
                Map<Integer, Map<String, String>> pending = pendingTasks.remove(name);
                List<Map<String, String>> committed = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Map<String, String> c = pending == null ? null : pending.get(i);
                    if (c == null) {
                        List<Map<String, String>> previous = tasks.get(name);
                        c = previous != null && i < previous.size() ? previous.get(i) : null;
                    }
                    if (c == null) {
                        LOG.warning("Commit of " + count + " tasks for " + name + " lacks task " + i + "; ignored");
                        committed = null;
                        break;
                    }
                    committed.add(c);
                }
                if (committed != null) {
                    tasks.put(name, committed);
                    if (pending != null) {
                        taskGenerations.compute(name, (k, g) -> g == null ? 0 : g + 1);
                    }
                    event = () -> listener.tasksCommitted(name);
                }
                // Even an incomplete commit: whatever ran before may still run, so fence before the next start.
                pendingFencing.add(name);
            } else if (key.startsWith(TASK_COUNT_PREFIX)) {
                String name = key.substring(TASK_COUNT_PREFIX.length());
                if (value != null && value.path("task-count").canConvertToInt()) {
                    taskCountRecords.put(name, value.path("task-count").asInt());
                    pendingFencing.remove(name);
                } else {
                    LOG.warning("Ignoring task count record " + key + " at offset " + r.offset()
                            + ": no \"task-count\"");
                }
            } else if (key.startsWith("target-state-")) {
                String name = key.substring("target-state-".length());
                if (value == null) {
                    targetStates.remove(name);
                } else {
                    String state = value.hasNonNull("state.v2") ? value.get("state.v2").asText()
                            : value.path("state").asText("STARTED");
                    targetStates.put(name, state);
                }
                event = () -> listener.targetStateChanged(name);
            } else if (key.startsWith("restart-connector-") && value != null) {
                String name = key.substring("restart-connector-".length());
                boolean includeTasks = value.path("include-tasks").asBoolean(false);
                boolean onlyFailed = value.path("only-failed").asBoolean(false);
                event = () -> listener.restartRequested(name, includeTasks, onlyFailed);
            } else if (key.startsWith("restart-task-") && value != null) {
                String rest = key.substring("restart-task-".length());
                int dash = rest.lastIndexOf('-');
                if (dash > 0) {
                    String name = rest.substring(0, dash);
                    try {
                        int id = Integer.parseInt(rest.substring(dash + 1));
                        event = () -> listener.taskRestartRequested(name, id);
                    } catch (NumberFormatException e) {
                        LOG.warning("Ignoring config record with key " + key);
                    }
                }
            }
        }
        if (event != null) {
            event.run();
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> strings(JsonNode props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return out;
    }

    private void write(String key, Object value) {
        log.write(utf8(key), json(value));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * KIP-618 ({@code exactly.once.source.support} preparing or enabled): from now on the writes only the leader
     * makes (connector configs and removals, task configs and commits, task count records) go through this
     * transactional producer ({@code transactional.id} {@code connect-cluster-<group.id>}, initialized by the
     * caller: that fenced any earlier leader's), one transaction per write — so a leader that lost its place
     * (fenced by the new one) can no longer write. Target states and restart requests stay plain writes, as in
     * Apache's worker.
     */
    public void claimWritePrivileges(Producer<byte[], byte[]> leaderProducer) {
        synchronized (privileged) {
            relinquishWritePrivileges();
            this.leaderProducer = leaderProducer;
        }
    }

    /** Closes the leader's producer, if any; writes are plain again. */
    public void relinquishWritePrivileges() {
        synchronized (privileged) {
            closeLeaderProducer();
        }
    }

    private void closeLeaderProducer() {
        if (leaderProducer != null) {
            try {
                leaderProducer.close(java.time.Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warning("Closing the config topic's transactional producer failed: " + e);
            }
            leaderProducer = null;
        }
    }

    public boolean hasWritePrivileges() {
        synchronized (privileged) {
            return leaderProducer != null;
        }
    }

    /** A leader's write: in one transaction of the leader's producer when it has one, else plain writes. */
    private void writePrivileged(List<Map.Entry<String, Object>> records) {
        synchronized (privileged) {
            writePrivilegedLocked(records);
        }
    }

    private void writePrivilegedLocked(List<Map.Entry<String, Object>> records) {
        if (leaderProducer == null) {
            records.forEach(r -> write(r.getKey(), r.getValue()));
            return;
        }
        try {
            leaderProducer.beginTransaction();
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent =
                    new ArrayList<>();
            for (Map.Entry<String, Object> r : records) {
                sent.add(leaderProducer.send(new ProducerRecord<>(log.topic(), utf8(r.getKey()), json(r.getValue()))));
            }
            leaderProducer.commitTransaction();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            relinquishWritePrivileges();
            throw new ConnectException("This worker's writes to the config topic were fenced out by another "
                    + "worker (a newer leader): " + e, e);
        } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
            try {
                leaderProducer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                relinquishWritePrivileges();   // unusable: claimed anew by the herder
            }
            throw new ConnectException("Could not write to the config topic " + log.topic() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            relinquishWritePrivileges();
            throw new ConnectException("Interrupted writing to the config topic", e);
        }
    }

    public void putConnectorConfig(String name, Map<String, String> config) {
        writePrivileged(List.of(Map.entry("connector-" + name, Map.of("properties", config))));
    }

    public void removeConnector(String name) {
        List<Map.Entry<String, Object>> tombstones = new ArrayList<>();
        tombstones.add(new java.util.AbstractMap.SimpleEntry<>("connector-" + name, null));
        tombstones.add(new java.util.AbstractMap.SimpleEntry<>("target-state-" + name, null));
        writePrivileged(tombstones);
    }

    /** Writes the task configs, then their commit: readers switch to all of them at once. */
    public void putTaskConfigs(String name, List<Map<String, String>> configs) {
        List<Map.Entry<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            tasks.add(Map.entry("task-" + name + "-" + i, Map.of("properties", configs.get(i))));
        }
        if (!tasks.isEmpty()) {
            writePrivileged(tasks);
        }
        writePrivileged(List.of(Map.entry("commit-" + name, Map.of("tasks", configs.size()))));
    }

    /** STOPPED is written as Apache 3.5+ writes it: "PAUSED" for older readers, "STOPPED" in state.v2. */
    public void putTargetState(String name, String state) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", state.equals("STOPPED") ? "PAUSED" : state);
        v.put("state.v2", state);
        write("target-state-" + name, v);
    }

    /** KIP-618: the generation of {@code taskCount} tasks may now run; every older one is fenced. */
    public void putTaskCountRecord(String name, int taskCount) {
        writePrivileged(List.of(Map.entry(TASK_COUNT_PREFIX + name, Map.of("task-count", taskCount))));
    }

    public void requestRestart(String name, boolean includeTasks, boolean onlyFailed) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("include-tasks", includeTasks);
        v.put("only-failed", onlyFailed);
        write("restart-connector-" + name, v);
    }

    public void requestTaskRestart(String name, int task) {
        write("restart-task-" + name + "-" + task, Map.of());
    }

    public void readToEnd() {
        log.readToEnd(java.time.Duration.ofSeconds(60));
    }

    public void close() {
        relinquishWritePrivileges();
        if (log != null) {
            log.close();
        }
    }
}
