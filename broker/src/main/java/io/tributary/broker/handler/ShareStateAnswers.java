package io.tributary.broker.handler;

import io.tributary.broker.share.ShareStateException;
import io.tributary.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the share coordinator's handlers (Initialize/Read/Write/DeleteShareGroupState, ReadShareGroupStateSummary)
 * share: waiting for every partition's answer, and the Kafka error a failed one is answered with (a
 * {@link ShareStateException}'s own; anything else UNKNOWN_SERVER_ERROR).
 */
final class ShareStateAnswers {

    private ShareStateAnswers() {
    }

    /**
     * The answer for a partition of a request not from a broker: the share-state APIs need CLUSTER_ACTION, and Kafka
     * answers every partition CLUSTER_AUTHORIZATION_FAILED without one.
     */
    static <T> CompletableFuture<T> refused() {
        return CompletableFuture.failedFuture(new ShareStateException(Errors.CLUSTER_AUTHORIZATION_FAILED,
                Errors.CLUSTER_AUTHORIZATION_FAILED.message()));
    }

    /** Completes once every answer has, failed or not. */
    static CompletableFuture<Void> all(List<? extends CompletableFuture<?>> answers) {
        return CompletableFuture.allOf(answers.stream().map(f -> f.handle((r, e) -> null))
                .toArray(CompletableFuture[]::new));
    }

    static Errors error(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof ShareStateException e ? e.error() : Errors.UNKNOWN_SERVER_ERROR;
    }

    static String message(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getMessage() == null ? error(failure).message() : cause.getMessage();
    }

    /** The failure of a completed future, or null if it succeeded. */
    static Throwable failure(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (CompletionException e) {
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
