package io.tributary.streams.internal.state;

import static io.tributary.streams.internal.state.BytesStoreContractTest.bytes;
import static io.tributary.streams.internal.state.BytesStoreContractTest.entries;
import static io.tributary.streams.internal.state.BytesStoreContractTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbBytesStoreTest {

    @TempDir
    Path taskDir;

    @Test
    void livesUnderTheTaskDirectoryAsKafkaStreamsLaysItOut() {
        Path dir = RocksDbBytesStore.directory(taskDir, "counts");
        assertThat(dir).isEqualTo(taskDir.resolve("rocksdb").resolve("counts"));
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            store.put(key("k"), bytes("v"));
        }
        assertThat(dir.resolve("CURRENT")).exists();
    }

    @Test
    void reopeningKeepsWhatWasWrittenBeforeFlushAndClose() {
        Path dir = RocksDbBytesStore.directory(taskDir, "s");
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            store.put(key("flushed"), bytes("1"));
            store.flush();
            store.put(key("closed"), bytes("2"));
            store.put(key("deleted"), bytes("3"));
            store.put(key("deleted"), null);
        }
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            assertThat(entries(store.range(null, null))).containsExactly("closed=2", "flushed=1");
        }
    }

    @Test
    void closingClosesIteratorsLeftOpenAndLaterUseFailsClearly() {
        Path dir = RocksDbBytesStore.directory(taskDir, "s");
        RocksDbBytesStore store = RocksDbBytesStore.open(dir);
        store.put(key("a"), bytes("1"));
        BytesIterator leaked = store.range(null, null);
        store.close();
        store.close();
        assertThat(leaked.hasNext()).isFalse();
        assertThatThrownBy(() -> store.get(key("a"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("closed");
    }

    @Test
    void aCorruptStoreFailsToOpenNamingItsDirectory() throws Exception {
        Path dir = RocksDbBytesStore.directory(taskDir, "s");
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            store.put(key("a"), bytes("1"));
        }
        try (var files = Files.list(dir)) {
            for (Path manifest : files.filter(f -> f.getFileName().toString().startsWith("MANIFEST")).toList()) {
                Files.write(manifest, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            }
        }
        assertThatThrownBy(() -> RocksDbBytesStore.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot open the RocksDB store in " + dir);
    }

    @Test
    void aStoreOpenElsewhereFailsToOpenNamingItsDirectory() {
        Path dir = RocksDbBytesStore.directory(taskDir, "s");
        try (RocksDbBytesStore store = RocksDbBytesStore.open(dir)) {
            store.put(key("a"), bytes("1"));
            assertThatThrownBy(() -> RocksDbBytesStore.open(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.toString());
        }
    }
}
