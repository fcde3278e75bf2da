package io.tributary.protocol.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The consecutive record batches in a buffer, such as a partition's records field in a produce
 * request or a fetch response, or a log segment read.
 *
 * <p>Framing errors surface from the iterator as {@link UnsupportedMagicException} (magic 0/1)
 * or {@link CorruptRecordException}; a length is never trusted beyond the bytes present. Only
 * framing is checked here: CRCs and records are checked by {@link RecordBatch}.
 */
public final class Batches implements Iterable<RecordBatch> {

    private final ByteBuffer buffer;
    private final boolean allowPartialTail;

    private Batches(ByteBuffer buffer, boolean allowPartialTail) {
        this.buffer = buffer.duplicate();
        this.allowPartialTail = allowPartialTail;
    }

    /**
     * Batches that must fill the buffer exactly, as in a produce request: trailing bytes that do
     * not form a whole batch are corruption.
     *
     * @param buffer the bytes, position to limit (the position is not moved)
     * @return the batches
     */
    public static Batches strict(ByteBuffer buffer) {
        return new Batches(buffer, false);
    }

    /**
     * Batches where a cut-off last batch is silently dropped, as in a fetch response bounded by
     * max bytes or the unflushed tail of a log segment.
     *
     * @param buffer the bytes, position to limit (the position is not moved)
     * @return the batches
     */
    public static Batches allowingPartialTail(ByteBuffer buffer) {
        return new Batches(buffer, true);
    }

    /**
     * @return every batch, framed eagerly so that any framing error is thrown here
     */
    public List<RecordBatch> toList() {
        List<RecordBatch> batches = new ArrayList<>();
        iterator().forEachRemaining(batches::add);
        return batches;
    }

    @Override
    public Iterator<RecordBatch> iterator() {
        return new Iterator<>() {
            private int position = buffer.position();
            private RecordBatch next;

            @Override
            public boolean hasNext() {
                if (next == null && position < buffer.limit()) {
                    int size = BatchFraming.sizeOfBatchAt(buffer, position, buffer.limit(), allowPartialTail);
                    if (size == BatchFraming.INCOMPLETE) {
                        position = buffer.limit();
                    } else {
                        next = new RecordBatch(RecordBatch.slice(buffer, position, size));
                        position += size;
                    }
                }
                return next != null;
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordBatch batch = next;
                next = null;
                return batch;
            }
        };
    }
}
