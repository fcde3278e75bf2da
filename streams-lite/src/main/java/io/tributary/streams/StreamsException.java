package io.tributary.streams;

/** A failure of the stream-processing runtime: what a stream thread dies of, or why an application cannot start. */
public class StreamsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StreamsException(String message) {
        super(message);
    }

    public StreamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
