package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one API: turns a decoded request body into a response body of the same version. Handlers run on the
 * request threads — or, if they say so ({@link #runsOnEventLoop}), on the connection's event loop — and may
 * complete later (a long-poll fetch, a controller
 * command). A future completing with {@code null} sends nothing back (Produce with acks=0).
 */
@FunctionalInterface
public interface ApiHandler {

    CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request);

    /**
     * Whether this handler runs on the connection's network event loop instead of the request executor: for the
     * hot APIs whose work is a short, non-blocking step (an append to the page cache, a read of file positions).
     * The request then never changes thread — no hand-off to a request thread and back, no context switches,
     * which on a 2-core machine was the largest broker cost after the copies themselves.
     */
    default boolean runsOnEventLoop() {
        return false;
    }
}
