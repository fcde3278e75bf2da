package io.tributary.streams.processor;

/** Makes a fresh {@link Processor} for each task that runs the node; must never return a shared instance. */
@FunctionalInterface
public interface ProcessorSupplier<KIn, VIn, KOut, VOut> {

    Processor<KIn, VIn, KOut, VOut> get();
}
