package io.tributary.log.bench;

import io.tributary.log.FileSlice;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where read benchmarks send file slices: {@code /dev/null} opened as a {@link FileChannel}, so that
 * {@link FileChannel#transferTo} takes the kernel's {@code sendfile} path as it does to a socket, but with no
 * network stack behind it (an upper bound for the zero-copy path). Without {@code /dev/null} the sink is a
 * discarding stream channel and the JDK copies through a buffer instead.
 */
@State(Scope.Thread)
public class DiscardSink {

    private static final Path DEV_NULL = Path.of("/dev/null");

    private WritableByteChannel channel;

    @Setup(Level.Trial)
    public void open() throws IOException {
        channel = Files.isWritable(DEV_NULL)
                ? FileChannel.open(DEV_NULL, StandardOpenOption.WRITE)
                : Channels.newChannel(OutputStream.nullOutputStream());
    }

    /** Sends the whole slice; returns the bytes sent. */
    long send(FileSlice slice) throws IOException {
        long sent = 0;
        while (sent < slice.length()) {
            sent += slice.channel().transferTo(slice.position() + sent, slice.length() - sent, channel);
        }
        return sent;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
    }
}
