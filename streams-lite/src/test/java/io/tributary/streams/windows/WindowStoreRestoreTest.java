package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.KeyValue;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.internal.SerdeDefaults;
import io.tributary.streams.internal.state.ManagedStore;
import io.tributary.streams.internal.state.StoreContext;
import io.tributary.streams.processor.TaskId;
import io.tributary.streams.state.KeyValueIterator;
import io.tributary.streams.state.SessionStore;
import io.tributary.streams.state.WindowStore;
import io.tributary.streams.state.WindowStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class WindowStoreRestoreTest {

    /** A store context that keeps the changelog in a list. */
    static class ListChangelog implements StoreContext {
        final List<byte[][]> records = new ArrayList<>();

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public Path directory() {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }

        @Override
        public String changelogTopic() {
            return "app-store-changelog";
        }

        @Override
        public void logChange(String store, byte[] key, byte[] value) {
            records.add(new byte[][] {key, value});
        }
    }

    private static final SerdeDefaults NO_DEFAULTS = new SerdeDefaults(null, null);

    private static <A, B, T> List<T> drain(KeyValueIterator<A, B> it, Function<KeyValue<A, B>, T> f) {
        List<T> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(f.apply(it.next()));
        }
        it.close();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static WindowStore<String, Long> windowStore(ListChangelog log, boolean duplicates) {
        ManagedStore store = WindowStores.inMemoryWindowStore("store", Duration.ofMillis(100), Duration.ofMillis(10),
                duplicates, Serdes.String(), Serdes.Long()).create(NO_DEFAULTS);
        store.open(log);
        return (WindowStore<String, Long>) store;
    }

    @Test
    void aWindowStoreRebuiltFromItsChangelogHoldsTheSameWindows() {
        ListChangelog log = new ListChangelog();
        WindowStore<String, Long> store = windowStore(log, false);
        store.put("a", 1L, 0);
        store.put("a", 2L, 10);
        store.put("ab", 3L, 10); // a longer key with the same prefix is not one of a's windows
        store.put("b", 4L, 20);
        store.put("a", 5L, 10); // replaces
        store.put("b", null, 20); // deletes
        WindowStore<String, Long> restored = windowStore(new ListChangelog(), false);
        log.records.forEach(r -> ((ManagedStore) restored).restore(r[0], r[1]));
        for (WindowStore<String, Long> s : List.of(store, restored)) {
            assertThat(drain(s.fetch("a", 0, 100), kv -> kv)).containsExactly(KeyValue.pair(0L, 1L),
                    KeyValue.pair(10L, 5L));
            assertThat(s.fetch("ab", 10)).isEqualTo(3L);
            assertThat(s.fetch("b", 20)).isNull();
            assertThat(drain(s.all(), kv -> kv)).containsExactly(
                    KeyValue.pair(new Windowed<>("a", new Window(0, 10)), 1L),
                    KeyValue.pair(new Windowed<>("a", new Window(10, 20)), 5L),
                    KeyValue.pair(new Windowed<>("ab", new Window(10, 20)), 3L));
        }
    }

    @Test
    void aJoinBufferKeepsDuplicatesAndKeepsThemApartAfterARestore() {
        ListChangelog log = new ListChangelog();
        WindowStore<String, Long> store = windowStore(log, true);
        store.put("a", 1L, 5);
        store.put("a", 2L, 5);
        WindowStore<String, Long> restored = windowStore(new ListChangelog(), true);
        log.records.forEach(r -> ((ManagedStore) restored).restore(r[0], r[1]));
        restored.put("a", 3L, 5); // must not overwrite a restored duplicate
        assertThat(drain(restored.fetch("a", 0, 10), KeyValue::value)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void expiredWindowsVanishAndTheirTombstonesReachTheChangelog() {
        ListChangelog log = new ListChangelog();
        WindowStore<String, Long> store = windowStore(log, false);
        store.put("a", 1L, 0);
        store.put("a", 2L, 60);
        store.put("a", 3L, 120); // retention 100: window 0 expires (invisible at once, swept now)
        assertThat(store.fetch("a", 0)).isNull();
        store.put("a", 9L, 10); // older than retention: dropped
        assertThat(drain(store.fetch("a", 0, 200), KeyValue::key)).containsExactly(60L, 120L);
        WindowStore<String, Long> restored = windowStore(new ListChangelog(), false);
        log.records.forEach(r -> ((ManagedStore) restored).restore(r[0], r[1]));
        assertThat(drain(restored.all(), kv -> kv.key())).hasSize(2);
        assertThat(log.records).anyMatch(r -> r[1] == null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSessionStoreRebuiltFromItsChangelogFindsTheSameSessions() {
        ListChangelog log = new ListChangelog();
        SessionStore<String, Long> store = (SessionStore<String, Long>) WindowStores.inMemorySessionStore("s",
                Duration.ofMillis(1000), Serdes.String(), Serdes.Long()).create(NO_DEFAULTS);
        ((ManagedStore) store).open(log);
        store.put(new Windowed<>("a", new Window(0, 5)), 2L);
        store.put(new Windowed<>("a", new Window(20, 30)), 3L);
        store.put(new Windowed<>("b", new Window(0, 50)), 7L);
        store.remove(new Windowed<>("a", new Window(0, 5)));
        SessionStore<String, Long> restored = (SessionStore<String, Long>) WindowStores.inMemorySessionStore("s",
                Duration.ofMillis(1000), Serdes.String(), Serdes.Long()).create(NO_DEFAULTS);
        ((ManagedStore) restored).open(new ListChangelog());
        log.records.forEach(r -> ((ManagedStore) restored).restore(r[0], r[1]));
        assertThat(drain(restored.findSessions("a", 0, 100), kv -> kv))
                .containsExactly(KeyValue.pair(new Windowed<>("a", new Window(20, 30)), 3L));
        assertThat(drain(restored.findSessions("b", 40, 10), kv -> kv)).hasSize(1);
        assertThat(drain(restored.findSessions("b", 51, 100), kv -> kv)).isEmpty();
        assertThat(restored.fetchSession("b", 0, 50)).isEqualTo(7L);
    }
}
