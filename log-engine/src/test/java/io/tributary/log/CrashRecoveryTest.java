package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM appending to a log with SIGKILL at random moments, reopens the log, and checks that every
 * acknowledged (fsynced) record is there once, intact and in order, and that only whole batches are visible.
 * Five logs each crash ten times in a row, recovering from a random acknowledged recovery point or from scratch,
 * and the child continues appending after each recovery. {@code -Dcrash.trials=N} runs more.
 */
class CrashRecoveryTest {

    private static final int LOGS = 5;

    @TempDir
    Path tmp;

    @Test
    void acknowledgedRecordsSurviveSigkill() throws Exception {
        int trialsPerLog = Integer.getInteger("crash.trials", 50) / LOGS;
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        long seed = random.nextLong();
        System.out.println("CrashRecoveryTest seed " + seed);
        random = new Random(seed);
        for (int l = 0; l < LOGS; l++) {
            Path dir = tmp.resolve("crash-" + l);
            long acknowledgedEnd = 0;
            List<Long> acknowledgedFirstOffsets = new ArrayList<>();
            for (int trial = 0; trial < trialsPerLog; trial++) {
                long recoveryPoint = random.nextBoolean() ? 0 : acknowledgedEnd;
                acknowledgedEnd = runAndKill(dir, recoveryPoint, random, acknowledgedEnd, acknowledgedFirstOffsets);
                verify(dir, acknowledgedEnd, random.nextBoolean() ? 0 : acknowledgedEnd, "log " + l + " trial " + trial
                        + " seed " + seed);
            }
        }
    }

    /** Runs the child until a random number of acks, kills it; returns the end of what was acknowledged. */
    private static long runAndKill(Path dir, long recoveryPoint, Random random, long acknowledgedEnd,
                                   List<Long> firsts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), CrashingAppender.class.getName(), dir.toString(),
                Long.toString(recoveryPoint), Long.toString(random.nextLong()));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = builder.start();
        int killAfter = 1 + random.nextInt(40);
        long end = acknowledgedEnd;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String open = out.readLine();
            assertThat(open).as("child start").startsWith("OPEN ");
            assertThat(Long.parseLong(open.substring(5))).as("log end after recovery")
                    .isGreaterThanOrEqualTo(acknowledgedEnd);
            int acks = 0;
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                long first = Long.parseLong(parts[1]);
                int count = Integer.parseInt(parts[2]);
                firsts.add(first);
                end = first + count;
                if (++acks == killAfter) {
                    child.toHandle().destroyForcibly();   // SIGKILL, keeping our end of the pipe readable
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return end;
    }

    /** Reopens the log as the broker would after the crash and checks every acknowledged record. */
    private static void verify(Path dir, long acknowledgedEnd, long recoveryPoint, String what) throws IOException {
        LogConfig config = LogConfig.fromProperties(Map.of("segment.bytes", "4096", "index.interval.bytes", "256"));
        try (Log log = Log.open(dir, config, recoveryPoint, 0, Clock.systemUTC())) {
            assertThat(log.logEndOffset()).as(what + ": log end").isGreaterThanOrEqualTo(acknowledgedEnd);
            List<String> records = TestBatches.readAll(log);
            assertThat(records).as(what + ": record count").hasSize((int) log.logEndOffset());
            for (int i = 0; i < records.size(); i++) {
                String record = records.get(i);
                assertThat(record).as(what + ": record " + i).startsWith(i + ":r" + i + "-");
            }
            checkProducerState(log, what);
        }
    }

    /**
     * The idempotent producer's state came back too: a retry of the newest batch is recognised as a duplicate, a
     * sequence gap is refused, and the next sequence is accepted.
     */
    private static void checkProducerState(Log log, String what) {
        long end = log.logEndOffset();
        if (end == 0) {
            return;
        }
        io.tributary.protocol.record.RecordBatch newest = null;
        for (io.tributary.protocol.record.RecordBatch b : io.tributary.protocol.record.Batches.allowingPartialTail(
                log.read(Math.max(0, end - 8), 1 << 20, end, true).records().readAll())) {
            newest = b;
        }
        LogAppendInfo retry = log.appendAsLeader(CrashingAppender.batch(newest.baseOffset(), newest.recordCount()), 1,
                AppendOrigin.CLIENT);
        assertThat(retry.duplicate()).as(what + ": retry of the newest batch is a duplicate").isTrue();
        assertThat(retry.firstOffset()).isEqualTo(newest.baseOffset());
        assertThatThrownBy(() -> log.appendAsLeader(CrashingAppender.batch(end + 1, 1), 1, AppendOrigin.CLIENT))
                .as(what + ": a gap is refused").isInstanceOf(LogException.class);
        assertThat(log.appendAsLeader(CrashingAppender.batch(end, 1), 1, AppendOrigin.CLIENT).firstOffset())
                .isEqualTo(end);
    }
}
