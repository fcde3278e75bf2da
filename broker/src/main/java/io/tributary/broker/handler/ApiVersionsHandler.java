package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.ApiVersionsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * ApiVersions: every API this broker serves with the versions Kafka 4.4 serves, leaving out versions Kafka marks
 * unstable. Like Kafka 4 (KAFKA-18659), Produce is advertised from v0 although v0–v2 are refused: librdkafka
 * disables compression when it cannot see Produce v0 in the list.
 */
public final class ApiVersionsHandler implements ApiHandler {

    private final Supplier<Set<ApiKey>> served;

    public ApiVersionsHandler(Supplier<Set<ApiKey>> served) {
        this.served = served;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    /** The answer, also sent (in v0) to a client asking for an ApiVersions version this broker lacks. */
    public ApiVersionsResponseData response(Errors error) {
        List<ApiVersionsResponseData.ApiVersion> versions = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            if (!served.get().contains(api)) {
                continue;
            }
            short max = api.latestVersionUnstable() ? (short) (api.highestVersion() - 1) : api.highestVersion();
            short min = api == ApiKey.PRODUCE ? 0 : api.lowestVersion();
            versions.add(new ApiVersionsResponseData.ApiVersion().setApiKey(api.id()).setMinVersion(min)
                    .setMaxVersion(max));
        }
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(versions);
    }
}
