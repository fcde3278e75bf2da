package io.tributary.streams.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link BytesStore} must do, run over the in-memory and the RocksDB implementation. */
class BytesStoreContractTest {

    @TempDir
    Path dir;
    private BytesStore store;

    static Stream<Arguments> stores() {
        Function<Path, BytesStore> inMemory = d -> new InMemoryBytesStore();
        Function<Path, BytesStore> rocksDb = d -> RocksDbBytesStore.open(d.resolve("store"));
        return Stream.of(Arguments.of("in memory", inMemory), Arguments.of("RocksDB", rocksDb));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void putsGetsOverwritesAndDeletesWithANullValue(String kind, Function<Path, BytesStore> factory) {
        store = factory.apply(dir);
        assertThat(store.get(key("a"))).isNull();
        store.put(key("a"), bytes("1"));
        store.put(key("b"), bytes("2"));
        store.put(key("a"), bytes("3"));
        assertThat(store.get(key("a"))).isEqualTo(bytes("3"));
        store.put(key("b"), null);
        assertThat(store.get(key("b"))).isNull();
        store.put(key("never"), null);
        assertThat(entries(store.range(null, null))).containsExactly("a=3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void rangesHaveInclusiveBoundsAndNullIsOpen(String kind, Function<Path, BytesStore> factory) {
        store = factory.apply(dir);
        for (String k : List.of("a", "b", "c", "d", "e")) {
            store.put(key(k), bytes(k.toUpperCase()));
        }
        assertThat(entries(store.range(key("b"), key("d")))).containsExactly("b=B", "c=C", "d=D");
        assertThat(entries(store.range(key("bb"), key("cc")))).containsExactly("c=C");
        assertThat(entries(store.range(null, key("b")))).containsExactly("a=A", "b=B");
        assertThat(entries(store.range(key("d"), null))).containsExactly("d=D", "e=E");
        assertThat(entries(store.range(key("d"), key("b")))).isEmpty();
        assertThat(entries(store.range(key("x"), null))).isEmpty();
        assertThat(store.approximateNumEntries()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void keysSortAsUnsignedBytes(String kind, Function<Path, BytesStore> factory) {
        store = factory.apply(dir);
        byte[][] keys = {{(byte) 0xff}, {(byte) 0x80}, {0x7f}, {0x01, 0x00}, {0x00}, {}, {(byte) 0x80, 0x00}};
        for (byte[] k : keys) {
            store.put(Bytes.wrap(k), new byte[] {1});
        }
        List<String> order = new ArrayList<>();
        try (BytesIterator it = store.range(null, null)) {
            it.forEachRemaining(e -> order.add(hex(e.key().get())));
        }
        assertThat(order).containsExactly("", "00", "0100", "7f", "80", "8000", "ff");
        List<String> upper = new ArrayList<>();
        try (BytesIterator it = store.range(Bytes.wrap(new byte[] {0x7f}), Bytes.wrap(new byte[] {(byte) 0x80}))) {
            it.forEachRemaining(e -> upper.add(hex(e.key().get())));
        }
        assertThat(upper).containsExactly("7f", "80");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anIteratorSeesTheStoreAsItWasWhenCreated(String kind, Function<Path, BytesStore> factory) {
        store = factory.apply(dir);
        store.put(key("a"), bytes("1"));
        store.put(key("b"), bytes("2"));
        List<String> seen = new ArrayList<>();
        try (BytesIterator it = store.range(null, null)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                seen.add(new String(e.key().get(), StandardCharsets.UTF_8));
                store.put(key("c"), bytes("3"));
                store.put(key("b"), null);
            }
        }
        assertThat(seen).containsExactly("a", "b");
        assertThat(entries(store.range(null, null))).containsExactly("a=1", "c=3");
    }

    static Bytes key(String s) {
        return Bytes.wrap(bytes(s));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> entries(BytesIterator it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(e -> out.add(new String(e.key().get(), StandardCharsets.UTF_8) + "="
                    + new String(e.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }
}
