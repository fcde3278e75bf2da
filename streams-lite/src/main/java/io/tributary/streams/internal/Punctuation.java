package io.tributary.streams.internal;

import io.tributary.streams.processor.Cancellable;
import io.tributary.streams.processor.PunctuationType;
import io.tributary.streams.processor.Punctuator;

/** One scheduled punctuation of a task: fires each time its clock passes the next due time. */
final class Punctuation implements Cancellable {

    final PunctuationType type;
    private final long intervalMs;
    private final Punctuator punctuator;
    private final ProcessorNode node;
    private long dueMs = -1;
    private boolean cancelled;

    Punctuation(PunctuationType type, long intervalMs, Punctuator punctuator, ProcessorNode node) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("a punctuation interval must be at least 1 ms");
        }
        this.type = type;
        this.intervalMs = intervalMs;
        this.punctuator = punctuator;
        this.node = node;
    }

    ProcessorNode node() {
        return node;
    }

    /** Fires if due at {@code nowMs}; the first call only sets the first due time. Returns true if it fired. */
    boolean maybeFire(long nowMs) {
        if (cancelled || nowMs < 0) {
            return false;
        }
        if (dueMs < 0) {
            dueMs = nowMs + intervalMs;
            return false;
        }
        if (nowMs < dueMs) {
            return false;
        }
        // Missed intervals are skipped, not replayed: one call, then the next due time after now.
        dueMs = nowMs - (nowMs - dueMs) % intervalMs + intervalMs;
        punctuator.punctuate(nowMs);
        return true;
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
