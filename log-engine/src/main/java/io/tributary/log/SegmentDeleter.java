package io.tributary.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Disposes of segments a log no longer holds. A reader may still be sending a slice of one (sendfile runs after
 * the read returns), so the files are renamed with a {@code .deleted} suffix at once — a crash before the delete
 * leaves nothing that recovery would load — and closed and removed only after {@code file.delete.delay.ms}.
 */
interface SegmentDeleter {

    String DELETED_SUFFIX = ".deleted";

    void delete(LogSegment segment, long delayMs) throws IOException;

    /** Deletes at once; for tests and tools where no reader can be in flight. */
    SegmentDeleter IMMEDIATE = (segment, delayMs) -> segment.delete();

    /** Renames now and deletes on the scheduler after the delay. */
    static SegmentDeleter delayed(ScheduledExecutorService scheduler) {
        return (segment, delayMs) -> {
            segment.markDeleted();
            scheduler.schedule(() -> {
                try {
                    segment.delete();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        };
    }
}
