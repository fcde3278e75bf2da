package io.tributary.streams.processor;

/** Cancels a scheduled punctuation. */
@FunctionalInterface
public interface Cancellable {

    void cancel();
}
