package io.tributary.protocol.frame;

import io.tributary.protocol.EncodedChunks;
import io.tributary.protocol.Message;
import io.tributary.protocol.ProtocolWriter;
import java.nio.ByteBuffer;

/** Lays out one frame — int32 size, header, body — into a single heap buffer or as chunks. */
final class FrameWriter {

    private FrameWriter() {
    }

    static ByteBuffer write(Message header, short headerVersion, Message body, short version) {
        int size = header.size(headerVersion) + body.size(version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size).putInt(size);
        ProtocolWriter writer = new ProtocolWriter(buffer);
        header.write(writer, headerVersion);
        body.write(writer, version);
        return buffer.flip();
    }

    static EncodedChunks writeChunks(Message header, short headerVersion, Message body, short version) {
        int size = header.size(headerVersion) + body.size(version);
        ProtocolWriter writer = ProtocolWriter.chunked(4 + size);
        writer.writeInt32(size);
        header.write(writer, headerVersion);
        body.write(writer, version);
        return writer.finishChunks();
    }
}
