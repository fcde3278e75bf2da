package io.tributary.broker.share;

import io.tributary.protocol.Errors;

/** A share-state read or write that failed with the Kafka error its caller should answer or act on. */
public final class ShareStateException extends RuntimeException {

    private final Errors error;

    public ShareStateException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }

    /** The Kafka error a failed share-state call ended with (its ShareStateException's, else UNKNOWN_SERVER_ERROR). */
    public static Errors errorOf(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof ShareStateException s ? s.error() : Errors.UNKNOWN_SERVER_ERROR;
    }
}
