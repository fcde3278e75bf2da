package io.tributary.connect.rest;

import io.tributary.connect.herder.ConfigInfos;
import io.tributary.connect.herder.ConnectorInfo;
import io.tributary.connect.herder.ConnectorOffset;
import io.tributary.connect.herder.ConnectorStatus;
import io.tributary.connect.herder.ConnectorType;
import io.tributary.connect.herder.Created;
import io.tributary.connect.herder.Herder;
import io.tributary.connect.herder.HerderException;
import io.tributary.connect.herder.NotLeaderException;
import io.tributary.connect.herder.PluginDesc;
import io.tributary.connect.herder.TaskConfig;
import io.tributary.connect.herder.WorkerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Herder in memory, for the REST layer's tests: connectors with one task each, states, offsets and topics kept in
 * maps, every call recorded. {@link #notLeader(String)} makes every write throw {@link NotLeaderException} as a
 * follower's herder does.
 */
final class InMemoryHerder implements Herder {

    static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    private final String workerId;
    private final Map<String, Map<String, String>> configs = new TreeMap<>();
    private final Map<String, String> states = new TreeMap<>();
    private final Map<String, List<ConnectorOffset>> offsets = new TreeMap<>();
    private final Map<String, List<String>> topics = new TreeMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean leader = true;
    private volatile String leaderUrl;
    /** A failure every call throws, to test how unforeseen exceptions are answered. */
    volatile RuntimeException failWith;

    InMemoryHerder(String workerId) {
        this.workerId = workerId;
    }

    /** Every write from now on throws {@code NotLeaderException(leaderUrl)}; null: no leader known. */
    void notLeader(String leaderUrl) {
        this.leader = false;
        this.leaderUrl = leaderUrl;
    }

    synchronized void reset() {
        configs.clear();
        states.clear();
        offsets.clear();
        topics.clear();
        calls.clear();
        leader = true;
        leaderUrl = null;
        failWith = null;
    }

    private void call(String what) {
        calls.add(what);
        if (failWith != null) {
            throw failWith;
        }
    }

    private void write(String what) {
        call(what);
        if (!leader) {
            throw new NotLeaderException(leaderUrl);
        }
    }

    private Map<String, String> existing(String name) {
        Map<String, String> config = configs.get(name);
        if (config == null) {
            throw HerderException.notFound(name);
        }
        return config;
    }

    private static ConnectorType type(Map<String, String> config) {
        return config.getOrDefault("connector.class", "").contains("Sink") ? ConnectorType.SINK : ConnectorType.SOURCE;
    }

    @Override
    public WorkerInfo workerInfo() {
        call("workerInfo");
        return new WorkerInfo("4.3.1", "abcdef0123456789", "cluster-1");
    }

    @Override
    public synchronized List<String> connectors() {
        call("connectors");
        return new ArrayList<>(configs.keySet());
    }

    @Override
    public synchronized ConnectorInfo connectorInfo(String name) {
        call("connectorInfo " + name);
        Map<String, String> config = existing(name);
        return new ConnectorInfo(name, config, List.of(new ConnectorInfo.TaskId(name, 0)), type(config));
    }

    @Override
    public synchronized Map<String, String> connectorConfig(String name) {
        call("connectorConfig " + name);
        return existing(name);
    }

    @Override
    public synchronized Created createConnector(String name, Map<String, String> config, String initialState) {
        Created created = putConnectorConfig(name, config, false);
        states.put(name, initialState.equals("STOPPED") ? "STOPPED" : initialState.equals("PAUSED") ? "PAUSED"
                : "RUNNING");
        return created;
    }

    @Override
    public synchronized Created putConnectorConfig(String name, Map<String, String> config, boolean allowReplace) {
        write("putConnectorConfig " + name + " " + allowReplace);
        if (!config.containsKey("connector.class")) {
            throw HerderException.badRequest("Connector config " + config + " contains no connector type");
        }
        boolean exists = configs.containsKey(name);
        if (exists && !allowReplace) {
            throw HerderException.conflict("Connector " + name + " already exists");
        }
        configs.put(name, new LinkedHashMap<>(config));
        states.putIfAbsent(name, "RUNNING");
        topics.putIfAbsent(name, new ArrayList<>(List.of("topic-" + name)));
        return new Created(!exists, connectorInfo(name));
    }

    @Override
    public synchronized ConnectorInfo patchConnectorConfig(String name, Map<String, String> patch) {
        write("patchConnectorConfig " + name);
        Map<String, String> config = new LinkedHashMap<>(existing(name));
        patch.forEach((k, v) -> {
            if (v == null) {
                config.remove(k);
            } else {
                config.put(k, v);
            }
        });
        configs.put(name, config);
        return connectorInfo(name);
    }

    @Override
    public synchronized void deleteConnector(String name) {
        write("deleteConnector " + name);
        existing(name);
        configs.remove(name);
        states.remove(name);
    }

    @Override
    public synchronized ConnectorStatus connectorStatus(String name) {
        call("connectorStatus " + name);
        Map<String, String> config = existing(name);
        String state = states.get(name);
        return new ConnectorStatus(name, new ConnectorStatus.ConnectorState(state, workerId, null),
                List.of(new ConnectorStatus.TaskState(0, state, workerId, null)), type(config));
    }

    @Override
    public synchronized ConnectorStatus.TaskState taskStatus(String connector, int task) {
        call("taskStatus " + connector + " " + task);
        existing(connector);
        if (task != 0) {
            throw new HerderException(404, "No status found for task " + connector + "-" + task);
        }
        return new ConnectorStatus.TaskState(0, states.get(connector), workerId, null);
    }

    @Override
    public synchronized List<TaskConfig> taskConfigs(String name) {
        call("taskConfigs " + name);
        Map<String, String> config = existing(name);
        return List.of(new TaskConfig(new ConnectorInfo.TaskId(name, 0), Map.of("task.class",
                config.get("connector.class").replace("Connector", "Task"))));
    }

    @Override
    public synchronized ConnectorStatus restartConnector(String name, boolean includeTasks, boolean onlyFailed) {
        write("restartConnector " + name + " " + includeTasks + " " + onlyFailed);
        existing(name);
        ConnectorStatus s = connectorStatus(name);
        return new ConnectorStatus(name, new ConnectorStatus.ConnectorState("RESTARTING", workerId, null),
                includeTasks ? List.of(new ConnectorStatus.TaskState(0, "RESTARTING", workerId, null)) : s.tasks(),
                s.type());
    }

    @Override
    public synchronized void restartTask(String connector, int task) {
        write("restartTask " + connector + " " + task);
        existing(connector);
    }

    @Override
    public synchronized void fenceZombies(String name) {
        write("fenceZombies " + name);
        existing(name);
    }

    @Override
    public synchronized void pauseConnector(String name) {
        write("pauseConnector " + name);
        existing(name);
        states.put(name, "PAUSED");
    }

    @Override
    public synchronized void resumeConnector(String name) {
        write("resumeConnector " + name);
        existing(name);
        states.put(name, "RUNNING");
    }

    @Override
    public synchronized void stopConnector(String name) {
        write("stopConnector " + name);
        existing(name);
        states.put(name, "STOPPED");
    }

    @Override
    public synchronized List<ConnectorOffset> offsets(String name) {
        call("offsets " + name);
        existing(name);
        return offsets.getOrDefault(name, List.of());
    }

    @Override
    public synchronized String alterOffsets(String name, List<ConnectorOffset> altered) {
        write("alterOffsets " + name);
        existing(name);
        if (!"STOPPED".equals(states.get(name))) {
            throw HerderException.badRequest("Connectors must be in the STOPPED state before their offsets can be "
                    + "modified. This can be done for the specified connector by issuing a 'PUT' request to the "
                    + "'/connectors/" + name + "/stop' endpoint");
        }
        offsets.put(name, List.copyOf(altered));
        return "The offsets for this connector have been altered successfully";
    }

    @Override
    public synchronized String resetOffsets(String name) {
        write("resetOffsets " + name);
        existing(name);
        offsets.remove(name);
        return "The offsets for this connector have been reset successfully";
    }

    @Override
    public synchronized List<String> activeTopics(String name) {
        call("activeTopics " + name);
        existing(name);
        return topics.getOrDefault(name, List.of());
    }

    @Override
    public synchronized void resetActiveTopics(String name) {
        call("resetActiveTopics " + name);
        existing(name);
        topics.put(name, new ArrayList<>());
    }

    @Override
    public List<PluginDesc> plugins(boolean connectorsOnly) {
        call("plugins " + connectorsOnly);
        List<PluginDesc> out = new ArrayList<>(List.of(new PluginDesc(SINK, ConnectorType.SINK, "4.3.1"),
                new PluginDesc(SOURCE, ConnectorType.SOURCE, "4.3.1")));
        if (!connectorsOnly) {
            out.add(new PluginDesc("org.apache.kafka.connect.transforms.InsertField$Value",
                    ConnectorType.TRANSFORMATION, "4.3.1"));
        }
        return out;
    }

    @Override
    public ConfigInfos validate(String pluginClassOrAlias, Map<String, String> config) {
        call("validate " + pluginClassOrAlias);
        boolean hasFile = config.containsKey("file");
        ConfigInfos.ConfigKeyInfo key = fileKey();
        return new ConfigInfos(pluginClassOrAlias, hasFile ? 0 : 1, List.of("Common"), List.of(
                new ConfigInfos.ConfigInfo(key, new ConfigInfos.ConfigValueInfo("file", config.get("file"),
                        List.of(), hasFile ? List.of() : List.of("Missing required configuration \"file\""), true))));
    }

    @Override
    public List<ConfigInfos.ConfigKeyInfo> pluginConfig(String pluginClassOrAlias) {
        call("pluginConfig " + pluginClassOrAlias);
        if (!pluginClassOrAlias.contains("FileStream")) {
            throw new HerderException(404, "Unknown plugin " + pluginClassOrAlias + ".");
        }
        return List.of(fileKey());
    }

    private static ConfigInfos.ConfigKeyInfo fileKey() {
        return new ConfigInfos.ConfigKeyInfo("file", "STRING", true, null, "HIGH", "Source filename.", null, -1,
                "NONE", "file", List.of());
    }
}
