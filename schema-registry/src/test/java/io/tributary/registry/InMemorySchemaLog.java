package io.tributary.registry;

import io.tributary.registry.store.SchemaLog;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SchemaLog} in memory: appends are applied at once, in order, by the caller's thread. For tests and
 * benchmarks of the registry's rules without a broker.
 */
public final class InMemorySchemaLog implements SchemaLog {

    private final List<byte[][]> records = new ArrayList<>();
    private Reader reader;

    @Override
    public synchronized void start(Reader reader) {
        this.reader = reader;
        for (int i = 0; i < records.size(); i++) {
            reader.apply(i, records.get(i)[0], records.get(i)[1]);
        }
    }

    @Override
    public synchronized long append(byte[] key, byte[] value) {
        records.add(new byte[][] {key, value});
        long offset = records.size() - 1;
        if (reader != null) {
            reader.apply(offset, key, value);
        }
        return offset;
    }

    @Override
    public void awaitApplied(long offset) {
    }

    @Override
    public void awaitCaughtUp() {
    }

    @Override
    public void close() {
    }
}
