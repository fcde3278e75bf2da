package io.tributary.broker.handler;

import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.protocol.Errors;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The per-item error to answer when a controller command failed as a whole (not controller, timed out, …). */
final class ControllerFailure {

    private ControllerFailure() {
    }

    static ApiError of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotControllerException e) {
            return ApiError.of(e.error(), e.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return ApiError.of(Errors.REQUEST_TIMED_OUT, "the controller did not answer in time");
        }
        return ApiError.of(Errors.UNKNOWN_SERVER_ERROR, cause.getMessage());
    }
}
