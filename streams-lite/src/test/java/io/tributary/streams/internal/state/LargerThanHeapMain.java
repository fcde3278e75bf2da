package io.tributary.streams.internal.state;

import io.tributary.streams.KeyValue;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.KeyValueIterator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Run by {@link LargerThanHeapTest} in a JVM with a small heap: writes more values than the heap could hold into a
 * RocksDB-backed {@link TypedKeyValueStore}, then reads samples back and scans all keys. Exits 0 when every check
 * passes, 2 otherwise.
 */
public final class LargerThanHeapMain {

    static final int VALUE_BYTES = 1024;

    public static void main(String[] args) {
        Path taskDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        TypedKeyValueStore<Integer, byte[]> store = new TypedKeyValueStore<>("big", Serdes.Integer(),
                Serdes.ByteArray(), c -> RocksDbBytesStore.open(RocksDbBytesStore.directory(c.directory(), "big")),
                true);
        store.open(context(taskDir));
        try {
            for (int i = 0; i < count; i++) {
                store.put(i, value(i));
            }
            store.flush();
            SplittableRandom random = new SplittableRandom(42);
            for (int n = 0; n < 2_000; n++) {
                int i = random.nextInt(count);
                check(Arrays.equals(store.get(i), value(i)), "value of key " + i);
            }
            check(store.get(count) == null, "no key " + count);
            // A scan of everything: a RocksDB iterator streams from disk instead of copying the range.
            long seen = 0;
            long expected = 0;
            try (KeyValueIterator<Integer, byte[]> it = store.range(0, Integer.MAX_VALUE)) {
                while (it.hasNext()) {
                    KeyValue<Integer, byte[]> e = it.next();
                    check(e.value().length == VALUE_BYTES, "length of key " + e.key());
                    seen++;
                    expected += e.key();
                }
            }
            check(seen == count, "scanned " + seen + " keys of " + count);
            check(expected == (long) count * (count - 1) / 2, "keys scanned");
        } finally {
            store.close();
        }
        System.out.printf("wrote and read %d MiB with a %d MiB heap%n", (long) count * VALUE_BYTES >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Incompressible (LZ4 cannot shrink it) and reproducible from the key. */
    static byte[] value(int i) {
        byte[] v = new byte[VALUE_BYTES];
        new SplittableRandom(i).nextBytes(v);
        return v;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("check failed: " + what);
            System.exit(2);
        }
    }

    private static StoreContext context(Path taskDir) {
        return new StoreContext() {
            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public Path directory() {
                return taskDir;
            }

            @Override
            public String changelogTopic() {
                return "big-changelog";
            }

            @Override
            public void logChange(String store, byte[] key, byte[] value) {
            }
        };
    }
}
