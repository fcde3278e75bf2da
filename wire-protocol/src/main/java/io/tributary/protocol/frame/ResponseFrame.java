package io.tributary.protocol.frame;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.EncodedChunks;
import io.tributary.protocol.ProtocolReader;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ResponseHeaderData;
import java.nio.ByteBuffer;

/**
 * One response on the wire: {@code int32 size}, the response header (v0: correlation id; v1 adds tagged
 * fields — ApiVersions always uses v0, see {@link ApiKey#responseHeaderVersion}), then the body in the
 * version of the request it answers.
 */
public final class ResponseFrame {

    private ResponseFrame() {
    }

    /**
     * Encodes a response with its size prefix into one heap buffer. Record sets are copied into it, file-backed
     * ones read from their file: the slow path, for tests and connections that cannot send files (TLS).
     */
    public static ByteBuffer encode(int correlationId, ApiKey api, short version, ApiMessage body) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        return FrameWriter.write(header, api.responseHeaderVersion(version), body, version);
    }

    /**
     * Encodes a response with its size prefix as chunks, in wire order: heap slices for the size prefix, header
     * and everything the codec writes, and each non-empty record set of {@code body} by reference (never copied)
     * where it goes, so that {@link io.tributary.protocol.FileRecords} can be sent with {@code sendfile}. The
     * chunks' concatenation equals {@link #encode}'s buffer.
     */
    public static EncodedChunks encodeChunks(int correlationId, ApiKey api, short version, ApiMessage body) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        return FrameWriter.writeChunks(header, api.responseHeaderVersion(version), body, version);
    }

    /** Decodes the body of a response frame (the bytes after the size prefix) answering a request of this version. */
    public static ApiMessage decodeBody(ByteBuffer frame, ApiKey api, short version) {
        ProtocolReader reader = new ProtocolReader(frame);
        new ResponseHeaderData(reader, api.responseHeaderVersion(version));
        ApiMessage body = api.readResponse(reader, version);
        reader.requireFullyRead(api.apiName() + " v" + version + " response");
        return body;
    }
}
