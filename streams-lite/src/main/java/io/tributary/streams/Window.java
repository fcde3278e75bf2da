package io.tributary.streams;

/**
 * A window of time in milliseconds. For time (tumbling and hopping) windows the end is exclusive; session and
 * sliding windows contain both ends, as in Kafka Streams, which prints them alike.
 */
public record Window(long start, long end) {

    public Window {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad window [" + start + ", " + end + "]");
        }
    }

    /** True when the windows share any instant (ends counted as inclusive, as sessions merge). */
    public boolean overlaps(Window other) {
        return start <= other.end && other.start <= end;
    }

    @Override
    public String toString() {
        return "Window{startMs=" + start + ", endMs=" + end + "}";
    }
}
