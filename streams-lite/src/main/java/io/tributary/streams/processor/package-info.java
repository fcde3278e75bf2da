/**
 * The low-level processor API: {@link io.tributary.streams.processor.Processor}s receive
 * {@link io.tributary.streams.processor.Record}s one at a time on their task's thread and forward to their
 * children; they reach state stores and schedule punctuations through the
 * {@link io.tributary.streams.processor.ProcessorContext}. The DSL in {@code io.tributary.streams} is built on it.
 */
package io.tributary.streams.processor;
