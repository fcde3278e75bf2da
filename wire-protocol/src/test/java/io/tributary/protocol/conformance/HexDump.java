package io.tributary.protocol.conformance;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Buffers as hex strings, so byte-exactness failures show the two encodings side by side. */
public final class HexDump {

    private HexDump() {
    }

    /** The hex of the buffer's remaining bytes; the buffer itself is not moved. */
    public static String of(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
