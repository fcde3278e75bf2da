package io.tributary.registry.schema;

/** A schema text that its language's parser refuses; the message says why, for the 42201 answer. */
public final class InvalidSchemaException extends Exception {

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidSchemaException(String message) {
        super(message);
    }
}
