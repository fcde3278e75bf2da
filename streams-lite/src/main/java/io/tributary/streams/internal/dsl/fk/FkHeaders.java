package io.tributary.streams.internal.dsl.fk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers a foreign-key join's internal records carry: whether a subscription record subscribes or
 * unsubscribes, and the version of the left row a subscription or response belongs to.
 */
final class FkHeaders {

    static final String INSTRUCTION = "tributary.fk-instruction";
    static final String VERSION = "tributary.fk-version";
    private static final byte[] UNSUBSCRIBE = "unsubscribe".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUBSCRIBE = "subscribe".getBytes(StandardCharsets.UTF_8);

    private FkHeaders() {
    }

    /** A copy of the headers with the instruction and (for a subscription) the left row's version. */
    static Headers subscription(Headers base, boolean subscribe, long version) {
        RecordHeaders headers = copyWithout(base);
        headers.add(INSTRUCTION, subscribe ? SUBSCRIBE : UNSUBSCRIBE);
        headers.add(VERSION, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        return headers;
    }

    /** A copy of the headers carrying only the version, for a response. */
    static Headers response(Headers base, long version) {
        RecordHeaders headers = copyWithout(base);
        headers.add(VERSION, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        return headers;
    }

    static boolean isSubscribe(Headers headers) {
        Header h = headers.lastHeader(INSTRUCTION);
        return h == null || Arrays.equals(h.value(), SUBSCRIBE);
    }

    /** The version, or -1 when absent. */
    static long version(Headers headers) {
        Header h = headers.lastHeader(VERSION);
        return h == null || h.value().length != Long.BYTES ? -1 : ByteBuffer.wrap(h.value()).getLong();
    }

    /** A copy of the headers without this join's markers, for records that leave the join. */
    static RecordHeaders copyWithout(Headers base) {
        RecordHeaders headers = new RecordHeaders(base.toArray());
        headers.remove(INSTRUCTION);
        headers.remove(VERSION);
        return headers;
    }
}
