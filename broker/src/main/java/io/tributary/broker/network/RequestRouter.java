package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ApiKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Which handler serves which API; the set of APIs served is what ApiVersions advertises. The listener accepts
 * connections before the broker is ready (so clients are not refused during startup); their requests wait until
 * {@link #open} — handlers are registered before it and only read after it.
 */
public final class RequestRouter {

    private final Map<ApiKey, ApiHandler> handlers = new EnumMap<>(ApiKey.class);
    private final CompletableFuture<ApiMessage> open = new CompletableFuture<>();
    private Supplier<ApiMessage> unsupportedApiVersions;

    public RequestRouter register(ApiKey api, ApiHandler handler) {
        handlers.put(api, handler);
        return this;
    }

    /** The ApiVersions answer for a version this broker does not know (sent in v0). */
    public RequestRouter onUnsupportedApiVersions(Supplier<ApiMessage> answer) {
        this.unsupportedApiVersions = answer;
        return this;
    }

    /** Every handler is registered and the broker is ready: requests are served from now on. */
    public void open() {
        open.complete(null);
    }

    boolean isOpen() {
        return open.isDone();
    }

    /** Completes (with null) once the router is open. */
    CompletableFuture<ApiMessage> whenOpen() {
        return open;
    }

    /** The handler registered for {@code api}, or null (a wrapper registered over it takes its place). */
    public ApiHandler handler(ApiKey api) {
        return handlers.get(api);
    }

    ApiMessage unsupportedApiVersions() {
        return unsupportedApiVersions.get();
    }

    public Set<ApiKey> served() {
        return handlers.keySet();
    }
}
