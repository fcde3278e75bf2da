package io.tributary.registry.store;

/** The {@code _schemas} topic could not be written or read in time; answered as 50001/50002. */
public final class StoreException extends Exception {

    private final boolean timeout;

    public StoreException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** Whether the operation ran out of time (50002) rather than failed (50001). */
    public boolean timeout() {
        return timeout;
    }
}
