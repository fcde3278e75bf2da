package io.tributary.cluster.controller;

import io.tributary.protocol.Errors;

import java.util.Objects;

/**
 * A Kafka error code with an optional message: the per-item outcome of a controller command, ready to be
 * written into the matching response field.
 *
 * @param error   the Kafka error ({@link Errors#NONE} for success)
 * @param message a human-readable explanation, or null to use the code's default
 */
public record ApiError(Errors error, String message) {
    /** Success. */
    public static final ApiError NONE = new ApiError(Errors.NONE, null);

    public ApiError {
        Objects.requireNonNull(error, "error");
    }

    public static ApiError of(Errors error, String message) {
        return new ApiError(error, message);
    }

    public static ApiError of(Errors error) {
        return new ApiError(error, null);
    }

    public boolean isSuccess() {
        return error == Errors.NONE;
    }

    /** The message to send: the explanation, or the code's default message. */
    public String messageOrDefault() {
        return message != null ? message : error.message();
    }
}
