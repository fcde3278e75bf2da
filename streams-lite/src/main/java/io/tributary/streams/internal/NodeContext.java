package io.tributary.streams.internal;

import io.tributary.streams.processor.Cancellable;
import io.tributary.streams.processor.ProcessorContext;
import io.tributary.streams.processor.PunctuationType;
import io.tributary.streams.processor.Punctuator;
import io.tributary.streams.processor.Record;
import io.tributary.streams.processor.RecordMetadata;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The context one node of one task sees: forwarding goes to that node's children. */
final class NodeContext implements ProcessorContext<Object, Object> {

    private final Task task;
    private final ProcessorNode node;
    private final Set<String> stores;

    NodeContext(Task task, ProcessorNode node, Set<String> stores) {
        this.task = task;
        this.node = node;
        this.stores = stores;
    }

    @Override
    public String applicationId() {
        return task.applicationId();
    }

    @Override
    public TaskId taskId() {
        return task.id();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.ofNullable(task.currentMetadata());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> void forward(Record<K, V> record) {
        for (ProcessorNode child : node.children) {
            child.process((Record<Object, Object>) record);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> void forward(Record<K, V> record, String childName) {
        node.child(childName).process((Record<Object, Object>) record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        if (!stores.contains(name)) {
            throw new IllegalStateException("processor " + node.name + " is not connected to store " + name);
        }
        return (S) task.store(name);
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
        return task.schedule(new Punctuation(type, interval.toMillis(), punctuator, node));
    }

    @Override
    public long currentStreamTimeMs() {
        return task.streamTimeMs();
    }

    @Override
    public long currentSystemTimeMs() {
        return task.wallClockMs();
    }

    @Override
    public void commit() {
        task.requestCommit();
    }
}
