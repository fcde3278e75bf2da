package io.tributary.registry;

/** The registry could not start; the message says why, for the user. */
public final class RegistryStartupException extends Exception {

    public RegistryStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
