package io.tributary.compat;

import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;

/**
 * A matrix cell's answer as a short string: {@code OK} (perhaps with what the call saw, e.g. the visible topics), or
 * the simple name of the exception kafka-clients raised ({@code TopicAuthorizationException}) — which is how a client
 * tells Kafka's error codes apart.
 */
final class MatrixOutcome {

    /** One cell's work; what it answers is the cell's outcome. */
    @FunctionalInterface
    interface Action {
        String run() throws Exception;
    }

    private MatrixOutcome() {
    }

    /** The action's answer, or the name of what it threw (unwrapped from futures and generic KafkaExceptions). */
    static String of(Action action) {
        try {
            return action.run();
        } catch (Throwable t) {
            return failure(t);
        }
    }

    static String failure(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && (t instanceof ExecutionException || t instanceof CompletionException
                || t.getClass() == KafkaException.class)) {
            t = t.getCause();
        }
        if (!(t instanceof ApiException)) {
            // not an error code the broker answered: the test's output says what happened
            System.out.println("matrix cell failed in the client: " + t);
        }
        return t.getClass().getSimpleName();
    }

    /** {@code OK} and the items, sorted: {@code OK [a, b]}. */
    static String ok(Collection<?> items) {
        return "OK " + items.stream().map(String::valueOf).sorted().toList();
    }
}
