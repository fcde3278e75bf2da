package io.tributary.streams.internal.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Bytes;

/**
 * Run by {@link RocksDbCrashTest}: writes keys 0..999, flushes, writes 1000..1999 without flushing, then halts
 * without closing the store — a crash, as far as RocksDB can tell.
 */
public final class CrashAfterFlushMain {

    public static void main(String[] args) {
        RocksDbBytesStore store = RocksDbBytesStore.open(Path.of(args[0]));
        for (int i = 0; i < 2_000; i++) {
            store.put(key(i), key(i).get());
            if (i == 999) {
                store.flush();
            }
        }
        Runtime.getRuntime().halt(0);
    }

    static Bytes key(int i) {
        return Bytes.wrap(String.format("%05d", i).getBytes(StandardCharsets.UTF_8));
    }
}
