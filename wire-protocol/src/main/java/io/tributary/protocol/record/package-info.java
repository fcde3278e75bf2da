/**
 * Kafka RecordBatch v2: reading, validating, patching and writing batches, and the five codecs.
 *
 * <p>This package owns the bytes that producers send, the log stores and consumers fetch.
 * Data flows in one direction per use:
 * <ul>
 *   <li>In (produce, replication, log recovery): {@link io.tributary.protocol.record.Batches} frames
 *       the batches in a buffer; each {@link io.tributary.protocol.record.RecordBatch} is a zero-copy
 *       view that checks its CRC, exposes header fields and iterates
 *       {@link io.tributary.protocol.record.Record}s (decompressing, bounded, through
 *       {@link io.tributary.protocol.record.CompressionType}); the broker then patches offsets,
 *       leader epoch and append time in place and stores the same bytes.</li>
 *   <li>Out (markers, internal topics): {@link io.tributary.protocol.record.RecordBatchBuilder} and
 *       {@link io.tributary.protocol.record.ControlBatches} write new batches.</li>
 * </ul>
 *
 * <p>Bad input fails only with {@link io.tributary.protocol.record.RecordFormatException}:
 * {@link io.tributary.protocol.record.UnsupportedMagicException} for message formats 0/1,
 * {@link io.tributary.protocol.record.CorruptRecordException} for everything else. No length read
 * from the input is used to allocate memory before it has been checked against the bytes present
 * or a configured limit. Nothing here does I/O or starts threads.
 */
package io.tributary.protocol.record;
