package io.tributary.streams;

/**
 * When a windowed aggregation emits: on every update (the default) or once per window when it closes, which is
 * the same as suppressing the table {@link Suppressed#untilWindowCloses until the window closes}.
 */
public enum EmitStrategy {
    ON_WINDOW_UPDATE,
    ON_WINDOW_CLOSE;

    public static EmitStrategy onWindowUpdate() {
        return ON_WINDOW_UPDATE;
    }

    public static EmitStrategy onWindowClose() {
        return ON_WINDOW_CLOSE;
    }
}
