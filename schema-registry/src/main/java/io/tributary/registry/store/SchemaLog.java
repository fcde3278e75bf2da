package io.tributary.registry.store;

/**
 * The registry's durable log (the {@code _schemas} topic): records appended by the writer, read back in order by
 * every instance. The seam under the registry's state, so tests can run it over an in-memory log.
 */
public interface SchemaLog extends AutoCloseable {

    /** Receives each record of the log in order, from the start. */
    @FunctionalInterface
    interface Reader {
        void apply(long offset, byte[] key, byte[] value);
    }

    /**
     * Starts reading the log from its beginning into {@code reader} (on a thread of the log's) and returns once
     * every record that was in the log when it was called has been applied.
     */
    void start(Reader reader) throws StoreException;

    /** Appends a record ({@code value} null: a tombstone) and returns its offset once the log acknowledged it. */
    long append(byte[] key, byte[] value) throws StoreException;

    /** Waits until the reader has applied the record at {@code offset}. */
    void awaitApplied(long offset) throws StoreException;

    /** Waits until the reader has applied every record in the log now (read-your-writes after another's write). */
    void awaitCaughtUp() throws StoreException;

    @Override
    void close();
}
