package io.tributary.log;

import io.tributary.protocol.Errors;

/**
 * A log operation refused for a reason a Kafka client is told by error code: the offset is out of range, the
 * batch is too large or corrupt, the producer's sequence or epoch is wrong, the disk failed. The broker puts
 * {@link #error()} in the partition's response; nothing already written is affected.
 */
public class LogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Errors error;

    public LogException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public LogException(Errors error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
