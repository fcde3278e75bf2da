package io.tributary.streams.internal;

import io.tributary.streams.StateRestoreListener;
import io.tributary.streams.StreamsConfig;
import io.tributary.streams.internal.state.CacheBudget;
import io.tributary.streams.processor.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread: a consumer in the application's group (assignor {@link TaskAssignor}), a producer, and
 * a restore consumer. Each loop polls, restores tasks whose stores are being rebuilt (their source partitions
 * paused meanwhile), processes what is buffered, fires wall-clock punctuations and commits every
 * {@code commit.interval.ms}.
 *
 * <p>A commit, at least once: flush stores → flush the producer (every output and changelog write
 * acknowledged) → commit the consumed offsets → write checkpoints. Exactly once ({@code exactly_once_v2}): one
 * transactional producer per thread ({@code <application.id>-<process id>-<thread>}), the consumed offsets sent
 * in the transaction with the consumer's group metadata (so a zombie of an older generation is fenced), then
 * commit; checkpoints only at a clean close, and read-and-deleted at task creation, so after a crash local state
 * is wiped and rebuilt from the committed changelog.
 *
 * <p>Rebalances are eager: on revocation the thread commits and suspends its tasks; tasks assigned back are
 * resumed as they were, the others closed.
 */
public final class StreamThread extends Thread {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThread.class);

    /** The thread's life: only forward, except RUNNING ⇄ PARTITIONS_ASSIGNED across rebalances. */
    public enum State { CREATED, STARTING, PARTITIONS_ASSIGNED, RUNNING, PENDING_SHUTDOWN, DEAD }

    /** Hears the thread's state changes (on the thread itself). */
    public interface Listener {
        void onStateChange(StreamThread thread, State newState, Throwable failure);
    }

    private final TopologyPlan plan;
    private final StreamsConfig config;
    private final StateDirectory stateDirectory;
    private final Listener listener;
    private final StateRestoreListener restoreListener;
    private final boolean exactlyOnce;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> restoreConsumer;
    private final KafkaRecordSink sink;
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    private final Map<TaskId, Task> suspended = new LinkedHashMap<>();
    private final Map<TopicPartition, Task> byPartition = new HashMap<>();
    private final ChangelogRestorer restorer;
    private final Set<TopicPartition> paused = new HashSet<>();
    private final StreamsMetrics.ThreadMetrics metrics;
    private final RepartitionPurger purger;
    /** This thread's share of {@code statestore.cache.max.bytes}; null when that is 0 (no caching). */
    private final CacheBudget cacheBudget;
    private boolean inTransaction;
    private long lastCommitMs;
    private volatile boolean running = true;
    private volatile State state = State.CREATED;

    public StreamThread(TopologyPlan plan, StreamsConfig config, StateDirectory stateDirectory, String processId,
            int index, Listener listener, StateRestoreListener restoreListener, StreamsMetrics metrics,
            org.apache.kafka.clients.admin.Admin admin) {
        super(plan.applicationId() + "-" + processId + "-StreamThread-" + index);
        this.plan = plan;
        this.config = config;
        this.stateDirectory = stateDirectory;
        this.listener = listener;
        this.restoreListener = restoreListener;
        this.exactlyOnce = config.exactlyOnce();
        String clientId = getName();
        String isolation = exactlyOnce ? "read_committed" : "read_uncommitted";

        Map<String, Object> c = config.clientConfigs("consumer.");
        c.putAll(config.clientConfigs("main.consumer."));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, plan.applicationId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        // 256 KiB, not Kafka's 1 MiB: a task's repartitioned input arrives between smaller source fetches (the
        // first output comes ~0.9 s sooner in bench/streams-compare.sh) and the fetch buffers hold less (-65 MiB RSS).
        c.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "262144");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, TaskAssignor.class.getName());
        c.put(TaskAssignor.CONTEXT_CONFIG, new TaskAssignor.Context(plan, this::ownedTasks,
                stateDirectory::tasksWithState));
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> p = config.clientConfigs("producer.");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "100");
        if (exactlyOnce) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, plan.applicationId() + "-" + processId + "-" + index);
            p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        }
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> r = config.clientConfigs("restore.consumer.");
        r.remove(ConsumerConfig.GROUP_ID_CONFIG);
        r.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-restore-consumer");
        r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        r.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        r.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.restoreConsumer = new KafkaConsumer<>(r, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.sink = new KafkaRecordSink(producer, this::beginTransactionIfNeeded);
        this.metrics = metrics.thread(getName());
        this.restorer = new ChangelogRestorer(restoreConsumer, restoreListener, this.metrics, getName());
        long cacheBytes = config.cacheMaxBytes() / Math.max(1, config.numStreamThreads());
        this.cacheBudget = cacheBytes > 0 ? new CacheBudget(cacheBytes) : null;
        this.purger = new RepartitionPurger(admin, plan.repartitionTopics(), config.repartitionPurgeIntervalMs(),
                System.currentTimeMillis());
    }

    public State state() {
        return state;
    }

    /** Tasks this thread runs now (for interactive queries; read them only through thread-safe stores). */
    public Collection<Task> activeTasks() {
        return List.copyOf(tasks.values());
    }

    /** Asks the thread to commit, close its tasks and leave; returns at once. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        Throwable failure = null;
        try {
            setState(State.STARTING);
            if (exactlyOnce) {
                producer.initTransactions();
            }
            consumer.subscribe(plan.sourceTopics(), new Rebalance());
            lastCommitMs = System.currentTimeMillis();
            while (running) {
                runOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("{} failed: {}", getName(), t.toString(), t);
        } finally {
            setState(State.PENDING_SHUTDOWN);
            close(failure == null);
            state = State.DEAD;
            metrics.remove();
            listener.onStateChange(this, State.DEAD, failure);
        }
    }

    private void runOnce() {
        boolean busy = !restorer.isEmpty() || tasks.values().stream().anyMatch(Task::hasBuffered);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(busy ? 0 : config.pollMs()));
        metrics.polled();
        for (TopicPartition tp : records.partitions()) {
            Task task = byPartition.get(tp);
            task.addRecords(tp, records.records(tp));
            if (task.buffered(tp) > config.bufferedRecordsPerPartition() && paused.add(tp)) {
                consumer.pause(List.of(tp));
            }
        }
        restorer.restoreSome();
        int processed = 0;
        for (Task task : tasks.values()) {
            if (task.started()) {
                while (task.process()) {
                    processed++;
                }
                task.punctuateWallClock();
            }
        }
        metrics.processed(processed);
        resumeDrained();
        sink.check();
        long now = System.currentTimeMillis();
        if (now - lastCommitMs >= config.commitIntervalMs() || tasks.values().stream().anyMatch(Task::commitRequested)) {
            commit();
        }
        if (state == State.PARTITIONS_ASSIGNED && restorer.isEmpty()) {
            setState(State.RUNNING);
        }
    }

    private void resumeDrained() {
        if (paused.isEmpty()) {
            return;
        }
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : paused) {
            Task task = byPartition.get(tp);
            if (task != null && task.started() && task.buffered(tp) == 0) {
                resume.add(tp);
            }
        }
        resume.forEach(paused::remove);
        consumer.resume(resume);
    }

    private void beginTransactionIfNeeded() {
        if (exactlyOnce && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    /** Commits what every started task processed (see the class comment for the order of steps). */
    private void commit() {
        long startMs = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (Task task : tasks.values()) {
            if (task.started()) {
                task.flushStores();
                offsets.putAll(task.offsetsToCommit());
            }
        }
        if (exactlyOnce) {
            if (inTransaction || !offsets.isEmpty()) {
                beginTransactionIfNeeded();
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                }
                producer.commitTransaction();
                inTransaction = false;
            }
            sink.check();
        } else {
            producer.flush();
            sink.check();
            if (!offsets.isEmpty()) {
                consumer.commitSync(offsets);
            }
        }
        for (Task task : tasks.values()) {
            if (task.started()) {
                noteChangelogOffsets(task);
                if (!exactlyOnce) {
                    task.checkpoint();
                }
                task.committed();
            }
        }
        lastCommitMs = System.currentTimeMillis();
        metrics.committed(lastCommitMs - startMs);
        purger.committed(offsets, lastCommitMs);
    }

    private void noteChangelogOffsets(Task task) {
        for (TopicPartition changelog : task.changelogPartitions()) {
            Long acked = sink.ackedOffset(changelog);
            if (acked != null) {
                task.changelogWritten(changelog, acked);
            }
        }
    }

    private Set<TaskId> ownedTasks() {
        Set<TaskId> ids = new LinkedHashSet<>(tasks.keySet());
        ids.addAll(suspended.keySet());
        return ids;
    }

    private void createOrResume(TaskId id, Set<TopicPartition> partitions) {
        Task task = suspended.remove(id);
        if (task == null) {
            task = create(id);
        }
        tasks.put(id, task);
        for (TopicPartition tp : partitions) {
            byPartition.put(tp, task);
        }
        if (!task.started()) {
            restorer.add(task);
            consumer.pause(partitions);
            paused.addAll(partitions);
        }
    }

    private Task create(TaskId id) {
        var dir = stateDirectory.taskDirectory(id);
        Map<TopicPartition, Long> checkpoint = Checkpoint.read(dir);
        if (exactlyOnce) {
            // Deleted now, written again only at a clean close: a crash in between leaves none, so state is wiped.
            Checkpoint.delete(dir);
        }
        Set<TopicPartition> changelogs = new HashSet<>();
        for (String store : plan.subtopology(id.subtopology()).stores()) {
            if (plan.topology().stores().get(store).logged()) {
                changelogs.add(new TopicPartition(plan.changelogTopic(store), id.partition()));
            }
        }
        if (!checkpoint.keySet().containsAll(changelogs)) {
            stateDirectory.wipe(id);
            checkpoint.clear();
        }
        Task task = new Task(id, plan, config.serdeDefaults(), sink, System::currentTimeMillis, dir,
                config.deserializationPolicy(), cacheBudget);
        for (TopicPartition changelog : task.changelogPartitions()) {
            if (task.changelogStore(changelog).persistent() && checkpoint.containsKey(changelog)) {
                task.changelogPositions().put(changelog, checkpoint.get(changelog));
            }
        }
        if (task.changelogPartitions().isEmpty()) {
            task.start();
        }
        metrics.taskCreated();
        return task;
    }

    /** Closes every task: clean (committed, checkpointed) or dirty (state wiped under exactly-once). */
    private void closeTasks(Collection<Task> toClose, boolean clean) {
        for (Task task : toClose) {
            if (clean) {
                noteChangelogOffsets(task);
                if (task.started()) {
                    task.checkpoint();
                }
            }
            task.close();
            metrics.taskClosed();
            if (!clean && exactlyOnce) {
                stateDirectory.wipe(task.id());
            }
            task.changelogPartitions().forEach(sink::forget);
        }
    }

    private void abortIfInTransaction() {
        if (exactlyOnce && inTransaction) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                LOG.warn("{}: aborting the transaction failed: {}", getName(), e.toString());
            }
            inTransaction = false;
        }
    }

    private void close(boolean clean) {
        try {
            if (clean && !tasks.isEmpty()) {
                commit();
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the last commit failed: {}", getName(), e.toString());
            clean = false;
        }
        if (!clean) {
            abortIfInTransaction();
        }
        List<Task> all = new ArrayList<>(tasks.values());
        all.addAll(suspended.values());
        closeTasks(all, clean);
        tasks.clear();
        suspended.clear();
        Duration timeout = Duration.ofSeconds(10);
        closeQuietly(() -> consumer.close(timeout));
        closeQuietly(() -> producer.close(timeout));
        closeQuietly(() -> restoreConsumer.close(timeout));
    }

    private void closeQuietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: closing a client failed: {}", getName(), e.toString());
        }
    }

    private void setState(State newState) {
        state = newState;
        listener.onStateChange(this, newState, null);
    }

    /** After a revocation or a loss: no task is active, nothing restores or waits paused. */
    private void forgetAssignment() {
        tasks.clear();
        byPartition.clear();
        restorer.clear();
        paused.clear();
    }

    /** Eager rebalances: commit and suspend on revocation, resume or create on assignment. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (tasks.isEmpty()) {
                return;
            }
            try {
                commit();
                for (Task task : tasks.values()) {
                    task.clearBuffers();
                    suspended.put(task.id(), task);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: commit before the rebalance failed ({}); closing the tasks without it", getName(),
                        e.toString());
                abortIfInTransaction();
                closeTasks(tasks.values(), false);
            }
            forgetAssignment();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            abortIfInTransaction();
            closeTasks(tasks.values(), false);
            forgetAssignment();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TaskId, Set<TopicPartition>> byTask = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                byTask.computeIfAbsent(plan.taskOf(tp), id -> new HashSet<>()).add(tp);
            }
            byTask.forEach(StreamThread.this::createOrResume);
            List<Task> stale = new ArrayList<>(suspended.values());
            suspended.clear();
            closeTasks(stale, true);
            LOG.info("{}: assigned tasks {}", getName(), byTask.keySet());
            setState(State.PARTITIONS_ASSIGNED);
        }
    }
}
