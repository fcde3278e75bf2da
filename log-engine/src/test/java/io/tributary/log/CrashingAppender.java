package io.tributary.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: appends an idempotent producer's batches (producer id
 * {@link #PRODUCER_ID}, epoch 0, sequence = offset) to a log with {@code flush.messages=1} forever and prints
 * {@code ACK <firstOffset> <count>} after each append returns (so after its fsync), until it is killed.
 */
public final class CrashingAppender {

    static final long PRODUCER_ID = 7;

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
            LogAppendInfo info = log.appendAsLeader(batch(sequence, count), 1, AppendOrigin.CLIENT);
            if (info.duplicate() || info.firstOffset() != sequence) {
                throw new IllegalStateException("append at " + sequence + " went to " + info);
            }
            out.println("ACK " + info.firstOffset() + " " + count);
            out.flush();
            sequence += count;
        }
    }

    /** The batch for offsets {@code first .. first + count - 1}: values "r<offset>-" and padding. */
    static java.nio.ByteBuffer batch(long first, int count) {
        io.tributary.protocol.record.RecordBatchBuilder builder = new io.tributary.protocol.record.RecordBatchBuilder()
                .producer(PRODUCER_ID, (short) 0, (int) first);
        for (int i = 0; i < count; i++) {
            long offset = first + i;
            builder.add(io.tributary.protocol.record.RecordData.of(System.currentTimeMillis(), null,
                    ("r" + offset + "-" + "p".repeat((int) (offset * 37 % 200)))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return builder.build();
    }
}
