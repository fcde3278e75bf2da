package io.tributary.streams.internal;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorSupplier;

/**
 * Marks the supplier of a join processor: the topics feeding the processor and those feeding the other stores it
 * reads must be co-partitioned (same partition count, same key partitioning), since one task holds partition
 * {@code p} of each. {@link TopologyPlan#copartitionGroups()} collects them.
 */
public final class CopartitionedSupplier<KIn, VIn, KOut, VOut> implements ProcessorSupplier<KIn, VIn, KOut, VOut> {

    private final ProcessorSupplier<KIn, VIn, KOut, VOut> inner;

    private CopartitionedSupplier(ProcessorSupplier<KIn, VIn, KOut, VOut> inner) {
        this.inner = inner;
    }

    public static <KIn, VIn, KOut, VOut> CopartitionedSupplier<KIn, VIn, KOut, VOut> of(
            ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return new CopartitionedSupplier<>(supplier);
    }

    @Override
    public Processor<KIn, VIn, KOut, VOut> get() {
        return inner.get();
    }

    /** The wrapped supplier (for what inspects suppliers, such as {@code DroppedRecords.total}). */
    public ProcessorSupplier<KIn, VIn, KOut, VOut> inner() {
        return inner;
    }
}
