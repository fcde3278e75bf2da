package io.tributary.streams;

import io.tributary.streams.internal.InternalTopics;
import io.tributary.streams.internal.StateDirectory;
import io.tributary.streams.internal.StreamThread;
import io.tributary.streams.internal.StreamsMetrics;
import io.tributary.streams.internal.Task;
import io.tributary.streams.internal.TopologyPlan;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.ReadOnlyKeyValueStore;
import io.tributary.streams.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a topology against a Kafka-compatible cluster: {@code num.stream.threads} stream threads in the consumer
 * group {@code application.id}, sharing its tasks with every other instance of the same application. The states
 * and their meaning are Kafka Streams': CREATED → REBALANCING ⇄ RUNNING → PENDING_SHUTDOWN → NOT_RUNNING, or
 * PENDING_ERROR → ERROR when a thread dies and the handler says to shut the client down.
 */
public final class StreamsApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApplication.class);

    public enum State { CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR }

    /** What to do when a stream thread dies of an exception. */
    public enum ExceptionResponse { REPLACE_THREAD, SHUTDOWN_CLIENT }

    private final TopologyPlan plan;
    private final StreamsConfig config;
    private final StateDirectory stateDirectory;
    private final String processId;
    private final List<StreamThread> threads = new CopyOnWriteArrayList<>();
    private volatile State state = State.CREATED;
    private volatile BiConsumer<State, State> stateListener = (n, o) -> { };
    private volatile Function<Throwable, ExceptionResponse> exceptionHandler = t -> ExceptionResponse.SHUTDOWN_CLIENT;
    private volatile StateRestoreListener restoreListener;
    private final StreamsMetrics metrics;
    private Admin admin;
    private int nextThreadIndex = 1;

    public StreamsApplication(Topology topology, Properties props) {
        this.config = new StreamsConfig(props);
        this.plan = new TopologyPlan(topology, config.applicationId());
        this.stateDirectory = new StateDirectory(config.stateDirectory());
        this.processId = stateDirectory.processId();
        this.metrics = new StreamsMetrics(config.applicationId() + "-" + processId);
        metrics.client(config.applicationId(), () -> state.name(), threads::size);
    }

    /** The application's metrics (also on JMX under {@code kafka.streams}, as Kafka Streams names them). */
    public org.apache.kafka.common.metrics.Metrics metrics() {
        return metrics.metrics();
    }

    public void setStateListener(BiConsumer<State, State> listener) {
        this.stateListener = listener;
    }

    public void setUncaughtExceptionHandler(Function<Throwable, ExceptionResponse> handler) {
        this.exceptionHandler = handler;
    }

    public void setGlobalStateRestoreListener(StateRestoreListener listener) {
        this.restoreListener = listener;
    }

    public State state() {
        return state;
    }

    /** Creates the internal topics (a missing source topic fails here) and starts the stream threads. */
    public synchronized void start() {
        if (state != State.CREATED) {
            throw new IllegalStateException("start() may be called once; the application is " + state);
        }
        admin = Admin.create(adminConfigs());
        try {
            InternalTopics.prepare(admin, plan, config.replicationFactor());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        transition(State.REBALANCING);
        for (int i = 0; i < config.numStreamThreads(); i++) {
            startThread();
        }
    }

    /** Stops the threads (each commits and closes its tasks) and waits up to {@code timeout}. */
    public boolean close(Duration timeout) {
        synchronized (this) {
            if (state == State.NOT_RUNNING || state == State.ERROR) {
                releaseResources();
                return true;
            }
            if (state != State.PENDING_ERROR) {
                transition(State.PENDING_SHUTDOWN);
            }
        }
        threads.forEach(StreamThread::shutdown);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (StreamThread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        boolean stopped = threads.stream().noneMatch(Thread::isAlive);
        synchronized (this) {
            if (stopped) {
                transition(state == State.PENDING_ERROR ? State.ERROR : State.NOT_RUNNING);
                releaseResources();
            }
        }
        return stopped;
    }

    @Override
    public void close() {
        close(Duration.ofMinutes(1));
    }

    private synchronized void releaseResources() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        metrics.close();
    }

    /**
     * A read-only view of a key-value store across the tasks this instance runs now (other instances hold the
     * other keys). Reads are safe while the threads write.
     */
    public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        if (!plan.topology().stores().containsKey(name)) {
            throw new IllegalArgumentException("the topology has no store named " + name);
        }
        return new LocalStoreView<>(name);
    }

    private synchronized void startThread() {
        StreamThread thread = new StreamThread(plan, config, stateDirectory, processId, nextThreadIndex++,
                this::onThreadStateChange, restoreListener, metrics, admin);
        threads.add(thread);
        thread.start();
    }

    private synchronized void onThreadStateChange(StreamThread thread, StreamThread.State newState,
            Throwable failure) {
        if (newState == StreamThread.State.DEAD) {
            threads.remove(thread);
            if (failure != null && (state == State.RUNNING || state == State.REBALANCING)) {
                ExceptionResponse response = exceptionHandler.apply(failure);
                LOG.error("{} died of {}; the handler says {}", thread.getName(), failure.toString(), response);
                if (response == ExceptionResponse.REPLACE_THREAD) {
                    startThread();
                } else {
                    transition(State.PENDING_ERROR);
                    threads.forEach(StreamThread::shutdown);
                    if (threads.isEmpty()) {
                        transition(State.ERROR);
                    }
                }
            } else if (threads.isEmpty() && state == State.PENDING_ERROR) {
                transition(State.ERROR);
            }
            return;
        }
        if (state == State.RUNNING || state == State.REBALANCING) {
            boolean allRunning = threads.stream().allMatch(t -> t.state() == StreamThread.State.RUNNING
                    || t == thread && newState == StreamThread.State.RUNNING);
            transition(allRunning ? State.RUNNING : State.REBALANCING);
        }
    }

    private synchronized void transition(State newState) {
        State old = state;
        if (old == newState) {
            return;
        }
        state = newState;
        LOG.info("streams application {}: {} -> {}", config.applicationId(), old, newState);
        try {
            stateListener.accept(newState, old);
        } catch (RuntimeException e) {
            LOG.warn("the state listener failed: {}", e.toString());
        }
    }

    private java.util.Map<String, Object> adminConfigs() {
        return config.clientConfigs("admin.");
    }

    /** Reads across the local tasks' instances of one store. */
    private final class LocalStoreView<K, V> implements ReadOnlyKeyValueStore<K, V> {

        private final String name;

        LocalStoreView(String name) {
            this.name = name;
        }

        @SuppressWarnings("unchecked")
        private List<ReadOnlyKeyValueStore<K, V>> stores() {
            List<ReadOnlyKeyValueStore<K, V>> stores = new ArrayList<>();
            for (StreamThread thread : threads) {
                for (Task task : thread.activeTasks()) {
                    StateStore store = task.stateStore(name);
                    if (store instanceof ReadOnlyKeyValueStore<?, ?> kv && task.started()) {
                        stores.add((ReadOnlyKeyValueStore<K, V>) kv);
                    }
                }
            }
            return stores;
        }

        @Override
        public V get(K key) {
            for (ReadOnlyKeyValueStore<K, V> store : stores()) {
                V value = store.get(key);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            return concat(stores().stream().map(s -> s.range(from, to)).toList());
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return concat(stores().stream().map(ReadOnlyKeyValueStore::all).toList());
        }

        @Override
        public long approximateNumEntries() {
            return stores().stream().mapToLong(ReadOnlyKeyValueStore::approximateNumEntries).sum();
        }

        private KeyValueIterator<K, V> concat(List<KeyValueIterator<K, V>> parts) {
            return new KeyValueIterator<>() {
                private int index;

                @Override
                public boolean hasNext() {
                    while (index < parts.size() && !parts.get(index).hasNext()) {
                        index++;
                    }
                    return index < parts.size();
                }

                @Override
                public KeyValue<K, V> next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return parts.get(index).next();
                }

                @Override
                public void close() {
                    parts.forEach(KeyValueIterator::close);
                }
            };
        }
    }
}
