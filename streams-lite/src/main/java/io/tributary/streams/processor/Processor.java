package io.tributary.streams.processor;

/**
 * A node of a topology: receives records one at a time on its task's thread and forwards any number of records to
 * its children through the context. One instance per task, so an instance never sees two threads.
 */
public interface Processor<KIn, VIn, KOut, VOut> {

    default void init(ProcessorContext<KOut, VOut> context) {
    }

    void process(Record<KIn, VIn> record);

    default void close() {
    }
}
