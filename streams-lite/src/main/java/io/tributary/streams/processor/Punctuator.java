package io.tributary.streams.processor;

/** Called on the task's thread when a scheduled interval has passed; {@code timestamp} is the time that fired it. */
@FunctionalInterface
public interface Punctuator {

    void punctuate(long timestamp);
}
