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
}
