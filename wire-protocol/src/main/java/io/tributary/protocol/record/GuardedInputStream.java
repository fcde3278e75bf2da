package io.tributary.protocol.record;

import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps a decompressing stream so that it yields at most {@code limit} bytes and fails only with
 * {@link CorruptRecordException}: producing more than the limit, or any exception from the codec
 * (its I/O errors as well as the runtime exceptions some codecs throw on bad input), becomes one.
 */
final class GuardedInputStream extends InputStream {

    private final InputStream delegate;
    private final CompressionType type;
    private final long limit;
    private long produced;

    GuardedInputStream(InputStream delegate, CompressionType type, long limit) {
        this.delegate = delegate;
        this.type = type;
        this.limit = limit;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = delegate.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw corrupt(type, e);
        }
        if (n > 0) {
            produced += n;
            if (produced > limit) {
                throw new CorruptRecordException("Decompressed " + type + " data exceeds the limit of "
                        + limit + " bytes");
            }
        }
        return n;
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } catch (IOException | RuntimeException e) {
            throw corrupt(type, e);
        }
    }

    static CorruptRecordException corrupt(CompressionType type, Exception cause) {
        return new CorruptRecordException("Invalid " + type + " compressed data: " + cause.getMessage(), cause);
    }
}
