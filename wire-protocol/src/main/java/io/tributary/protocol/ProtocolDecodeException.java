package io.tributary.protocol;

/**
 * The bytes given to a decoder are not a valid message: truncated, a length beyond the frame, a null where
 * the version forbids it, an unsupported version. The only exception a decoder throws for bad input; the
 * broker answers it with the Kafka error the client expects and keeps serving.
 */
public class ProtocolDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtocolDecodeException(String message) {
        super(message);
    }

    public ProtocolDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
