package io.tributary.protocol.record;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the records of one batch from its (uncompressed) records section and checks that the
 * declared record count uses the section exactly: a missing record or leftover bytes is corruption.
 */
final class RecordIterator implements Iterator<Record> {

    private final ByteCursor cursor;
    private final RecordDecoder decoder;
    private final int count;
    private int read;

    RecordIterator(ByteCursor cursor, RecordDecoder decoder, int count) {
        if (count < 0) {
            throw new CorruptRecordException("Invalid negative record count " + count);
        }
        this.cursor = cursor;
        this.decoder = decoder;
        this.count = count;
        if (count == 0) {
            requireNoneRemaining();
        }
    }

    @Override
    public boolean hasNext() {
        return read < count;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (cursor.remaining() == 0) {
            throw new CorruptRecordException("Record batch declares " + count + " records but holds only " + read);
        }
        Record record = decoder.decode(cursor);
        read++;
        if (read == count) {
            requireNoneRemaining();
        }
        return record;
    }

    private void requireNoneRemaining() {
        if (cursor.remaining() != 0) {
            throw new CorruptRecordException("Record batch has " + cursor.remaining()
                    + " bytes left after its " + count + " declared records");
        }
    }
}
