package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one API: turns a decoded request body into a response body of the same version. Handlers run on the
 * request threads (never on a network event loop) and may complete later (a long-poll fetch, a controller
 * command). A future completing with {@code null} sends nothing back (Produce with acks=0).
 */
@FunctionalInterface
public interface ApiHandler {

    CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request);
}
