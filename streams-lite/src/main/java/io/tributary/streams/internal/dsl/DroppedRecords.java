package io.tributary.streams.internal.dsl;

import io.tributary.streams.Topology;
import io.tributary.streams.internal.CopartitionedSupplier;
import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * How many records a node dropped (late for a closed window, or with a null key or value), summed over every task
 * that runs it: Kafka Streams' {@code dropped-records-total}. The count lives in the node's supplier, so it is read
 * from the topology: {@link #total(Topology)}.
 */
public final class DroppedRecords {

    /** A supplier whose processors count dropped records. */
    public interface Counting {
        DroppedRecords droppedRecords();
    }

    private final AtomicLong count = new AtomicLong();

    public void record() {
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }

    /** Every dropped record of every counting node of the topology. */
    public static long total(Topology topology) {
        long total = 0;
        for (NodeSpec node : topology.nodes().values()) {
            if (node instanceof NodeSpec.Processor p) {
                Object supplier = p.supplier() instanceof CopartitionedSupplier<?, ?, ?, ?> c ? c.inner() : p.supplier();
                if (supplier instanceof Counting counting) {
                    total += counting.droppedRecords().count();
                }
            }
        }
        return total;
    }

    /** A supplier that hands each new processor the node's shared counter. */
    public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> counting(
            Function<DroppedRecords, Processor<KI, VI, KO, VO>> factory) {
        DroppedRecords dropped = new DroppedRecords();
        return new CountingSupplier<>(dropped, factory);
    }

    private record CountingSupplier<KI, VI, KO, VO>(DroppedRecords droppedRecords,
            Function<DroppedRecords, Processor<KI, VI, KO, VO>> factory)
            implements ProcessorSupplier<KI, VI, KO, VO>, Counting {
        @Override
        public Processor<KI, VI, KO, VO> get() {
            return factory.apply(droppedRecords);
        }
    }
}
