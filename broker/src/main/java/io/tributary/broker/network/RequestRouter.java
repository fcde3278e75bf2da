package io.tributary.broker.network;

import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ApiKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Which handler serves which API; the set of APIs served is what ApiVersions advertises. */
public final class RequestRouter {

    private final Map<ApiKey, ApiHandler> handlers = new EnumMap<>(ApiKey.class);
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

    ApiHandler handler(ApiKey api) {
        return handlers.get(api);
    }

    ApiMessage unsupportedApiVersions() {
        return unsupportedApiVersions.get();
    }

    public Set<ApiKey> served() {
        return handlers.keySet();
    }
}
