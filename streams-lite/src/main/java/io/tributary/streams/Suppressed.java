package io.tributary.streams;

/**
 * What {@link KTable#suppress} holds back. Only {@link #untilWindowCloses}: for a windowed table, nothing is
 * emitted for a window until it closes (stream time reaches its end plus the aggregation's grace), then its final
 * value, once. The buffer is unbounded (in memory, logged to a changelog).
 */
public final class Suppressed {

    /** The buffer's bound; only unbounded is offered. */
    public static final class BufferConfig {
        private BufferConfig() {
        }

        public static BufferConfig unbounded() {
            return new BufferConfig();
        }
    }

    private final String name;

    private Suppressed(String name) {
        this.name = name;
    }

    public static Suppressed untilWindowCloses(BufferConfig bufferConfig) {
        return new Suppressed(null);
    }

    /** Names the buffer's store ({@code <name>-store}) and so its changelog. */
    public Suppressed withName(String newName) {
        return new Suppressed(newName);
    }

    String name() {
        return name;
    }
}
