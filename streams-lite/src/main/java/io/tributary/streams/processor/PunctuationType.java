package io.tributary.streams.processor;

/** What drives a punctuator: the task's stream time (the largest record timestamp seen) or the wall clock. */
public enum PunctuationType {
    STREAM_TIME,
    WALL_CLOCK_TIME
}
