package io.tributary.streams.processor;

import io.tributary.streams.state.StateStore;
import java.time.Duration;
import java.util.Optional;

/** What a processor can reach: its children, its task's state stores, time and punctuation. */
public interface ProcessorContext<KOut, VOut> {

    String applicationId();

    TaskId taskId();

    /** The source record being processed; empty inside a punctuation. */
    Optional<RecordMetadata> recordMetadata();

    /** Forwards to every child. */
    <K extends KOut, V extends VOut> void forward(Record<K, V> record);

    /** Forwards to the named child only. */
    <K extends KOut, V extends VOut> void forward(Record<K, V> record, String childName);

    /** A store connected to this processor; fails if the topology did not connect it. */
    <S extends StateStore> S getStateStore(String name);

    Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator);

    /** The largest record timestamp the task has seen (-1 before the first record). */
    long currentStreamTimeMs();

    long currentSystemTimeMs();

    /** Asks for a commit at the end of this processing round rather than at the next commit interval. */
    void commit();
}
