package io.tributary.connect.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Distributed mode's connector configs in {@code config.storage.topic} (one partition), in Kafka Connect's record
 * layout so Apache's tools and workers read the same topic: {@code connector-<name>} → {"properties": {...}} (a
 * tombstone deletes), {@code task-<name>-<n>} → {"properties": {...}}, {@code commit-<name>} → {"tasks": N} (task
 * configs take effect only at their commit, all at once), {@code target-state-<name>} → {"state", "state.v2"}
 * (STARTED, PAUSED, STOPPED), {@code restart-connector-<name>} → {"include-tasks", "only-failed"}. A task restart,
 * which Apache forwards over REST instead, is {@code restart-task-<name>-<n>} → {} here.
 */
public final class ConfigLog {

    private static final Logger LOG = Logger.getLogger(ConfigLog.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

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
                           Map<String, List<Map<String, String>>> tasks, Map<String, String> targetStates) {

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
    private final Listener listener;
    private long offset = -1;
    private TopicLog log;

    public ConfigLog(Listener listener) {
        this.listener = listener;
    }

    public void attach(TopicLog log) {
        this.log = log;
    }

    public synchronized Snapshot snapshot() {
        Map<String, List<Map<String, String>>> t = new HashMap<>();
        tasks.forEach((k, v) -> t.put(k, List.copyOf(v)));
        return new Snapshot(offset, Map.copyOf(connectors), t, Map.copyOf(targetStates));
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
                    event = () -> listener.tasksCommitted(name);
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
        try {
            log.write(key.getBytes(StandardCharsets.UTF_8), value == null ? null : JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void putConnectorConfig(String name, Map<String, String> config) {
        write("connector-" + name, Map.of("properties", config));
    }

    public void removeConnector(String name) {
        write("connector-" + name, null);
        write("target-state-" + name, null);
    }

    /** Writes the task configs, then their commit: readers switch to all of them at once. */
    public void putTaskConfigs(String name, List<Map<String, String>> configs) {
        for (int i = 0; i < configs.size(); i++) {
            write("task-" + name + "-" + i, Map.of("properties", configs.get(i)));
        }
        write("commit-" + name, Map.of("tasks", configs.size()));
    }

    /** STOPPED is written as Apache 3.5+ writes it: "PAUSED" for older readers, "STOPPED" in state.v2. */
    public void putTargetState(String name, String state) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", state.equals("STOPPED") ? "PAUSED" : state);
        v.put("state.v2", state);
        write("target-state-" + name, v);
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
        if (log != null) {
            log.close();
        }
    }
}
