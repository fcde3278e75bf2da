package io.tributary.connect.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Distributed mode's statuses: {@code status.storage.topic} in Kafka Connect's layout — keys
 * {@code status-connector-<name>} and {@code status-task-<name>-<id>}, values
 * {@code {"state","trace","worker_id","generation"}} — written by the worker running each connector or task and
 * read by all, so any worker answers {@code /status} for the whole cluster.
 */
public final class KafkaStatusStore implements StatusStore {

    private static final Logger LOG = Logger.getLogger(KafkaStatusStore.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "status-connector-";
    private static final String TASK = "status-task-";

    private final Map<String, State> connectors = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, State>> tasks = new ConcurrentHashMap<>();
    private volatile int generation;
    private TopicLog log;

    public void attach(TopicLog log) {
        this.log = log;
    }

    /** The group generation this worker's writes carry. */
    public void generation(int generation) {
        this.generation = generation;
    }

    public void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        State state = r.value() == null ? null : parse(r.value());
        if (r.value() != null && state == null) {
            return; // unreadable is not a tombstone: keep what is known
        }
        if (key.startsWith(CONNECTOR)) {
            String name = key.substring(CONNECTOR.length());
            if (state == null) {
                connectors.remove(name);
            } else {
                connectors.put(name, state);
            }
        } else if (key.startsWith(TASK)) {
            String rest = key.substring(TASK.length());
            int dash = rest.lastIndexOf('-');
            if (dash <= 0) {
                return;
            }
            String name = rest.substring(0, dash);
            int id;
            try {
                id = Integer.parseInt(rest.substring(dash + 1));
            } catch (NumberFormatException e) {
                return;
            }
            if (state == null) {
                Map<Integer, State> m = tasks.get(name);
                if (m != null) {
                    m.remove(id);
                }
            } else {
                tasks.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(id, state);
            }
        }
    }

    private static State parse(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            return new State(n.path("state").asText(), n.path("worker_id").asText(null),
                    n.hasNonNull("trace") ? n.get("trace").asText() : null);
        } catch (IOException e) {
            LOG.warning("Ignoring a status record that is not JSON");
            return null;
        }
    }

    private byte[] value(State s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("state", s.state());
        v.put("trace", s.trace());
        v.put("worker_id", s.workerId());
        v.put("generation", generation);
        try {
            return JSON.writeValueAsBytes(v);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String key, byte[] value) {
        log.send(key.getBytes(StandardCharsets.UTF_8), value).isDone();
    }

    /**
     * An UNASSIGNED written by the worker that gave a connector or task up must not hide the RUNNING of the worker
     * that took it over (Kafka's "safe" status write).
     */
    private static boolean supersedes(State next, State current) {
        return !"UNASSIGNED".equals(next.state()) || current == null
                || java.util.Objects.equals(current.workerId(), next.workerId());
    }

    @Override
    public void putConnector(String connector, State state) {
        if (!supersedes(state, connectors.get(connector))) {
            return;
        }
        connectors.put(connector, state);
        send(CONNECTOR + connector, value(state));
    }

    @Override
    public void putTask(String connector, int task, State state) {
        if (!supersedes(state, tasks.getOrDefault(connector, Map.of()).get(task))) {
            return;
        }
        tasks.computeIfAbsent(connector, k -> new ConcurrentHashMap<>()).put(task, state);
        send(TASK + connector + "-" + task, value(state));
    }

    @Override
    public State connector(String connector) {
        return connectors.get(connector);
    }

    @Override
    public Map<Integer, State> tasks(String connector) {
        return new TreeMap<>(tasks.getOrDefault(connector, Map.of()));
    }

    @Override
    public void remove(String connector) {
        connectors.remove(connector);
        Map<Integer, State> gone = tasks.remove(connector);
        send(CONNECTOR + connector, null);
        if (gone != null) {
            gone.keySet().forEach(id -> send(TASK + connector + "-" + id, null));
        }
    }

    public void close() {
        if (log != null) {
            log.flush();
            log.close();
        }
    }
}
