package io.tributary.streams.internal.state;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The options every {@link RocksDbBytesStore} opens with, chosen for a small, bounded footprint rather than
 * Kafka Streams' per-store 50 MiB cache and three 16 MiB memtables (which grow with every store of every task).
 * One block cache and one write-buffer budget are shared by all stores of the JVM, so native memory stays about
 * 64 MiB however many stores there are (plus RocksDB's own overhead).
 */
final class RocksDbOptions {

    /** The JVM-wide block cache: data, index and filter blocks of all stores, and the memtables' reservations. */
    static final long SHARED_CACHE_BYTES = 64L << 20;
    /** Of that cache, what all stores' memtables may use together before RocksDB flushes the largest ones. */
    static final long SHARED_WRITE_BUFFER_BYTES = 32L << 20;
    /** One memtable's size: Kafka Streams' value; big enough for few, large SST files at L0. */
    static final long WRITE_BUFFER_BYTES = 16L << 20;
    /** One memtable taking writes and one being flushed: no more (Kafka Streams allows three). */
    static final int MAX_WRITE_BUFFERS = 2;

    static {
        // Extracts the native library for this platform from the jar (once per JVM).
        RocksDB.loadLibrary();
    }

    // Shared for the JVM's life and never closed: stores come and go with tasks.
    private static final Cache CACHE = new LRUCache(SHARED_CACHE_BYTES);
    // Charged to the cache, so memtables and cached blocks share one budget instead of adding up.
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(SHARED_WRITE_BUFFER_BYTES, CACHE);
    // 10 bits a key (~1% false positives): a get of an absent key, as an aggregation's first record of a key
    // does, mostly skips reading data blocks.
    private static final BloomFilter FILTER = new BloomFilter(10);

    private RocksDbOptions() {
    }

    /** New options for one store; the caller closes them after the database. */
    static Options create() {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(CACHE)
                .setFilterPolicy(FILTER)
                // Index and filter blocks count against the cache instead of growing with the data outside it;
                // L0's stay pinned because every read consults them.
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                // 4 KiB blocks (RocksDB's and Kafka's default): small reads for point lookups.
                .setBlockSize(4 << 10);
        return new Options()
                .setCreateIfMissing(true)
                .setTableFormatConfig(table)
                .setWriteBufferManager(WRITE_BUFFERS)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(MAX_WRITE_BUFFERS)
                // LZ4: cheap to compress and decompress, bundled in the jar; halves typical JSON/text values.
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                // Leveled compaction (RocksDB's default) keeps space amplification near 1.1x; Kafka Streams'
                // universal compaction writes less but may need twice the disk.
                // Two background jobs (one flush, one compaction at a time): a library should not take every core.
                .setMaxBackgroundJobs(2)
                // Close flushes what the memtables hold (the WAL is off, so nothing else would keep it).
                .setAvoidFlushDuringShutdown(false)
                // RocksDB's info LOG: two files of at most 1 MiB per store, not an ever-growing one.
                .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
                .setMaxLogFileSize(1L << 20)
                .setKeepLogFileNum(2);
    }
}
