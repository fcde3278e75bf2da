package io.tributary.connect.distributed;

import io.tributary.connect.herder.ConfigValidation;
import io.tributary.connect.herder.ConnectorInfo;
import io.tributary.connect.herder.ConnectorOffsets;
import io.tributary.connect.herder.ConnectorOffset;
import io.tributary.connect.herder.ConnectorStatus;
import io.tributary.connect.herder.ConnectorType;
import io.tributary.connect.herder.Created;
import io.tributary.connect.herder.Herder;
import io.tributary.connect.herder.HerderException;
import io.tributary.connect.herder.NotLeaderException;
import io.tributary.connect.herder.TaskConfig;
import io.tributary.connect.herder.WorkerInfo;
import io.tributary.connect.herder.WorkerHerder;
import io.tributary.connect.storage.ConfigLog;
import io.tributary.connect.storage.StatusStore;
import io.tributary.connect.worker.ConnectorConfig;
import io.tributary.connect.worker.ExactlyOnceStart;
import io.tributary.connect.worker.TargetState;
import io.tributary.connect.worker.Worker;
import io.tributary.connect.worker.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Distributed mode: workers sharing a {@code group.id} form one Connect cluster. Configs live in the config topic
 * (written by the group's leader; a write arriving at another worker is forwarded there by the REST layer), the
 * leader plans who runs which connector and task, and each worker runs its share, reconciling what it runs with
 * the config log and its assignment on one thread of its own ({@code connect-herder}).
 */
public final class DistributedHerder extends WorkerHerder
        implements ConfigLog.Listener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DistributedHerder.class.getName());

    private final StatusStore statuses;
    private final ConfigLog configLog;
    private final ConnectorOffsets offsets;
    private final AssignmentPlanner planner;
    private WorkerGroup group;
    private final Thread thread;
    private volatile boolean stopping;
    private final AtomicBoolean dirty = new AtomicBoolean(true);
    private final java.util.Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final Object writeLock = new Object();
    private final LeaderClient leaderClient;

    // Herder thread only: what this worker runs, and with which config.
    private final Map<String, Map<String, String>> runningConnectors = new HashMap<>();
    private final Map<String, String> appliedTargets = new HashMap<>();
    private final Map<String, Map<String, String>> runningTasks = new HashMap<>();
    /** The task generation each exactly-once source task was started in. */
    private final Map<String, Integer> exactlyOnceGenerations = new HashMap<>();
    private Set<String> planned = Set.of();
    /** A new plan was asked for and none has been made since (herder thread only). */
    private boolean replanAsked;


    /** Reads configs through {@link #configLog()}, which the caller attaches to the config topic. */
    /** @param leaderCalls HTTP client builder (with the REST API's TLS) for what this worker asks of the leader */
    public DistributedHerder(Worker worker, StatusStore statuses, WorkerInfo workerInfo,
                             long scheduledRebalanceMaxDelayMs, java.net.http.HttpClient.Builder leaderCalls) {
        super(worker, workerInfo);
        this.leaderClient = new LeaderClient(leaderCalls);
        this.statuses = statuses;
        this.configLog = new ConfigLog(this);
        this.offsets = new ConnectorOffsets(worker);
        this.planner = new AssignmentPlanner(scheduledRebalanceMaxDelayMs);
        this.thread = new Thread(this::run, "connect-herder");
        validation.distributedMode();
    }

    public ConfigLog configLog() {
        return configLog;
    }

    /** Joins the group (which the caller built around {@link #plan}) and starts the herder's thread. */
    public void start(WorkerGroup group) {
        this.group = group;
        thread.start();
    }

    /** Waits for this worker's first assignment: until then it cannot say who leads. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (group.assignment() == null) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The leader's planning, called by the group inside a poll on the herder's thread. */
    public Map<String, Assignment> plan(Map<String, Member> members, String leaderId) {
        ConfigLog.Snapshot s = configLog.snapshot();
        List<String> connectors = new ArrayList<>(s.connectors().keySet());
        List<String> tasks = new ArrayList<>();
        for (String c : connectors) {
            for (int i = 0; i < s.taskCount(c); i++) {
                tasks.add(Assignment.taskKey(c, i));
            }
        }
        Map<String, Assignment> plan = planner.plan(members, connectors, tasks, leaderId, s.offset(),
                System.currentTimeMillis());
        Set<String> all = new HashSet<>();
        plan.values().forEach(a -> {
            a.connectors().forEach(c -> all.add("c:" + c));
            a.tasks().forEach(t -> all.add("t:" + t));
        });
        planned = all;
        replanAsked = false;
        LOG.info("Planned " + connectors.size() + " connectors and " + tasks.size() + " tasks over "
                + members.size() + " workers");
        return plan;
    }

    /** What this worker runs, for its group subscription. */
    public List<String> ownConnectors() {
        return List.copyOf(runningConnectorsView);
    }

    public List<String> ownTasks() {
        return List.copyOf(runningTasksView);
    }

    private final Set<String> runningConnectorsView = ConcurrentHashMap.newKeySet();
    private final Set<String> runningTasksView = ConcurrentHashMap.newKeySet();

    private void run() {
        while (!stopping) {
            try {
                Assignment a = group.poll(Duration.ofMillis(pollTimeout()));
                if (stopping) {
                    break;
                }
                if (a != null) {
                    LOG.info("Assigned connectors " + a.connectors() + " and tasks " + a.tasks() + " (leader "
                            + a.leaderUrl() + ", generation " + group.generation() + ")");
                    if (statuses instanceof io.tributary.connect.storage.KafkaStatusStore k) {
                        k.generation(group.generation());
                    }
                    if (configLog.snapshot().offset() < a.configOffset()) {
                        configLog.readToEnd();
                    }
                    dirty.set(true);
                }
                maintainWritePrivileges();
                for (Runnable r; (r = requests.poll()) != null; ) {
                    r.run();
                }
                if (dirty.getAndSet(false)) {
                    reconcile();
                }
                if (group.isLeader()) {
                    rebalanceIfPlanIsStale();
                }
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.log(Level.SEVERE, "Herder iteration failed; retrying", e);
                    dirty.set(true);
                    sleep(1000);
                }
            }
        }
    }

    private long pollTimeout() {
        long deadline = planner.nextDeadline();
        if (deadline < 0) {
            return 1000;
        }
        return Math.max(10, Math.min(1000, deadline - System.currentTimeMillis()));
    }

    /**
     * KIP-618 ({@code exactly.once.source.support} preparing or enabled): the leader writes the config topic through
     * the transactional producer {@code connect-cluster-<group.id>}, as Apache's leader does; initializing it fences
     * the producer of any earlier leader. Claimed when this worker becomes the leader (again after a write of it was
     * fenced), released when it no longer is.
     */
    private void maintainWritePrivileges() {
        if (!worker.config().transactionalLeaderEnabled()) {
            return;
        }
        boolean leader = group.isLeader();
        if (leader && !configLog.hasWritePrivileges()) {
            String id = transactionalLeaderId(worker.config().required(WorkerConfig.GROUP_ID));
            Map<String, Object> p = new HashMap<>(worker.config().clientSecurity());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, worker.config().bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "connect-" + worker.workerId() + "-configs-leader");
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
            try {
                producer.initTransactions();
            } catch (RuntimeException e) {
                producer.close(Duration.ZERO);
                LOG.log(Level.WARNING, "Could not claim write privileges for the config topic (transactional.id "
                        + id + "); writes stay plain until the next attempt", e);
                return;
            }
            configLog.claimWritePrivileges(producer);
            LOG.info("Claimed write privileges for the config topic (transactional.id " + id + ")");
        } else if (!leader && configLog.hasWritePrivileges()) {
            configLog.relinquishWritePrivileges();
            LOG.info("Relinquished write privileges for the config topic: this worker no longer leads");
        }
    }

    /** Apache's {@code transactional.id} of the leader's config topic producer: {@code connect-cluster-<group.id>}. */
    public static String transactionalLeaderId(String groupId) {
        return "connect-cluster-" + groupId;
    }

    /** The leader asks for a new plan when connectors or task counts changed, or held-back work is due. */
    private void rebalanceIfPlanIsStale() {
        ConfigLog.Snapshot s = configLog.snapshot();
        Set<String> expected = new HashSet<>();
        for (String c : s.connectors().keySet()) {
            expected.add("c:" + c);
            for (int i = 0; i < s.taskCount(c); i++) {
                expected.add("t:" + Assignment.taskKey(c, i));
            }
        }
        long deadline = planner.nextDeadline();
        boolean heldBackDue = deadline >= 0 && deadline <= System.currentTimeMillis();
        expected.removeAll(planner.heldBack());   // waiting for their worker: not planned on purpose
        boolean changed = !expected.equals(planned);
        if (changed || heldBackDue) {
            if (!replanAsked) {
                LOG.info("Connectors or tasks changed; asking the group for a new plan");
                replanAsked = true;
            }
            // Asked again at every pass until a plan covers it: a request made while a rebalance is already under
            // way is dropped by the consumer, and that rebalance may have planned with the older config.
            group.rebalance();
        }
    }

    /** Makes what this worker runs match its assignment and the config log. Herder thread only. */
    private void reconcile() {
        Assignment a = group.assignment();
        if (a == null) {
            return;
        }
        ConfigLog.Snapshot s = configLog.snapshot();
        // Tasks first: a connector reported STOPPED has no task of its still running here.
        reconcileTasks(a, s);
        Set<String> ownConnectors = new HashSet<>(a.connectors());
        for (String c : List.copyOf(runningConnectors.keySet())) {
            Map<String, String> config = s.connectors().get(c);
            if (!ownConnectors.contains(c) || config == null || !config.equals(runningConnectors.get(c))
                    || "STOPPED".equals(s.targetState(c))) {
                worker.stopConnector(c, config != null && !"STOPPED".equals(s.targetState(c)));
                runningConnectors.remove(c);
                runningConnectorsView.remove(c);
                appliedTargets.remove(c);
            }
        }
        for (String c : a.connectors()) {
            Map<String, String> config = s.connectors().get(c);
            if (config == null) {
                continue;
            }
            String target = s.targetState(c);
            if (target.equals("STOPPED")) {
                worker.reportStopped(c);
                if (s.taskCount(c) > 0) {
                    configLog.putTaskConfigs(c, List.of());
                }
                continue;
            }
            if (!runningConnectors.containsKey(c)) {
                worker.startConnector(c, config, TargetState.valueOf(target), () -> requestReconfiguration(c));
                runningConnectors.put(c, config);
                runningConnectorsView.add(c);
                appliedTargets.put(c, target);
                regenerateTasks(c, config);
            } else if (!target.equals(appliedTargets.get(c))) {
                worker.setTargetState(c, TargetState.valueOf(target));
                appliedTargets.put(c, target);
            }
        }
    }

    private void reconcileTasks(Assignment a, ConfigLog.Snapshot s) {
        Set<String> own = new HashSet<>(a.tasks());
        for (String t : List.copyOf(runningTasks.keySet())) {
            Map<String, String> config = taskConfig(s, t);
            boolean stopped = "STOPPED".equals(s.targetState(Assignment.connectorOf(t)));
            // An exactly-once task of an older generation is restarted even with the same config, as Apache's
            // worker restarts every task of a new generation: the leader fences the older generation's producers.
            Integer generation = exactlyOnceGenerations.get(t);
            boolean olderGeneration = generation != null
                    && generation != s.taskGeneration(Assignment.connectorOf(t));
            if (!own.contains(t) || config == null || stopped || !config.equals(runningTasks.get(t))
                    || olderGeneration) {
                worker.stopTask(Assignment.connectorOf(t), Assignment.taskOf(t));
                runningTasks.remove(t);
                runningTasksView.remove(t);
                exactlyOnceGenerations.remove(t);
            }
        }
        for (String t : a.tasks()) {
            String c = Assignment.connectorOf(t);
            Map<String, String> config = taskConfig(s, t);
            if (config == null || runningTasks.containsKey(t) || s.connectors().get(c) == null
                    || "STOPPED".equals(s.targetState(c))) {
                continue;
            }
            Map<String, String> connectorConfig = s.connectors().get(c);
            TargetState state = TargetState.valueOf(s.targetState(c));
            if (worker.exactlyOnceSourceEnabled() && typeOf(connectorConfig) == ConnectorType.SOURCE) {
                startExactlyOnceSourceTask(c, Assignment.taskOf(t), connectorConfig, config, state,
                        s.taskGeneration(c));
                exactlyOnceGenerations.put(t, s.taskGeneration(c));
            } else {
                worker.startTask(c, Assignment.taskOf(t), connectorConfig, config, state);
            }
            runningTasks.put(t, config);
            runningTasksView.add(t);
        }
        // A task's pause or resume follows its connector's target state, wherever the connector runs.
        Set<String> connectorsOfTasks = new HashSet<>();
        runningTasks.keySet().forEach(t -> connectorsOfTasks.add(Assignment.connectorOf(t)));
        for (String c : connectorsOfTasks) {
            if (!runningConnectors.containsKey(c)) {
                String target = s.targetState(c);
                if (!target.equals(appliedTargets.get("tasks:" + c))) {
                    worker.setTargetState(c, TargetState.valueOf(target));
                    appliedTargets.put("tasks:" + c, target);
                }
            }
        }
    }

    /**
     * KIP-618, as Apache's worker starts such a task: on the task's thread, the leader first fences the older
     * generations of the connector's tasks (this worker if it leads, else through {@code PUT
     * /connectors/{name}/fence} at the leader); after the task's {@code initTransactions}, the config topic is read
     * to its end and the task runs only if no newer task configs were committed meanwhile and it is still assigned
     * here.
     */
    private void startExactlyOnceSourceTask(String connector, int task, Map<String, String> connectorConfig,
                                            Map<String, String> taskConfig, TargetState state, int generation) {
        worker.startExactlyOnceSourceTask(connector, task, connectorConfig, taskConfig, state, new ExactlyOnceStart() {
            @Override
            public void beforeProducer(BooleanSupplier stopping) {
                fenceBeforeStart(connector, stopping);
            }

            @Override
            public void afterProducer() {
                verifyGenerationAndOwnership(connector, task, generation);
            }
        });
    }

    /** Retries while no leader is known or the leader answers 409 (a rebalance), for up to two minutes. */
    private void fenceBeforeStart(String connector, BooleanSupplier stopping) {
        long deadline = System.currentTimeMillis() + 120_000;
        RuntimeException last = null;
        while (!stopping.getAsBoolean() && !this.stopping) {
            try {
                fenceZombies(connector);
                return;
            } catch (NotLeaderException e) {
                last = e;
                if (e.leaderUrl() != null) {
                    try {
                        leaderClient.fence(e.leaderUrl(), connector);
                        return;
                    } catch (LeaderClient.RetryLater r) {
                        last = r;
                    }
                }
            } catch (HerderException e) {
                if (e.status() != 409) {
                    throw new org.apache.kafka.connect.errors.ConnectException("Failed to perform zombie fencing "
                            + "for connector " + connector + ": " + e.getMessage(), e);
                }
                last = e;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new org.apache.kafka.connect.errors.ConnectException("Failed to perform zombie fencing for "
                        + "connector " + connector + " within 2 minutes: " + last.getMessage(), last);
            }
            sleep(500);
        }
    }

    private void verifyGenerationAndOwnership(String connector, int task, int generation) {
        configLog.readToEnd();
        if (configLog.snapshot().taskGeneration(connector) != generation) {
            throw new org.apache.kafka.connect.errors.ConnectException("Cannot start source task " + connector + "-"
                    + task + " with exactly-once support as the connector has already generated a new set of task "
                    + "configs");
        }
        Assignment a = group.assignment();
        if (a == null || !a.tasks().contains(Assignment.taskKey(connector, task))) {
            throw new org.apache.kafka.connect.errors.ConnectException("Cannot start source task " + connector + "-"
                    + task + " as it has already been revoked from this worker");
        }
    }

    /**
     * {@code PUT /connectors/{name}/fence} (Apache's internal route, which its followers call on the leader), and
     * what this leader runs for its own tasks: before the newest generation of a source connector's tasks starts,
     * the producers of the previous generation (as many as its task count record says) are fenced, then the new
     * task count record is written. Nothing is done when the task count record is newer than the task configs.
     */
    @Override
    public void fenceZombies(String name) {
        requireLeader();
        synchronized (writeLock) {
            configLog.readToEnd();
            ConfigLog.Snapshot s = existing(name);
            Map<String, String> config = s.connectors().get(name);
            if (typeOf(config) != ConnectorType.SOURCE) {
                throw HerderException.badRequest("Connector " + name + " is not a source connector");
            }
            FencingPlan plan = FencingPlan.of(s.taskCountRecord(name), s.pendingFencing(name), s.taskCount(name));
            if (plan.nothing()) {
                return;
            }
            int generation = s.taskGeneration(name);
            if (plan.fence() > 0) {
                worker.fenceZombies(name, plan.fence());
                configLog.readToEnd();
                if (configLog.snapshot().taskGeneration(name) != generation) {
                    throw HerderException.conflict("Fencing failed because new task configurations were generated "
                            + "for the connector");
                }
                requireLeader();
            } else {
                LOG.fine("No producers of connector " + name + " to fence; writing its task count record");
            }
            configLog.putTaskCountRecord(name, plan.recordCount());
            configLog.readToEnd();
            LOG.info("Task count record " + plan.recordCount() + " written for connector " + name
                    + (plan.fence() > 0 ? " after fencing the producers of " + plan.fence() + " tasks" : ""));
        }
    }

    private static Map<String, String> taskConfig(ConfigLog.Snapshot s, String taskKey) {
        List<Map<String, String>> configs = s.tasks().get(Assignment.connectorOf(taskKey));
        int i = Assignment.taskOf(taskKey);
        return configs == null || i >= configs.size() ? null : configs.get(i);
    }

    /** The connector's worker asks it for task configs and writes them when they differ from the committed ones. */
    private void regenerateTasks(String c, Map<String, String> config) {
        if (!worker.isRunning(c)) {
            return;
        }
        List<Map<String, String>> fresh = worker.taskConfigs(c, config);
        if (fresh == null) {
            return;
        }
        // Compare with everything committed so far, this worker's own writes included (a zero-task commit written
        // when the connector was stopped may still be on its way to the reader).
        configLog.readToEnd();
        if (!fresh.equals(configLog.snapshot().tasks().get(c))) {
            LOG.info("Writing " + fresh.size() + " task configurations for " + c);
            configLog.putTaskConfigs(c, fresh);
        }
    }

    private void requestReconfiguration(String c) {
        requests.add(() -> {
            Map<String, String> config = runningConnectors.get(c);
            if (config != null) {
                regenerateTasks(c, config);
            }
        });
        group.wakeup();
    }

    // ConfigLog.Listener: called on the config topic's reader thread; the work happens on the herder's.

    @Override
    public void connectorChanged(String connector) {
        changed();
    }

    @Override
    public void tasksCommitted(String connector) {
        changed();
    }

    @Override
    public void targetStateChanged(String connector) {
        changed();
    }

    private void changed() {
        dirty.set(true);
        if (group != null) {
            group.wakeup();
        }
    }

    @Override
    public void restartRequested(String connector, boolean includeTasks, boolean onlyFailed) {
        requests.add(() -> restartLocally(connector, includeTasks, onlyFailed));
        changed();
    }

    @Override
    public void taskRestartRequested(String connector, int task) {
        requests.add(() -> {
            String key = Assignment.taskKey(connector, task);
            if (runningTasks.containsKey(key)) {
                worker.stopTask(connector, task);
                runningTasks.remove(key);
                runningTasksView.remove(key);
                exactlyOnceGenerations.remove(key);
                dirty.set(true);
            }
        });
        changed();
    }

    private void restartLocally(String connector, boolean includeTasks, boolean onlyFailed) {
        StatusStore.State cs = statuses.connector(connector);
        if (runningConnectors.containsKey(connector) && (!onlyFailed || cs != null && "FAILED".equals(cs.state()))) {
            worker.stopConnector(connector, true);
            runningConnectors.remove(connector);
            runningConnectorsView.remove(connector);
            appliedTargets.remove(connector);
        }
        if (includeTasks) {
            Map<Integer, StatusStore.State> ts = statuses.tasks(connector);
            for (String t : List.copyOf(runningTasks.keySet())) {
                if (!Assignment.connectorOf(t).equals(connector)) {
                    continue;
                }
                StatusStore.State st = ts.get(Assignment.taskOf(t));
                if (!onlyFailed || st != null && "FAILED".equals(st.state())) {
                    worker.stopTask(connector, Assignment.taskOf(t));
                    runningTasks.remove(t);
                    runningTasksView.remove(t);
                    exactlyOnceGenerations.remove(t);
                }
            }
        }
        dirty.set(true); // reconcile starts what was stopped
    }

    // Herder: reads answer from this worker's copy of the logs; writes go through the leader.

    private void requireLeader() {
        Assignment a = group == null ? null : group.assignment();
        if (a == null) {
            throw new NotLeaderException(null);
        }
        if (!group.isLeader()) {
            throw new NotLeaderException(a.leaderUrl());
        }
    }

    private ConfigLog.Snapshot existing(String name) {
        ConfigLog.Snapshot s = configLog.snapshot();
        if (!s.connectors().containsKey(name)) {
            throw HerderException.notFound(name);
        }
        return s;
    }

    private ConnectorType typeOf(Map<String, String> config) {
        try {
            return Worker.typeOf(worker.newConnector(config.get(ConnectorConfig.CONNECTOR_CLASS)));
        } catch (RuntimeException e) {
            return ConnectorType.UNKNOWN;
        }
    }

    @Override
    public List<String> connectors() {
        return List.copyOf(configLog.snapshot().connectors().keySet());
    }

    @Override
    public ConnectorInfo connectorInfo(String name) {
        ConfigLog.Snapshot s = existing(name);
        List<ConnectorInfo.TaskId> ids = new ArrayList<>();
        for (int i = 0; i < s.taskCount(name); i++) {
            ids.add(new ConnectorInfo.TaskId(name, i));
        }
        Map<String, String> config = s.connectors().get(name);
        return new ConnectorInfo(name, config, ids, typeOf(config));
    }

    @Override
    public Map<String, String> connectorConfig(String name) {
        return existing(name).connectors().get(name);
    }

    @Override
    public Created createConnector(String name, Map<String, String> config, String initialState) {
        return put(name, config, false, initialState.equals("RUNNING") ? "STARTED" : initialState);
    }

    @Override
    public Created putConnectorConfig(String name, Map<String, String> config, boolean allowReplace) {
        return put(name, config, allowReplace, null);
    }

    /** The target state, when given, is written before the config: no worker ever runs it in another state. */
    private Created put(String name, Map<String, String> config, boolean allowReplace, String initialState) {
        requireLeader();
        Map<String, String> withName = new HashMap<>(config);
        withName.put(ConnectorConfig.NAME, name);
        synchronized (writeLock) {
            configLog.readToEnd();
            boolean exists = configLog.snapshot().connectors().containsKey(name);
            if (exists && !allowReplace) {
                throw HerderException.conflict("Connector " + name + " already exists");
            }
            ConfigValidation.requireValid(validation.validate(withName));
            if (!exists && initialState != null) {
                configLog.putTargetState(name, initialState);
            }
            configLog.putConnectorConfig(name, withName);
            configLog.readToEnd();
            LOG.info((exists ? "Reconfigured" : "Created") + " connector " + name);
            return new Created(!exists, connectorInfo(name));
        }
    }

    @Override
    public ConnectorInfo patchConnectorConfig(String name, Map<String, String> patch) {
        requireLeader();
        Map<String, String> merged = new HashMap<>(connectorConfig(name));
        patch.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        return putConnectorConfig(name, merged, true).info();
    }

    @Override
    public void deleteConnector(String name) {
        requireLeader();
        synchronized (writeLock) {
            existing(name);
            configLog.removeConnector(name);
            configLog.readToEnd();
            statuses.remove(name);
            LOG.info("Deleted connector " + name);
        }
    }

    @Override
    public ConnectorStatus connectorStatus(String name) {
        ConfigLog.Snapshot s = existing(name);
        StatusStore.State c = statuses.connector(name);
        ConnectorStatus.ConnectorState cs = c == null
                ? new ConnectorStatus.ConnectorState("UNASSIGNED", null, null)
                : new ConnectorStatus.ConnectorState(c.state(), c.workerId(), c.trace());
        Map<Integer, StatusStore.State> ts = statuses.tasks(name);
        List<ConnectorStatus.TaskState> tasks = new ArrayList<>();
        for (int i = 0; i < s.taskCount(name); i++) {
            StatusStore.State t = ts.get(i);
            tasks.add(t == null ? new ConnectorStatus.TaskState(i, "UNASSIGNED", null, null)
                    : new ConnectorStatus.TaskState(i, t.state(), t.workerId(), t.trace()));
        }
        return new ConnectorStatus(name, cs, tasks, typeOf(s.connectors().get(name)));
    }

    @Override
    public ConnectorStatus.TaskState taskStatus(String connector, int task) {
        for (ConnectorStatus.TaskState t : connectorStatus(connector).tasks()) {
            if (t.id() == task) {
                return t;
            }
        }
        throw new HerderException(404, "No status found for task " + connector + "-" + task);
    }

    @Override
    public List<TaskConfig> taskConfigs(String name) {
        ConfigLog.Snapshot s = existing(name);
        List<TaskConfig> out = new ArrayList<>();
        List<Map<String, String>> configs = s.tasks().getOrDefault(name, List.of());
        for (int i = 0; i < configs.size(); i++) {
            out.add(new TaskConfig(new ConnectorInfo.TaskId(name, i), configs.get(i)));
        }
        return out;
    }

    @Override
    public ConnectorStatus restartConnector(String name, boolean includeTasks, boolean onlyFailed) {
        requireLeader();
        ConnectorStatus before = connectorStatus(name);
        configLog.requestRestart(name, includeTasks, onlyFailed);
        return includeTasks || onlyFailed ? before.restarting(includeTasks, onlyFailed) : null;
    }

    @Override
    public void restartTask(String connector, int task) {
        requireLeader();
        if (task < 0 || task >= existing(connector).taskCount(connector)) {
            throw new HerderException(404, "Task " + connector + "-" + task + " not found");
        }
        configLog.requestTaskRestart(connector, task);
    }

    private void setTarget(String name, String state) {
        requireLeader();
        synchronized (writeLock) {
            existing(name);
            configLog.putTargetState(name, state);
            configLog.readToEnd();
        }
    }

    @Override
    public void pauseConnector(String name) {
        setTarget(name, "PAUSED");
    }

    @Override
    public void resumeConnector(String name) {
        setTarget(name, "STARTED");
    }

    @Override
    public void stopConnector(String name) {
        setTarget(name, "STOPPED");
    }

    @Override
    public List<ConnectorOffset> offsets(String name) {
        ConfigLog.Snapshot s = existing(name);
        Map<String, String> config = s.connectors().get(name);
        return offsets.list(name, typeOf(config), exactlyOnce(config));
    }

    private ConfigLog.Snapshot requireStopped(String name) {
        ConfigLog.Snapshot s = existing(name);
        if (!"STOPPED".equals(s.targetState(name))) {
            throw ConnectorOffsets.notStopped(name);
        }
        return s;
    }

    @Override
    public String alterOffsets(String name, List<ConnectorOffset> changes) {
        ConfigLog.Snapshot s = requireStopped(name);
        Map<String, String> config = s.connectors().get(name);
        fenceBeforeChangingOffsets(name, config);
        return offsets.alter(name, typeOf(config), changes, exactlyOnce(config));
    }

    @Override
    public String resetOffsets(String name) {
        ConfigLog.Snapshot s = requireStopped(name);
        Map<String, String> config = s.connectors().get(name);
        fenceBeforeChangingOffsets(name, config);
        return offsets.reset(name, typeOf(config), exactlyOnce(config));
    }

    /** A source connector's config when it runs with exactly-once support (its offsets are then transactional). */
    private Map<String, String> exactlyOnce(Map<String, String> config) {
        return worker.exactlyOnceSourceEnabled() && typeOf(config) == ConnectorType.SOURCE ? config : null;
    }

    /** As Apache's leader: no task of an older generation may still write offsets once they were changed. */
    private void fenceBeforeChangingOffsets(String name, Map<String, String> config) {
        if (exactlyOnce(config) != null) {
            fenceZombies(name);
        }
    }

    @Override
    public List<String> activeTopics(String name) {
        existing(name);
        return worker.activeTopics(name);
    }

    @Override
    public void resetActiveTopics(String name) {
        existing(name);
        worker.resetActiveTopics(name);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        if (group != null) {
            group.wakeup();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
        if (group != null) {
            group.close();
        }
        configLog.close();
    }
}
