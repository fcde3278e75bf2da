package io.tributary.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: appends batches to a log with {@code flush.messages=1} forever
 * and prints {@code ACK <firstOffset> <count> <firstValue>} after each append returns (so after its fsync), until
 * it is killed.
 */
public final class CrashingAppender {

    private CrashingAppender() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long recoveryPoint = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        LogConfig config = LogConfig.fromProperties(Map.of("segment.bytes", "4096", "index.interval.bytes", "256",
                "flush.messages", "1"));
        Log log = Log.open(dir, config, recoveryPoint, 0, Clock.systemUTC());
        PrintStream out = System.out;
        out.println("OPEN " + log.logEndOffset());
        out.flush();
        long sequence = log.logEndOffset();
        while (true) {
            int count = 1 + random.nextInt(8);
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = "r" + (sequence + i) + "-" + "p".repeat(random.nextInt(200));
            }
            LogAppendInfo info = log.appendAsLeader(TestBatches.batch(System.currentTimeMillis(), values), 1,
                    AppendOrigin.CLIENT);
            out.println("ACK " + info.firstOffset() + " " + count);
            out.flush();
            sequence += count;
        }
    }
}
