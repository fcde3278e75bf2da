package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.RecordBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What a power loss can leave behind: a segment file cut anywhere, bytes flipped in the tail, an index with
 * garbage. After reopening, the log holds exactly the whole valid batches before the damage, and nothing after it.
 */
class TornTailRecoveryTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final Map<String, String> SETTINGS = Map.of("segment.bytes", "2048", "index.interval.bytes", "128");

    /** Writes 40 batches of 1-4 records, closes, returns the expected "offset:value" list. */
    private static List<String> writeLog(Path dir) throws IOException {
        try (Log log = Log.open(dir, LogConfig.fromProperties(SETTINGS), 0, 0, new MutableClock(NOW))) {
            int n = 0;
            for (int b = 0; b < 40; b++) {
                String[] values = new String[1 + b % 4];
                for (int i = 0; i < values.length; i++) {
                    values[i] = "v" + (n++) + "-" + "z".repeat(b * 3 % 50);
                }
                log.appendAsLeader(TestBatches.batch(NOW, values), 0, AppendOrigin.CLIENT);
            }
            return TestBatches.readAll(log);
        }
    }

    private static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Offsets of the batches wholly inside the first {@code length} bytes of the segment file. */
    private static long wholeBatchEnd(Path segment, int length, long segmentBase) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment), 0, length);
        long end = segmentBase;
        for (RecordBatch batch : Batches.allowingPartialTail(bytes)) {
            end = batch.nextOffset();
        }
        return end;
    }

    @Property(tries = 60)
    void aSegmentCutAnywhereKeepsExactlyItsWholeBatches(@ForAll @IntRange(min = 0, max = 1000) int permille)
            throws IOException {
        Path dir = Files.createTempDirectory("torn");
        try {
            List<String> written = writeLog(dir);
            Path segment = lastSegment(dir);
            long base = SegmentFiles.baseOffsetOf(segment.getFileName().toString(), SegmentFiles.LOG);
            int cut = (int) (Files.size(segment) * permille / 1000);
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.setLength(cut);
            }
            long expectedEnd = wholeBatchEnd(segment, cut, base);
            try (Log log = Log.open(dir, LogConfig.fromProperties(SETTINGS), 0, 0, new MutableClock(NOW))) {
                assertThat(log.logEndOffset()).isEqualTo(expectedEnd);
                assertThat(TestBatches.readAll(log)).isEqualTo(written.subList(0, (int) expectedEnd));
            }
        } finally {
            LogModelPropertyTest.deleteTree(dir);
        }
    }

    @Property(tries = 60)
    void aFlippedByteDropsItsBatchAndEverythingAfter(@ForAll @IntRange(min = 0, max = 1000) int permille,
                                                     @ForAll @IntRange(min = 1, max = 255) int flip)
            throws IOException {
        Path dir = Files.createTempDirectory("flipped");
        try {
            List<String> written = writeLog(dir);
            Path segment = lastSegment(dir);
            long base = SegmentFiles.baseOffsetOf(segment.getFileName().toString(), SegmentFiles.LOG);
            byte[] bytes = Files.readAllBytes(segment);
            // Find the batch holding the chosen byte; corrupt a byte the format can detect: the length field or
            // anything the CRC covers (base offset and leader epoch are outside the CRC, in Kafka's format too).
            int target = (int) ((long) (bytes.length - 1) * permille / 1000);
            int batchStart = 0;
            long damagedBatchBase = base;
            for (RecordBatch batch : Batches.allowingPartialTail(ByteBuffer.wrap(bytes))) {
                if (batchStart + batch.sizeInBytes() > target) {
                    damagedBatchBase = batch.baseOffset();
                    break;
                }
                batchStart += batch.sizeInBytes();
            }
            int position = Math.max(target, batchStart + 17);   // skip base offset, length... see above
            if (position - batchStart < 12 && position - batchStart >= 8) {
                position = target;   // the length field itself
            }
            bytes[position] ^= (byte) flip;
            Files.write(segment, bytes);
            try (Log log = Log.open(dir, LogConfig.fromProperties(SETTINGS), 0, 0, new MutableClock(NOW))) {
                assertThat(log.logEndOffset()).isEqualTo(damagedBatchBase);
                assertThat(TestBatches.readAll(log)).isEqualTo(written.subList(0, (int) damagedBatchBase));
            }
        } finally {
            LogModelPropertyTest.deleteTree(dir);
        }
    }

    @Property(tries = 60)
    void garbageInAnIndexIsNeverTrusted(@ForAll @IntRange(min = 0, max = 1000) int permille,
                                        @ForAll @IntRange(min = 1, max = 255) int flip,
                                        @ForAll boolean truncateInstead) throws IOException {
        Path dir = Files.createTempDirectory("index");
        try {
            List<String> written = writeLog(dir);
            List<Path> indexes = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".index") || f.toString().endsWith(".timeindex"))
                        .sorted().forEach(indexes::add);
            }
            for (Path index : indexes) {
                byte[] bytes = Files.readAllBytes(index);
                if (bytes.length == 0) {
                    continue;
                }
                int at = (int) ((long) (bytes.length - 1) * permille / 1000);
                if (truncateInstead) {
                    try (RandomAccessFile f = new RandomAccessFile(index.toFile(), "rw")) {
                        f.setLength(at);
                    }
                } else {
                    bytes[at] ^= (byte) flip;
                    Files.write(index, bytes);
                }
            }
            // Reopen trusting everything up to the end (a clean shutdown), so only the index checks stand between
            // the garbage and a wrong answer.
            try (Log log = Log.open(dir, LogConfig.fromProperties(SETTINGS), written.size(), 0,
                    new MutableClock(NOW))) {
                assertThat(TestBatches.readAll(log)).isEqualTo(written);
                for (int offset = 0; offset < written.size(); offset += 7) {
                    ByteBuffer read = log.read(offset, 64, written.size(), true).records().readAll();
                    assertThat(TestBatches.values(read)).contains(written.get(offset));
                }
            }
        } finally {
            LogModelPropertyTest.deleteTree(dir);
        }
    }
}
