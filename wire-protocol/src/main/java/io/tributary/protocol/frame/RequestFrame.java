package io.tributary.protocol.frame;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.ProtocolReader;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.RequestHeaderData;
import java.nio.ByteBuffer;

/**
 * One request on the wire: {@code int32 size}, the request header (v1: api key, api version, correlation id,
 * client id; v2 adds tagged fields — the version follows from the API version, see
 * {@link ApiKey#requestHeaderVersion}), then the body of that API version.
 *
 * @param header the decoded header
 * @param apiKey the API the header names
 * @param body   the decoded request body
 */
public record RequestFrame(RequestHeaderData header, ApiKey apiKey, ApiMessage body) {

    public short apiVersion() {
        return header.requestApiVersion();
    }

    public int correlationId() {
        return header.correlationId();
    }

    /**
     * Decodes a request from exactly one frame (the bytes after the size prefix). Body slices such as
     * records point into {@code frame}; nothing is copied.
     *
     * @throws UnsupportedApiException  for an unknown API key or a version outside the API's range
     * @throws ProtocolDecodeException for anything malformed, including bytes left over after the body
     */
    public static RequestFrame decode(ByteBuffer frame) {
        if (frame.remaining() < 4) {
            throw new ProtocolDecodeException("request frame of " + frame.remaining() + " bytes has no header");
        }
        int start = frame.position();
        short key = frame.getShort(start);
        short version = frame.getShort(start + 2);
        int correlationId = frame.remaining() >= 8 ? frame.getInt(start + 4) : -1;
        ApiKey api = ApiKey.forId(key);
        if (api == null) {
            throw new UnsupportedApiException(key, version, correlationId, "unknown api key " + key);
        }
        if (!api.isVersionSupported(version)) {
            throw new UnsupportedApiException(key, version, correlationId, api.apiName() + " version " + version
                    + " is not supported (" + api.lowestVersion() + "-" + api.highestVersion() + ")");
        }
        ProtocolReader reader = new ProtocolReader(frame);
        RequestHeaderData header = new RequestHeaderData(reader, api.requestHeaderVersion(version));
        ApiMessage body = api.readRequest(reader, version);
        reader.requireFullyRead(api.apiName() + " v" + version + " request");
        return new RequestFrame(header, api, body);
    }

    /** Encodes a request with its size prefix, as a client sends it. */
    public static ByteBuffer encode(RequestHeaderData header, ApiMessage body) {
        ApiKey api = ApiKey.forId(header.requestApiKey());
        if (api == null || api.id() != body.apiKey()) {
            throw new IllegalArgumentException("header api key " + header.requestApiKey()
                    + " does not match body api key " + body.apiKey());
        }
        short version = header.requestApiVersion();
        return FrameWriter.write(header, api.requestHeaderVersion(version), body, version);
    }
}
