package io.tributary.streams.internal.state;

import org.apache.kafka.common.header.Headers;

/**
 * Hears what a cached store writes through when it flushes or evicts: the processor that owns the store forwards
 * it downstream then, instead of on every update. {@code oldValue} is the value the store held before.
 */
@FunctionalInterface
public interface FlushListener<K, V> {

    void apply(K key, V newValue, V oldValue, long timestamp, Headers headers);
}
