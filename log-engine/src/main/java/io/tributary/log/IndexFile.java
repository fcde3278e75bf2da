package io.tributary.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A memory-mapped file of fixed-size entries, sorted by their first field, as the sparse indexes of a segment
 * use. While the segment is active the file is preallocated to its maximum size and {@link #entries()} counts the
 * written entries; {@link #trim()} cuts the file to exactly the entries (on roll and clean close), so the length
 * of a trimmed file tells the entry count. An index is a cache of what the log file says: a missing, short or
 * inconsistent one is rebuilt from the log, never trusted.
 */
abstract class IndexFile implements AutoCloseable {

    private final Path path;
    private final int entrySize;
    private final int maxEntries;
    private int capacity;
    private RandomAccessFile file;
    private MappedByteBuffer map;
    private int entries;

    /**
     * Opens or creates the file. A new file is preallocated for {@code maxBytes / entrySize} entries; an existing
     * file's entries are all its whole entries (callers validate them).
     */
    IndexFile(Path path, int entrySize, int maxBytes) throws IOException {
        this.path = path;
        this.entrySize = entrySize;
        this.maxEntries = Math.max(1, maxBytes / entrySize);
        boolean existed = Files.exists(path);
        this.file = new RandomAccessFile(path.toFile(), "rw");
        long length = file.length();
        this.entries = existed ? (int) Math.min(length / entrySize, maxEntries) : 0;
        this.capacity = maxEntries;
        file.setLength((long) capacity * entrySize);
        remap();
    }

    private void remap() throws IOException {
        if (map != null) {
            unmap(map);
        }
        map = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, file.length());
    }

    final Path path() {
        return path;
    }

    final int entries() {
        return entries;
    }

    final boolean isFull() {
        return entries >= capacity;
    }

    final int sizeInBytes() {
        return entries * entrySize;
    }

    /** The entries as a buffer (absolute reads only). */
    final ByteBuffer buffer() {
        return map;
    }

    final int entryPosition(int index) {
        return index * entrySize;
    }

    /** Makes room for one more entry and returns its byte position. */
    final int nextEntryPosition() {
        if (isFull()) {
            throw new IllegalStateException("index " + path + " is full (" + entries + " entries)");
        }
        return entries * entrySize;
    }

    final void entryWritten() {
        entries++;
    }

    /** Keeps only the first {@code count} entries. */
    final void keepEntries(int count) {
        entries = Math.max(0, Math.min(entries, count));
    }

    /** Cuts the file to its entries, as on roll: the index stays readable but takes no more entries. */
    final void trim() {
        resize(entries);
    }

    /** Gives a trimmed index its full preallocated size again, for a segment that becomes active again. */
    final void reopenForAppends() {
        resize(maxEntries);
    }

    private void resize(int newCapacity) {
        try {
            map.force();
            unmap(map);
            map = null;
            capacity = Math.max(newCapacity, entries);
            file.setLength((long) capacity * entrySize);
            remap();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final void flush() {
        map.force();
    }

    @Override
    public void close() throws IOException {
        if (file == null) {
            return;
        }
        map.force();
        unmap(map);
        map = null;
        file.setLength((long) entries * entrySize);
        file.close();
        file = null;
    }

    /** Releases a mapping now instead of at garbage collection, so many segments do not exhaust address space. */
    private static void unmap(MappedByteBuffer buffer) {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
            invokeCleaner.invoke(unsafe, buffer);
        } catch (ReflectiveOperationException e) {
            // Without the cleaner the mapping is released when the buffer is garbage collected.
        }
    }
}
