package io.tributary.log.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bytes a benchmark moved, reported by JMH next to its operations as the secondary result
 * {@code <benchmark>:megabytes}: megabytes (10<sup>6</sup> bytes) counted during the iteration, divided by its
 * duration, so with the benchmarks' output unit of seconds it reads directly as MB/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteThroughput {

    private long bytes;

    /** Starts each iteration's count from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }

    void add(long n) {
        bytes += n;
    }

    /** @return the megabytes moved so far in this iteration (JMH turns it into MB/s) */
    public double megabytes() {
        return bytes / 1e6;
    }
}
