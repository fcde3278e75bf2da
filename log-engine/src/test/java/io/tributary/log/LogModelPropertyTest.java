package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Model-based: any interleaving of appends, rolls, truncations, log-start moves with retention, and reopens (clean,
 * or with a full recovery) leaves the log equal to a plain list of what was appended — offsets dense and
 * increasing, every record readable exactly once, in order.
 */
class LogModelPropertyTest {

    private static final long NOW = 1_700_000_000_000L;

    sealed interface Op permits Append, Roll, Truncate, AdvanceStart, Reopen {
    }

    record Append(int records, int valueSize) implements Op {
    }

    record Roll() implements Op {
    }

    record Truncate(double where) implements Op {
    }

    record AdvanceStart(double where) implements Op {
    }

    record Reopen(boolean fullRecovery) implements Op {
    }

    /** The model: batches as appended, and the log start. */
    private static final class Model {
        final List<long[]> batches = new ArrayList<>();   // {baseOffset, count}
        final List<String> values = new ArrayList<>();     // index i holds offset startOfValues + i
        long startOfValues;
        long logStart;
        long logEnd;

        List<String> expected() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                long offset = startOfValues + i;
                if (offset >= logStart) {
                    out.add(offset + ":" + values.get(i));
                }
            }
            return out;
        }

        void truncateTo(long target) {
            if (target <= logStart) {
                batches.clear();
                values.clear();
                startOfValues = target;
                logStart = target;
                logEnd = target;
                return;
            }
            while (!batches.isEmpty()) {
                long[] last = batches.get(batches.size() - 1);
                if (last[0] + last[1] - 1 >= target) {
                    batches.remove(batches.size() - 1);
                    for (int i = 0; i < last[1]; i++) {
                        values.remove(values.size() - 1);
                    }
                    logEnd = last[0];
                } else {
                    break;
                }
            }
            if (logEnd < logStart) {
                batches.clear();
                values.clear();
                startOfValues = logStart;
                logEnd = logStart;
            }
        }
    }

    @Provide
    Arbitrary<Op> ops() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Combinators.combine(Arbitraries.integers().between(1, 5),
                        Arbitraries.integers().between(0, 120)).as(Append::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Roll())),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles().between(0, 1).map(Truncate::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles().between(0, 1).map(AdvanceStart::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(true, false).map(Reopen::new)));
    }

    @Property(tries = 150)
    void logMatchesTheModelAfterEveryOperation(@ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("ops") Op> ops)
            throws IOException {
        Path dir = Files.createTempDirectory("log-model");
        Map<String, String> settings = Map.of("segment.bytes", "400", "index.interval.bytes", "64");
        MutableClock clock = new MutableClock(NOW);
        Model model = new Model();
        int counter = 0;
        Log log = Log.open(dir.resolve("p-0"), LogConfig.fromProperties(settings), 0, 0, clock);
        try {
            for (Op op : ops) {
                if (op instanceof Append a) {
                    String[] values = new String[a.records()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = "v" + (counter++) + "-" + "x".repeat(a.valueSize());
                    }
                    LogAppendInfo info = log.appendAsLeader(TestBatches.batch(NOW, values), 0, AppendOrigin.CLIENT);
                    assertThat(info.firstOffset()).isEqualTo(model.logEnd);
                    if (model.values.isEmpty()) {
                        model.startOfValues = model.logEnd;
                    }
                    model.batches.add(new long[] {model.logEnd, values.length});
                    model.values.addAll(List.of(values));
                    model.logEnd += values.length;
                } else if (op instanceof Roll) {
                    log.roll();
                } else if (op instanceof Truncate t) {
                    long target = model.logStart + (long) (t.where() * (model.logEnd - model.logStart));
                    log.truncateTo(target);
                    if (target < model.logEnd) {
                        model.truncateTo(target);
                    }
                } else if (op instanceof AdvanceStart s) {
                    long target = model.logStart + (long) (s.where() * (model.logEnd - model.logStart));
                    log.advanceLogStartOffset(target);
                    log.deleteRetainedSegments();
                    model.logStart = Math.max(model.logStart, target);
                } else if (op instanceof Reopen r) {
                    long start = log.logStartOffset();
                    long end = log.logEndOffset();
                    log.close();
                    log = Log.open(dir.resolve("p-0"), LogConfig.fromProperties(settings), r.fullRecovery() ? 0 : end,
                            start, clock);
                }
                assertThat(log.logEndOffset()).as("log end after " + op).isEqualTo(model.logEnd);
                assertThat(log.logStartOffset()).as("log start after " + op).isEqualTo(model.logStart);
                assertThat(TestBatches.readAll(log)).as("contents after " + op).isEqualTo(model.expected());
            }
        } finally {
            log.close();
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
