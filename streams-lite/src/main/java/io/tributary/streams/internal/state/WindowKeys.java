package io.tributary.streams.internal.state;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Key layouts of the windowed stores over a {@link BytesStore} (and so of their changelogs). Timestamps are
 * 8-byte big-endian and never negative, so byte order is time order within one key:
 * <ul>
 *   <li>window store: {@code key bytes | window start (8) | sequence number (4)} — the sequence number is 0 unless
 *   the store retains duplicates (join buffers), where each put takes the next one. This is Kafka Streams' window
 *   changelog layout.</li>
 *   <li>session store: {@code key bytes | session end (8) | session start (8)}, Kafka Streams' session layout and
 *   the session-windowed serde's wire format.</li>
 * </ul>
 * Keys vary in length, so a range over one key's prefix can meet longer keys that start with the same bytes:
 * readers check {@link #hasKey}.
 */
public final class WindowKeys {

    public static final int WINDOW_SUFFIX = Long.BYTES + Integer.BYTES;
    public static final int SESSION_SUFFIX = 2 * Long.BYTES;

    private WindowKeys() {
    }

    public static Bytes windowKey(byte[] key, long start, int seq) {
        return Bytes.wrap(ByteBuffer.allocate(key.length + WINDOW_SUFFIX).put(key).putLong(start).putInt(seq)
                .array());
    }

    public static long windowStart(byte[] storeKey) {
        return ByteBuffer.wrap(storeKey).getLong(storeKey.length - WINDOW_SUFFIX);
    }

    public static int sequence(byte[] storeKey) {
        return ByteBuffer.wrap(storeKey).getInt(storeKey.length - Integer.BYTES);
    }

    public static Bytes sessionKey(byte[] key, long end, long start) {
        return Bytes.wrap(ByteBuffer.allocate(key.length + SESSION_SUFFIX).put(key).putLong(end).putLong(start)
                .array());
    }

    public static long sessionEnd(byte[] storeKey) {
        return ByteBuffer.wrap(storeKey).getLong(storeKey.length - SESSION_SUFFIX);
    }

    public static long sessionStart(byte[] storeKey) {
        return ByteBuffer.wrap(storeKey).getLong(storeKey.length - Long.BYTES);
    }

    /** The serialized record key inside a store key with a suffix of {@code suffix} bytes. */
    public static byte[] key(byte[] storeKey, int suffix) {
        return Arrays.copyOfRange(storeKey, 0, storeKey.length - suffix);
    }

    /** True when the store key is exactly {@code key} followed by a suffix of {@code suffix} bytes. */
    public static boolean hasKey(byte[] storeKey, byte[] key, int suffix) {
        return storeKey.length == key.length + suffix
                && Arrays.equals(storeKey, 0, key.length, key, 0, key.length);
    }
}
