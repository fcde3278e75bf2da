package io.tributary.broker.network;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A range of a segment file sent with {@code sendfile} ({@link FileChannel#transferTo}). Unlike Netty's
 * {@code DefaultFileRegion} it never closes the channel when released: the log owns segment channels, and a
 * removed segment is closed only after {@code file.delete.delay.ms}, by when every send has finished.
 */
final class SegmentFileRegion extends AbstractReferenceCounted implements FileRegion {

    private final FileChannel channel;
    private final long position;
    private final long count;
    private long transferred;

    SegmentFileRegion(FileChannel channel, long position, long count) {
        this.channel = channel;
        this.position = position;
        this.count = count;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long transferTo(WritableByteChannel target, long from) throws IOException {
        long remaining = count - from;
        if (remaining <= 0) {
            return 0;
        }
        long written = channel.transferTo(position + from, remaining, target);
        if (written > 0) {
            transferred += written;
        }
        return written;
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the segment: nothing to release here.
    }

    @Override
    public FileRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileRegion touch() {
        return this;
    }

    @Override
    public FileRegion touch(Object hint) {
        return this;
    }
}
