package io.tributary.log.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The baseline for appends: the same bytes written by positional {@link FileChannel#write(ByteBuffer, long)} to
 * the end of a plain file in a scratch directory beside the log's, with no validation, offsets or index. Files
 * are replaced as the log's segments are: a new file every {@link BenchLogs#SEGMENT_BYTES}, the oldest deleted
 * on a {@link BackgroundThread} beyond {@link BenchLogs#RETAINED_SEGMENTS} full ones, so both pay the same file
 * creation and deletion. Each iteration starts with a new file and deletes its files afterwards, outside the
 * measured time.
 *
 * <p>With {@code fsyncOnRoll} a full file is also forced to disk before it is closed, as the log's roll does
 * ({@code LogSegment.onRoll} fsyncs the segment it closes, on the appending thread).
 */
@State(Scope.Thread)
public class RawFileAppender {

    /** Whether a full file is fsynced before the next one starts. */
    @Param({"false", "true"})
    public boolean fsyncOnRoll;

    private ScratchDirectory dir;
    private BackgroundThread background;
    private final Deque<Path> full = new ArrayDeque<>();
    private Path current;
    private FileChannel channel;
    private long position;
    private long fileNumber;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = ScratchDirectory.create("raw-");
        background = new BackgroundThread();
    }

    @Setup(Level.Iteration)
    public void firstFile() throws IOException {
        startFile();
    }

    void append(ByteBuffer batch) throws IOException {
        if (position > 0 && position + batch.remaining() > BenchLogs.SEGMENT_BYTES) {
            roll();
        }
        ByteBuffer src = batch.duplicate();
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
        position = at;
    }

    private void roll() throws IOException {
        if (fsyncOnRoll) {
            channel.force(true);
        }
        channel.close();
        full.addLast(current);
        while (full.size() > BenchLogs.RETAINED_SEGMENTS) {
            Path oldest = full.removeFirst();
            background.executor().execute(() -> deleteUnchecked(oldest));
        }
        startFile();
    }

    private void startFile() throws IOException {
        current = dir.path().resolve(String.format("%020d.raw", fileNumber++));
        channel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        position = 0;
    }

    private static void deleteUnchecked(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown(Level.Iteration)
    public void deleteFiles() throws IOException {
        channel.close();
        Files.delete(current);
        while (!full.isEmpty()) {
            Files.delete(full.removeFirst());
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        background.close();
        dir.close();
    }
}
