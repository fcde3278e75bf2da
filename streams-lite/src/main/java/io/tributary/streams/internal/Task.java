package io.tributary.streams.internal;

import io.tributary.streams.StreamsException;
import io.tributary.streams.internal.dsl.StatelessOps;
import io.tributary.streams.internal.state.CacheBudget;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.StoreContext;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.PunctuationType;
import io.tributary.streams.processor.Record;
import io.tributary.streams.processor.RecordMetadata;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sub-topology over one partition number: its own processor instances and stores, a queue per source
 * partition, and its stream time. Records are taken in timestamp order across its partitions (the smallest head
 * first). Lifecycle: constructed (stores open) → restored from changelogs ({@link #restore}) → {@link #start}
 * (processors initialized) → processing → {@link #close}. Single-threaded: its stream thread or the test driver.
 */
public final class Task {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    /** A source as this task runs it: deserializers and the node that receives the records. */
    private record SourceBinding(Deserializer<Object> key, Deserializer<Object> value, ProcessorNode node) {
    }

    private final TaskId id;
    private final TopologyPlan plan;
    /** The wall clock, passed in: the test driver moves its own. */
    private final LongSupplier wallClock;
    private final Path directory;
    private final DeserializationPolicy deserializationPolicy;
    /** The thread's record cache budget (null: no caching, as in the test driver). */
    private final CacheBudget cacheBudget;
    private final Map<String, SourceBinding> sources = new HashMap<>();
    private final Map<String, ProcessorNode> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> nodeStores = new HashMap<>();
    private final Map<String, ManagedStore> stores = new LinkedHashMap<>();
    private final Map<TopicPartition, ManagedStore> changelogs = new LinkedHashMap<>();
    /** Changelog partition → the offset after the last change our stores hold (restored or written). */
    private final Map<TopicPartition, Long> changelogPositions = new HashMap<>();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> queues = new LinkedHashMap<>();
    /** Source partition → the offset after the last record processed (a holder: no boxing per record). */
    private final Map<TopicPartition, long[]> consumed = new HashMap<>();
    private final Set<TopicPartition> consumedSinceCommit = new HashSet<>();
    private final List<Punctuation> punctuations = new ArrayList<>();
    private long streamTimeMs = -1;
    private RecordMetadata current;
    private long currentTimestampMs;
    private Headers currentHeaders = new RecordHeaders();
    private boolean commitRequested;
    private int buffered;
    private boolean started;

    @SuppressWarnings("unchecked")
    public Task(TaskId id, TopologyPlan plan, SerdeDefaults serdes, RecordSink sink, LongSupplier wallClock, Path directory,
            DeserializationPolicy deserializationPolicy, CacheBudget cacheBudget) {
        this.id = id;
        this.plan = plan;
        this.wallClock = wallClock;
        this.directory = directory;
        this.deserializationPolicy = deserializationPolicy;
        this.cacheBudget = cacheBudget;
        TopologyPlan.Subtopology sub = plan.subtopology(id.subtopology());
        for (String storeName : sub.stores()) {
            var spec = plan.topology().stores().get(storeName);
            ManagedStore store = spec.factory().create(serdes);
            TopicPartition changelog = spec.logged()
                    ? new TopicPartition(plan.changelogTopic(storeName), id.partition()) : null;
            store.open(storeContext(storeName, changelog, sink));
            stores.put(storeName, store);
            if (changelog != null) {
                changelogs.put(changelog, store);
            }
        }
        for (String name : sub.nodes()) {
            NodeSpec spec = plan.topology().nodes().get(name);
            Processor<Object, Object, Object, Object> processor;
            if (spec instanceof NodeSpec.Processor p) {
                processor = (Processor<Object, Object, Object, Object>) p.supplier().get();
                nodeStores.put(name, p.stores());
            } else if (spec instanceof NodeSpec.Sink s) {
                processor = new SinkProcessor(s, plan, ((Serde<Object>) serdes.key(s.keySerde())).serializer(),
                        ((Serde<Object>) serdes.value(s.valueSerde())).serializer(), sink);
            } else {
                // A source forwards what the task deserialized to its children.
                processor = (Processor<Object, Object, Object, Object>) (Processor<?, ?, ?, ?>)
                        StatelessOps.passThrough().get();
            }
            ProcessorNode node = new ProcessorNode(name, processor);
            nodes.put(name, node);
            for (String parent : spec.parents()) {
                nodes.get(parent).children.add(node);
            }
            if (spec instanceof NodeSpec.Source s) {
                SourceBinding binding = new SourceBinding(((Serde<Object>) serdes.key(s.keySerde())).deserializer(),
                        ((Serde<Object>) serdes.value(s.valueSerde())).deserializer(), node);
                for (String topic : sub.sourceTopics()) {
                    if (s.topics().stream().anyMatch(t -> plan.resolve(t, s.internal()).equals(topic))
                            || (s.pattern() != null && s.pattern().matcher(topic).matches())) {
                        sources.put(topic, binding);
                    }
                }
            }
        }
    }

    public TaskId id() {
        return id;
    }

    String applicationId() {
        return plan.applicationId();
    }

    public Path directory() {
        return directory;
    }

    /** Changelog partitions of this task's logged stores. */
    public Set<TopicPartition> changelogPartitions() {
        return changelogs.keySet();
    }

    public Map<TopicPartition, Long> changelogPositions() {
        return changelogPositions;
    }

    /** The store a changelog partition rebuilds. */
    public ManagedStore changelogStore(TopicPartition changelog) {
        return changelogs.get(changelog);
    }

    /** The source partitions this task has buffered records of, or was given. */
    public Set<TopicPartition> bufferedPartitions() {
        return queues.keySet();
    }

    /** Drops buffered records: after a revocation the consumer fetches again from the committed offsets. */
    public void clearBuffers() {
        queues.clear();
        buffered = 0;
    }

    /** Applies one changelog record to its store while restoring. */
    public void restore(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        changelogs.get(tp).restore(record.key(), record.value());
        changelogPositions.put(tp, record.offset() + 1);
    }

    /** The stores are restored: initializes the processors, parents first. */
    public void start() {
        for (Map.Entry<String, ProcessorNode> e : nodes.entrySet()) {
            ProcessorNode node = e.getValue();
            node.processor.init(new NodeContext(this, node, nodeStores.getOrDefault(e.getKey(), Set.of())));
        }
        started = true;
    }

    public boolean started() {
        return started;
    }

    public void addRecords(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        queues.computeIfAbsent(partition, p -> new ArrayDeque<>()).addAll(records);
        buffered += records.size();
    }

    public int buffered(TopicPartition partition) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> q = queues.get(partition);
        return q == null ? 0 : q.size();
    }

    public boolean hasBuffered() {
        return buffered > 0;
    }

    /** Processes the buffered record with the smallest timestamp; false when nothing is buffered. */
    public boolean process() {
        Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> next = null;
        for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> q : queues.entrySet()) {
            if (!q.getValue().isEmpty() && (next == null
                    || q.getValue().peek().timestamp() < next.getValue().peek().timestamp())) {
                next = q;
            }
        }
        if (next == null) {
            return false;
        }
        ConsumerRecord<byte[], byte[]> record = next.getValue().poll();
        buffered--;
        TopicPartition tp = next.getKey();
        SourceBinding source = sources.get(record.topic());
        Object key;
        Object value;
        try {
            key = source.key().deserialize(record.topic(), record.headers(), record.key());
            value = source.value().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (deserializationPolicy == DeserializationPolicy.LOG_AND_FAIL) {
                throw new StreamsException("task " + id + ": cannot deserialize the record at " + tp + "@"
                        + record.offset() + " (deserialization.exception.handler is LogAndFail): " + e, e);
            }
            LOG.warn("task {}: skipping the record at {}@{} that cannot be deserialized: {}", id, tp,
                    record.offset(), e.toString());
            markConsumed(tp, record.offset());
            return true;
        }
        streamTimeMs = Math.max(streamTimeMs, record.timestamp());
        current = new RecordMetadata(record.topic(), record.partition(), record.offset());
        currentTimestampMs = record.timestamp();
        currentHeaders = record.headers();
        try {
            source.node().process(new Record<>(key, value, record.timestamp(), record.headers()));
        } finally {
            current = null;
        }
        markConsumed(tp, record.offset());
        punctuate(PunctuationType.STREAM_TIME, streamTimeMs);
        return true;
    }

    /** Fires the wall-clock punctuations that are due. */
    public void punctuateWallClock() {
        punctuate(PunctuationType.WALL_CLOCK_TIME, wallClock.getAsLong());
    }

    private void punctuate(PunctuationType type, long nowMs) {
        if (punctuations.isEmpty()) {
            return;
        }
        for (Punctuation p : List.copyOf(punctuations)) {
            if (p.type == type) {
                currentTimestampMs = nowMs;
                p.maybeFire(nowMs);
            }
        }
        punctuations.removeIf(Punctuation::cancelled);
    }

    private void markConsumed(TopicPartition tp, long offset) {
        consumed.computeIfAbsent(tp, p -> new long[1])[0] = offset + 1;
        consumedSinceCommit.add(tp);
    }

    /** Offsets to commit for what was processed since the last commit. */
    public Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumedSinceCommit) {
            offsets.put(tp, new OffsetAndMetadata(consumed.get(tp)[0]));
        }
        return offsets;
    }

    public void committed() {
        consumedSinceCommit.clear();
        commitRequested = false;
    }

    public boolean commitRequested() {
        return commitRequested;
    }

    void requestCommit() {
        commitRequested = true;
    }

    public void flushStores() {
        for (ManagedStore store : stores.values()) {
            store.flush();
        }
    }

    /** Records a changelog offset our sink got acknowledged, for the next checkpoint. */
    public void changelogWritten(TopicPartition changelog, long offset) {
        changelogPositions.merge(changelog, offset + 1, Math::max);
    }

    /** Writes the checkpoint of what the local stores hold. */
    public void checkpoint() {
        if (!changelogs.isEmpty()) {
            Checkpoint.write(directory, Map.copyOf(changelogPositions));
        }
    }

    /** Closes processors and stores; the caller has committed (clean) or is discarding the task (dirty). */
    public void close() {
        for (ProcessorNode node : nodes.values()) {
            try {
                if (started) {
                    node.processor.close();
                }
            } catch (RuntimeException e) {
                LOG.warn("task {}: processor {} failed to close: {}", id, node.name, e.toString());
            }
        }
        for (ManagedStore store : stores.values()) {
            store.close();
        }
        queues.clear();
        buffered = 0;
    }

    StateStore store(String name) {
        return stores.get(name);
    }

    /** A store of this task, for interactive queries and the test driver. */
    public StateStore stateStore(String name) {
        return stores.get(name);
    }

    RecordMetadata currentMetadata() {
        return current;
    }

    public long streamTimeMs() {
        return streamTimeMs;
    }

    long wallClockMs() {
        return wallClock.getAsLong();
    }

    Punctuation schedule(Punctuation punctuation) {
        punctuations.add(punctuation);
        punctuation.maybeFire(punctuation.type == PunctuationType.STREAM_TIME ? streamTimeMs : wallClock.getAsLong());
        return punctuation;
    }

    private StoreContext storeContext(String storeName, TopicPartition changelog, RecordSink sink) {
        Path storeDir = directory;
        String changelogTopic = plan.changelogTopic(storeName);
        return new StoreContext() {
            @Override
            public TaskId taskId() {
                return id;
            }

            @Override
            public Path directory() {
                return storeDir;
            }

            @Override
            public String changelogTopic() {
                return changelogTopic;
            }

            @Override
            public void logChange(String store, byte[] key, byte[] value) {
                logChange(store, key, value, currentTimestampMs);
            }

            @Override
            public void logChange(String store, byte[] key, byte[] value, long timestamp) {
                if (changelog != null) {
                    sink.sendChangelog(changelog, key, value, timestamp);
                }
            }

            @Override
            public CacheBudget cacheBudget() {
                return cacheBudget;
            }

            @Override
            public long currentTimestamp() {
                return currentTimestampMs;
            }

            @Override
            public Headers currentHeaders() {
                return currentHeaders;
            }
        };
    }
}
