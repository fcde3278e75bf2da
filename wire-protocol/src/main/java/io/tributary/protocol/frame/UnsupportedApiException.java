package io.tributary.protocol.frame;

import io.tributary.protocol.ProtocolDecodeException;

/**
 * A request names an API key this codec does not speak, or a version outside the API's range. Carries what
 * could be read of the header, so the broker can answer (ApiVersions answers UNSUPPORTED_VERSION with its
 * own version list, as Kafka does; other APIs close the connection).
 */
public final class UnsupportedApiException extends ProtocolDecodeException {

    private static final long serialVersionUID = 1L;

    private final short apiKey;
    private final short apiVersion;
    private final int correlationId;

    public UnsupportedApiException(short apiKey, short apiVersion, int correlationId, String message) {
        super(message);
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.correlationId = correlationId;
    }

    public short apiKey() {
        return apiKey;
    }

    public short apiVersion() {
        return apiVersion;
    }

    public int correlationId() {
        return correlationId;
    }
}
