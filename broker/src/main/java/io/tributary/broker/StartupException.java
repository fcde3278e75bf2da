package io.tributary.broker;

/** The node cannot start for a reason its operator can fix (a port in use, a directory it cannot write). */
public final class StartupException extends RuntimeException {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
