package io.tributary.connect.herder;

import io.tributary.connect.storage.StatusStore;
import io.tributary.connect.worker.ConnectorConfig;
import io.tributary.connect.worker.TargetState;
import io.tributary.connect.worker.Worker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Standalone mode: this one worker runs every connector. Configs come from the command line and the REST API and
 * live in memory (as in Apache's standalone mode, a restart runs what the command line names); source offsets
 * live in {@code offset.storage.file.filename}. Every change runs under one lock, so requests never interleave.
 */
public final class StandaloneHerder extends WorkerHerder
        implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StandaloneHerder.class.getName());

    private static final class Entry {
        Map<String, String> config;
        TargetState target = TargetState.STARTED;
        List<Map<String, String>> taskConfigs = List.of();
        ConnectorType type;
    }

    private final StatusStore statuses;
    private final ConnectorOffsets offsets;
    private final Map<String, Entry> connectors = new LinkedHashMap<>();
    /** Task reconfiguration requests arrive on connector threads; they are served here, outside those threads. */
    private final ExecutorService reconfigurations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "connect-herder-reconfigure");
        t.setDaemon(true);
        return t;
    });

    public StandaloneHerder(Worker worker, StatusStore statuses, WorkerInfo workerInfo) {
        super(worker, workerInfo);
        this.statuses = statuses;
        this.offsets = new ConnectorOffsets(worker);
    }

    @Override
    public synchronized List<String> connectors() {
        return List.copyOf(new TreeMap<>(connectors).keySet());
    }

    private Entry entry(String name) {
        Entry e = connectors.get(name);
        if (e == null) {
            throw HerderException.notFound(name);
        }
        return e;
    }

    @Override
    public synchronized ConnectorInfo connectorInfo(String name) {
        Entry e = entry(name);
        List<ConnectorInfo.TaskId> ids = new ArrayList<>();
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            ids.add(new ConnectorInfo.TaskId(name, i));
        }
        return new ConnectorInfo(name, e.config, ids, e.type);
    }

    @Override
    public synchronized Map<String, String> connectorConfig(String name) {
        return entry(name).config;
    }

    @Override
    public synchronized Created createConnector(String name, Map<String, String> config, String initialState) {
        return put(name, config, false, TargetState.valueOf(initialState.equals("RUNNING") ? "STARTED" : initialState));
    }

    @Override
    public synchronized Created putConnectorConfig(String name, Map<String, String> config, boolean allowReplace) {
        return put(name, config, allowReplace, TargetState.STARTED);
    }

    /** Creates (in {@code initial}) or reconfigures (keeping its target state) a connector. */
    private Created put(String name, Map<String, String> config, boolean allowReplace, TargetState initial) {
        Map<String, String> withName = new HashMap<>(config);
        withName.put(ConnectorConfig.NAME, name);
        Entry existing = connectors.get(name);
        if (existing != null && !allowReplace) {
            throw HerderException.conflict("Connector " + name + " already exists");
        }
        ConfigInfos infos = validation.validate(withName);
        ConfigValidation.requireValid(infos);
        Entry e = existing != null ? existing : new Entry();
        if (existing == null) {
            e.target = initial;
        }
        if (existing != null) {
            stopConnectorAndTasks(name);
        }
        e.config = Map.copyOf(withName);
        e.type = Worker.typeOf(worker.newConnector(withName.get(ConnectorConfig.CONNECTOR_CLASS)));
        connectors.put(name, e);
        startConnectorAndTasks(name, e);
        LOG.info((existing == null ? "Created" : "Reconfigured") + " connector " + name);
        return new Created(existing == null, connectorInfo(name));
    }

    @Override
    public synchronized ConnectorInfo patchConnectorConfig(String name, Map<String, String> patch) {
        Map<String, String> merged = new HashMap<>(entry(name).config);
        patch.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return putConnectorConfig(name, merged, true).info();
    }

    private void startConnectorAndTasks(String name, Entry e) {
        if (!worker.startConnector(name, e.config, e.target, () -> requestReconfiguration(name))) {
            e.taskConfigs = List.of();
            return;
        }
        if (e.target == TargetState.STOPPED) {
            e.taskConfigs = List.of();
            return;
        }
        startTasks(name, e);
    }

    private void startTasks(String name, Entry e) {
        List<Map<String, String>> configs = worker.taskConfigs(name, e.config);
        e.taskConfigs = configs == null ? List.of() : configs;
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            worker.startTask(name, i, e.config, e.taskConfigs.get(i), e.target);
        }
    }

    private void stopConnectorAndTasks(String name) {
        worker.stopTasks(name);
        worker.stopConnector(name, true);
    }

    private void requestReconfiguration(String name) {
        reconfigurations.execute(() -> {
            synchronized (this) {
                Entry e = connectors.get(name);
                if (e == null || e.target == TargetState.STOPPED || !worker.isRunning(name)) {
                    return;
                }
                List<Map<String, String>> fresh = worker.taskConfigs(name, e.config);
                if (fresh == null || fresh.equals(e.taskConfigs)) {
                    return;
                }
                LOG.info("Task configurations of " + name + " changed; restarting its tasks");
                worker.stopTasks(name);
                startTasks(name, e);
            }
        });
    }

    @Override
    public synchronized void deleteConnector(String name) {
        entry(name);
        stopConnectorAndTasks(name);
        connectors.remove(name);
        statuses.remove(name);
        LOG.info("Deleted connector " + name);
    }

    @Override
    public synchronized ConnectorStatus connectorStatus(String name) {
        Entry e = entry(name);
        StatusStore.State c = statuses.connector(name);
        ConnectorStatus.ConnectorState cs = c == null
                ? new ConnectorStatus.ConnectorState("UNASSIGNED", worker.workerId(), null)
                : new ConnectorStatus.ConnectorState(c.state(), c.workerId(), c.trace());
        Map<Integer, StatusStore.State> taskStates = statuses.tasks(name);
        List<ConnectorStatus.TaskState> tasks = new ArrayList<>();
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            StatusStore.State t = taskStates.get(i);
            tasks.add(t == null ? new ConnectorStatus.TaskState(i, "UNASSIGNED", worker.workerId(), null)
                    : new ConnectorStatus.TaskState(i, t.state(), t.workerId(), t.trace()));
        }
        return new ConnectorStatus(name, cs, tasks, e.type);
    }

    @Override
    public synchronized ConnectorStatus.TaskState taskStatus(String connector, int task) {
        for (ConnectorStatus.TaskState t : connectorStatus(connector).tasks()) {
            if (t.id() == task) {
                return t;
            }
        }
        throw new HerderException(404, "No status found for task " + connector + "-" + task);
    }

    @Override
    public synchronized List<TaskConfig> taskConfigs(String name) {
        Entry e = entry(name);
        List<TaskConfig> out = new ArrayList<>();
        for (int i = 0; i < e.taskConfigs.size(); i++) {
            out.add(new TaskConfig(new ConnectorInfo.TaskId(name, i), e.taskConfigs.get(i)));
        }
        return out;
    }

    @Override
    public synchronized ConnectorStatus restartConnector(String name, boolean includeTasks, boolean onlyFailed) {
        Entry e = entry(name);
        ConnectorStatus before = connectorStatus(name);
        boolean connectorToo = !onlyFailed || "FAILED".equals(before.connector().state());
        List<Integer> taskIds = new ArrayList<>();
        if (includeTasks) {
            for (ConnectorStatus.TaskState t : before.tasks()) {
                if (!onlyFailed || "FAILED".equals(t.state())) {
                    taskIds.add(t.id());
                }
            }
        }
        if (connectorToo) {
            if (taskIds.size() == before.tasks().size() && includeTasks) {
                stopConnectorAndTasks(name);
                startConnectorAndTasks(name, e);
                taskIds.clear();
            } else {
                worker.stopConnector(name, true);
                worker.startConnector(name, e.config, e.target, () -> requestReconfiguration(name));
            }
        }
        for (int id : taskIds) {
            worker.stopTask(name, id);
            if (id < e.taskConfigs.size()) {
                worker.startTask(name, id, e.config, e.taskConfigs.get(id), e.target);
            }
        }
        if (!includeTasks && !onlyFailed) {
            return null;
        }
        return before.restarting(includeTasks, onlyFailed);
    }

    @Override
    public synchronized void restartTask(String connector, int task) {
        Entry e = entry(connector);
        if (task < 0 || task >= e.taskConfigs.size()) {
            throw new HerderException(404, "Task " + connector + "-" + task + " not found");
        }
        worker.stopTask(connector, task);
        worker.startTask(connector, task, e.config, e.taskConfigs.get(task), e.target);
    }

    @Override
    public synchronized void pauseConnector(String name) {
        Entry e = entry(name);
        if (e.target == TargetState.STOPPED) {
            // Kafka pauses a stopped connector without starting it: it stays down, now marked PAUSED.
            e.target = TargetState.PAUSED;
            statuses.putConnector(name, new StatusStore.State("PAUSED", worker.workerId(), null));
            return;
        }
        e.target = TargetState.PAUSED;
        worker.setTargetState(name, TargetState.PAUSED);
    }

    @Override
    public synchronized void resumeConnector(String name) {
        Entry e = entry(name);
        TargetState was = e.target;
        e.target = TargetState.STARTED;
        if (was == TargetState.STOPPED || !worker.isRunning(name)) {
            stopConnectorAndTasks(name);
            startConnectorAndTasks(name, e);
        } else {
            worker.setTargetState(name, TargetState.STARTED);
        }
    }

    @Override
    public synchronized void stopConnector(String name) {
        Entry e = entry(name);
        e.target = TargetState.STOPPED;
        stopConnectorAndTasks(name);
        e.taskConfigs = List.of();
        statuses.remove(name);
        worker.reportStopped(name);
    }

    @Override
    public synchronized List<ConnectorOffset> offsets(String name) {
        return offsets.list(name, entry(name).type);
    }

    @Override
    public synchronized String alterOffsets(String name, List<ConnectorOffset> changes) {
        return offsets.alter(name, requireStopped(name).type, changes);
    }

    @Override
    public synchronized String resetOffsets(String name) {
        return offsets.reset(name, requireStopped(name).type);
    }

    private Entry requireStopped(String name) {
        Entry e = entry(name);
        if (e.target != TargetState.STOPPED) {
            throw ConnectorOffsets.notStopped(name);
        }
        return e;
    }

    @Override
    public synchronized List<String> activeTopics(String name) {
        entry(name);
        return worker.activeTopics(name);
    }

    @Override
    public synchronized void resetActiveTopics(String name) {
        entry(name);
        worker.resetActiveTopics(name);
    }

    @Override
    public synchronized void close() {
        reconfigurations.shutdownNow();
        worker.close();
    }
}
