package io.tributary.cluster;

import io.tributary.protocol.Errors;

import java.util.OptionalInt;

/**
 * A controller command reached a node that is not the active controller (or stopped being it before the
 * command committed). Maps to {@link Errors#NOT_CONTROLLER}; the caller retries on the node named by
 * {@link #controllerId()} when one is known.
 */
public final class NotControllerException extends RuntimeException {
    private final OptionalInt controllerId;

    public NotControllerException(String message, OptionalInt controllerId) {
        super(message);
        this.controllerId = controllerId;
    }

    /** The active controller as far as this node knows, if it knows. */
    public OptionalInt controllerId() {
        return controllerId;
    }

    public Errors error() {
        return Errors.NOT_CONTROLLER;
    }
}
