package io.tributary.streams.internal.state;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;

/** What a cached {@link LoggedBytes} writes through, in serialized form (its typed store decodes it). */
@FunctionalInterface
interface RawFlushListener {

    void apply(Bytes key, byte[] newValue, byte[] oldValue, long timestamp, Headers headers);
}
