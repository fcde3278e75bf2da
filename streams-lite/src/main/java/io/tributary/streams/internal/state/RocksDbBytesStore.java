package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * A {@link BytesStore} in one RocksDB database on disk, {@code <task dir>/rocksdb/<store name>} as in Kafka
 * Streams, so state can outgrow the heap: only the memtables and the block cache (both bounded, see
 * {@link RocksDbOptions}) live in native memory, the rest in files. Keys sort by RocksDB's default bytewise
 * comparator, unsigned bytes — the order of {@link Bytes} and {@link InMemoryBytesStore}.
 *
 * <p><b>Durability without a write-ahead log.</b> Writes skip RocksDB's WAL, as in Kafka Streams: the changelog
 * topic is the durable copy, and a WAL would write everything a second time. A write is then durable locally
 * only once its memtable is flushed to an SST file. The task's order makes that safe: it calls {@link #flush()}
 * (which waits until every memtable is in an SST and the MANIFEST records it) and only then writes its
 * {@code .checkpoint}, with no store write in between (one thread drives the task). Every changelog offset the
 * checkpoint names belongs to a change applied to this store before it was logged, hence before the flush; so
 * after a crash the reopened database holds at least what the checkpoint claims. It may hold more (RocksDB
 * flushes full memtables on its own, and a crash can land between flush and checkpoint): restoring then replays
 * changelog records the store already has, and replaying puts and deletes of the same keys in the same order
 * converges to the same state. A write lost with its memtable is always after the checkpoint, so it is
 * replayed from the changelog.
 *
 * <p>Not thread-safe; one task's thread uses it. Iterators see a consistent snapshot taken when they were
 * created (so a processor may write while it iterates) and must be closed; {@link #close()} closes any left open.
 */
public final class RocksDbBytesStore implements BytesStore {

    private final Path directory;
    private final Options options;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final FlushOptions flushOptions;
    private final RocksDB db;
    private final Set<RocksDbIterator> openIterators = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private RocksDbBytesStore(Path directory, Options options, RocksDB db) {
        this.directory = directory;
        this.options = options;
        this.db = db;
        // The changelog is the durable copy (see the class comment); the WAL would double every write.
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        this.readOptions = new ReadOptions();
        // flush() must return only once the memtables are on disk: a checkpoint follows it.
        this.flushOptions = new FlushOptions().setWaitForFlush(true);
    }

    /** The directory of a store named {@code storeName} in a task's state directory. */
    public static Path directory(Path taskDirectory, String storeName) {
        return taskDirectory.resolve("rocksdb").resolve(storeName);
    }

    /**
     * Opens the database in {@code directory}, creating it if missing and reopening what a previous run left (its
     * checkpoint then spares a full restore).
     *
     * @throws IllegalStateException naming the directory, when it cannot be created or RocksDB cannot open it
     *     (corrupt files, locked by another open store, native library missing)
     */
    public static RocksDbBytesStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the RocksDB store directory " + directory + ": " + e, e);
        }
        Options options = null;
        try {
            options = RocksDbOptions.create();
            return new RocksDbBytesStore(directory, options, RocksDB.open(options, directory.toString()));
        } catch (RocksDBException | RuntimeException | LinkageError e) {
            if (options != null) {
                options.close();
            }
            throw new IllegalStateException("cannot open the RocksDB store in " + directory + " (corrupt, or "
                    + "open elsewhere?): " + e, e);
        }
    }

    @Override
    public byte[] get(Bytes key) {
        checkOpen();
        try {
            return db.get(key.get());
        } catch (RocksDBException e) {
            throw failure("get", e);
        }
    }

    @Override
    public void put(Bytes key, byte[] value) {
        checkOpen();
        try {
            if (value == null) {
                db.delete(writeOptions, key.get());
            } else {
                db.put(writeOptions, key.get(), value);
            }
        } catch (RocksDBException e) {
            throw failure("put", e);
        }
    }

    @Override
    public BytesIterator range(Bytes from, Bytes to) {
        checkOpen();
        RocksIterator raw = db.newIterator(readOptions);
        if (from == null) {
            raw.seekToFirst();
        } else {
            raw.seek(from.get());
        }
        RocksDbIterator it = new RocksDbIterator(raw, to);
        openIterators.add(it);
        return it;
    }

    /** RocksDB's estimate: overwritten and deleted keys not yet compacted away may be counted. */
    @Override
    public long approximateNumEntries() {
        checkOpen();
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw failure("estimate the number of keys", e);
        }
    }

    /** Flushes the memtables to SST files and waits: what was written so far survives a crash. */
    @Override
    public void flush() {
        checkOpen();
        try {
            db.flush(flushOptions);
        } catch (RocksDBException e) {
            throw failure("flush", e);
        }
    }

    /**
     * Closes open iterators, then the database (RocksDB flushes unpersisted memtables on close, as
     * {@code avoid_flush_during_shutdown=false} asks), then the options. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RocksDbIterator it : List.copyOf(openIterators)) {
            it.close();
        }
        db.close();
        writeOptions.close();
        readOptions.close();
        flushOptions.close();
        options.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the RocksDB store in " + directory + " is closed");
        }
    }

    private IllegalStateException failure(String what, RocksDBException e) {
        return new IllegalStateException("RocksDB store in " + directory + ": cannot " + what + ": " + e, e);
    }

    /** A forward iteration up to an inclusive bound; releases its native iterator when closed. */
    private final class RocksDbIterator implements BytesIterator {

        private final RocksIterator raw;
        private final byte[] to;
        private boolean open = true;

        RocksDbIterator(RocksIterator raw, Bytes to) {
            this.raw = raw;
            this.to = to == null ? null : to.get();
        }

        @Override
        public boolean hasNext() {
            if (!open) {
                return false;
            }
            if (!raw.isValid()) {
                // Invalid means the end, or an I/O error or corruption that status() reports.
                try {
                    raw.status();
                } catch (RocksDBException e) {
                    throw failure("iterate", e);
                }
                return false;
            }
            // RocksDB's upper bound is exclusive; ours is inclusive, so compare here (unsigned, like RocksDB).
            return to == null || Arrays.compareUnsigned(raw.key(), to) <= 0;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> entry = new KeyValue<>(Bytes.wrap(raw.key()), raw.value());
            raw.next();
            return entry;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                raw.close();
                openIterators.remove(this);
            }
        }
    }
}
