package io.tributary.broker.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The topics in a classic consumer's JoinGroup metadata (the consumer protocol's Subscription, versions 0–3: an
 * int16 version, then an array of int16-length topic names, then fields this does not need). The coordinator only
 * reads it to know which topics a live group consumes (OffsetDelete); assignment stays the clients' business.
 */
final class ConsumerSubscription {

    private static final short MAX_KNOWN_VERSION = 3;

    private ConsumerSubscription() {
    }

    /** The subscribed topics, or null if the metadata is not a subscription this reader knows. */
    static Set<String> topics(byte[] metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(metadata);
            short version = in.getShort();
            int count = in.getInt();
            if (version < 0 || version > MAX_KNOWN_VERSION || count < 0 || count > in.remaining() / 2) {
                return null;
            }
            Set<String> topics = new HashSet<>();
            for (int i = 0; i < count; i++) {
                short length = in.getShort();
                if (length < 0) {
                    return null;
                }
                byte[] name = new byte[length];
                in.get(name);
                topics.add(new String(name, StandardCharsets.UTF_8));
            }
            return topics;
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
