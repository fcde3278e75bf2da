package io.tributary.streams.internal.dsl.fk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The left rows subscribed to one foreign key, as the subscription store keeps them: each left key's serialized
 * bytes (the right side never needs to read them) and the version of the row that subscribed. Encoded as repeated
 * {@code [int length][key bytes][long version]}.
 */
record Subscribers(List<Subscriber> entries) {

    /** One subscribed left row. */
    record Subscriber(byte[] key, long version) {
    }

    static Subscribers decode(byte[] bytes) {
        List<Subscriber> entries = new ArrayList<>();
        if (bytes != null) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                byte[] key = new byte[buffer.getInt()];
                buffer.get(key);
                entries.add(new Subscriber(key, buffer.getLong()));
            }
        }
        return new Subscribers(entries);
    }

    /** The set with {@code key} at {@code version} (replacing an earlier version), or without it. */
    Subscribers with(byte[] key, long version, boolean subscribed) {
        List<Subscriber> next = new ArrayList<>();
        for (Subscriber s : entries) {
            if (!Arrays.equals(s.key(), key)) {
                next.add(s);
            }
        }
        if (subscribed) {
            next.add(new Subscriber(key, version));
        }
        return new Subscribers(next);
    }

    /** The encoded set; null when empty, so the store drops the foreign key. */
    byte[] encode() {
        if (entries.isEmpty()) {
            return null;
        }
        int size = 0;
        for (Subscriber s : entries) {
            size += Integer.BYTES + s.key().length + Long.BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Subscriber s : entries) {
            buffer.putInt(s.key().length).put(s.key()).putLong(s.version());
        }
        return buffer.array();
    }
}
