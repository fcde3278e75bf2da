package io.tributary.connect.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone mode's offsets file: durable, reopened as written, never torn. */
class FileOffsetStoreTest {

    @TempDir
    Path dir;

    private static ByteBuffer b(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String s(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Map<String, String> strings(Map<ByteBuffer, ByteBuffer> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(s(k), s(v)));
        return out;
    }

    /**
     * Reads the file in its documented layout (int length, key, int length, value)*, failing on anything partial:
     * a torn file would not parse to the end.
     */
    private static Map<String, String> parseStrictly(byte[] file) throws IOException {
        Map<String, String> out = new HashMap<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
        while (true) {
            int kl;
            try {
                kl = in.readInt();
            } catch (EOFException end) {
                return out;
            }
            byte[] k = new byte[kl];
            in.readFully(k);
            byte[] v = new byte[in.readInt()];
            in.readFully(v);
            out.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aMissingFileIsAnEmptyStore() {
        FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets.dat"));

        assertThat(store.all()).isEmpty();
        assertThat(dir.resolve("offsets.dat")).doesNotExist();
    }

    @Test
    void writtenOffsetsAreReadBackAfterReopening() throws IOException {
        Path file = dir.resolve("offsets.dat");
        FileOffsetStore store = new FileOffsetStore(file);
        store.write(Map.of(b("[\"c\",{\"f\":\"a\"}]"), b("{\"position\":5}"),
                b("[\"c\",{\"f\":\"b\"}]"), b("{\"position\":7}")));
        store.write(Map.of(b("[\"c\",{\"f\":\"a\"}]"), b("{\"position\":6}")));
        store.close();

        FileOffsetStore reopened = new FileOffsetStore(file);

        assertThat(strings(reopened.all())).isEqualTo(Map.of(
                "[\"c\",{\"f\":\"a\"}]", "{\"position\":6}",
                "[\"c\",{\"f\":\"b\"}]", "{\"position\":7}"));
        assertThat(strings(store.all())).isEqualTo(strings(reopened.all()));
    }

    @Test
    void theParentDirectoryIsCreated() throws IOException {
        Path file = dir.resolve("sub/dir/offsets.dat");
        new FileOffsetStore(file).write(Map.of(b("k"), b("v")));

        assertThat(strings(new FileOffsetStore(file).all())).isEqualTo(Map.of("k", "v"));
    }

    @Test
    void aNullValueRemovesTheKey() throws IOException {
        Path file = dir.resolve("offsets.dat");
        FileOffsetStore store = new FileOffsetStore(file);
        store.write(Map.of(b("k1"), b("v1"), b("k2"), b("v2")));

        Map<ByteBuffer, ByteBuffer> removal = new HashMap<>();
        removal.put(b("k1"), null);
        removal.put(b("k3"), null); // removing an absent key is harmless
        store.write(removal);

        assertThat(strings(store.all())).isEqualTo(Map.of("k2", "v2"));
        assertThat(strings(new FileOffsetStore(file).all())).isEqualTo(Map.of("k2", "v2"));
    }

    @Test
    void removingEveryKeyLeavesAnEmptyStoreOnReopen() throws IOException {
        Path file = dir.resolve("offsets.dat");
        FileOffsetStore store = new FileOffsetStore(file);
        store.write(Map.of(b("k1"), b("v1")));
        Map<ByteBuffer, ByteBuffer> removal = new HashMap<>();
        removal.put(b("k1"), null);
        store.write(removal);

        assertThat(new FileOffsetStore(file).all()).isEmpty();
    }

    @Test
    void anEmptyValueIsKeptAndNotTakenForARemoval() throws IOException {
        Path file = dir.resolve("offsets.dat");
        new FileOffsetStore(file).write(Map.of(b("k"), ByteBuffer.allocate(0)));

        assertThat(strings(new FileOffsetStore(file).all())).isEqualTo(Map.of("k", ""));
    }

    @Test
    void theWholeRemainingBufferIsWrittenWhateverItsPosition() throws IOException {
        Path file = dir.resolve("offsets.dat");
        ByteBuffer key = b("xxkey");
        key.position(2);
        new FileOffsetStore(file).write(Map.of(key, b("value")));

        assertThat(strings(new FileOffsetStore(file).all())).isEqualTo(Map.of("key", "value"));
    }

    @Test
    void aLeftoverTempFileFromATornWriteDoesNotAffectReopening() throws IOException {
        Path file = dir.resolve("offsets.dat");
        new FileOffsetStore(file).write(Map.of(b("k1"), b("v1")));
        // A crash while the next commit was being written: the temporary file holds half a record.
        Path tmp = dir.resolve("offsets.dat.tmp");
        // Longer than the next commit, so a rewrite that did not truncate it would leave garbage behind.
        byte[] garbage = new byte[300];
        java.util.Arrays.fill(garbage, (byte) 'g');
        garbage[0] = 0;
        garbage[1] = 0;
        garbage[2] = 1;
        garbage[3] = 0;
        Files.write(tmp, garbage);

        FileOffsetStore reopened = new FileOffsetStore(file);
        assertThat(strings(reopened.all())).isEqualTo(Map.of("k1", "v1"));

        // And the next commit replaces the leftover rather than appending to it.
        reopened.write(Map.of(b("k2"), b("v2")));
        assertThat(parseStrictly(Files.readAllBytes(file))).isEqualTo(Map.of("k1", "v1", "k2", "v2"));
        assertThat(tmp).doesNotExist();
        assertThat(strings(new FileOffsetStore(file).all())).isEqualTo(Map.of("k1", "v1", "k2", "v2"));
    }

    @Test
    void afterEachWriteTheFileHoldsExactlyTheWholeMap() throws IOException {
        Path file = dir.resolve("offsets.dat");
        FileOffsetStore store = new FileOffsetStore(file);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            store.write(Map.of(b("key-" + (i % 7)), b("value-" + i)));
            expected.put("key-" + (i % 7), "value-" + i);

            assertThat(parseStrictly(Files.readAllBytes(file))).as("file after write %d", i).isEqualTo(expected);
            assertThat(dir.resolve("offsets.dat.tmp")).doesNotExist();
        }
    }

    @Test
    void aReaderNeverSeesAPartialMapWhileCommitsReplaceTheFile() throws Exception {
        Path file = dir.resolve("offsets.dat");
        FileOffsetStore store = new FileOffsetStore(file);
        // Big enough values that a non-atomic rewrite would be observable half-written.
        String pad = "x".repeat(8192);
        Map<ByteBuffer, ByteBuffer> first = new HashMap<>();
        for (int k = 0; k < 8; k++) {
            first.put(b("key-" + k), b(pad + "-0"));
        }
        store.write(first);

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> problems = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    Map<String, String> seen = parseStrictly(Files.readAllBytes(file));
                    reads.incrementAndGet();
                    if (seen.size() != 8) {
                        problems.add("saw " + seen.size() + " keys");
                    }
                    String round = null;
                    for (String v : seen.values()) {
                        String r = v.substring(pad.length());
                        if (!v.startsWith(pad) || (round != null && !round.equals(r))) {
                            problems.add("mixed or torn values: " + r + " vs " + round);
                        }
                        round = r;
                    }
                } catch (NoSuchFileException e) {
                    problems.add("the file was missing during a commit");
                } catch (IOException | RuntimeException e) {
                    problems.add("unparseable file: " + e);
                }
            }
        });
        reader.start();
        try {
            for (int round = 1; round <= 40; round++) {
                Map<ByteBuffer, ByteBuffer> next = new HashMap<>();
                for (int k = 0; k < 8; k++) {
                    next.put(b("key-" + k), b(pad + "-" + round));
                }
                store.write(next);
            }
        } finally {
            done.set(true);
            reader.join(5_000);
        }

        assertThat(problems).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(parseStrictly(Files.readAllBytes(file))).containsEntry("key-3", pad + "-40");
    }

    @Test
    void allIsASnapshot() throws IOException {
        FileOffsetStore store = new FileOffsetStore(dir.resolve("offsets.dat"));
        store.write(Map.of(b("k1"), b("v1")));
        Map<ByteBuffer, ByteBuffer> snapshot = store.all();

        store.write(Map.of(b("k2"), b("v2")));

        assertThat(strings(snapshot)).isEqualTo(Map.of("k1", "v1"));
    }
}
