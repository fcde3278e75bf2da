package io.tributary.connect.storage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Standalone mode's offsets: the whole map in {@code offset.storage.file.filename}, rewritten on every commit into a
 * temporary file that is synced and then renamed over the old one, so a crash leaves either the previous or the
 * new commit, never a torn file. Layout: records of (int key length, key, int value length, value), both the
 * serialized JSON of {@link OffsetCodec}. (Apache's worker writes Java serialization there instead; its file is not
 * read by this one.)
 */
public final class FileOffsetStore implements OffsetStore {

    private final Path file;
    private final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    public FileOffsetStore(Path file) {
        this.file = file;
        try {
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the offsets file " + file, e);
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int kl;
                try {
                    kl = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                byte[] k = in.readNBytes(kl);
                byte[] v = in.readNBytes(in.readInt());
                data.put(ByteBuffer.wrap(k), ByteBuffer.wrap(v));
            }
        }
    }

    @Override
    public synchronized Map<ByteBuffer, ByteBuffer> all() {
        return Map.copyOf(data);
    }

    @Override
    public synchronized void write(Map<ByteBuffer, ByteBuffer> entries) throws IOException {
        entries.forEach((k, v) -> {
            if (v == null) {
                data.remove(k);
            } else {
                data.put(k, v);
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream out = new DataOutputStream(java.nio.channels.Channels.newOutputStream(ch))) {
            for (Map.Entry<ByteBuffer, ByteBuffer> e : data.entrySet()) {
                writeBytes(out, e.getKey());
                writeBytes(out, e.getValue());
            }
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeBytes(DataOutputStream out, ByteBuffer b) throws IOException {
        ByteBuffer d = b.duplicate();
        out.writeInt(d.remaining());
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        out.write(bytes);
    }

    @Override
    public void close() {
    }
}
