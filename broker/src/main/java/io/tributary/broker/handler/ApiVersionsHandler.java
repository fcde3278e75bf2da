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
 *
 * <p>Features (v3+): {@code transaction.version} supported 0–2 and finalized at 2, as a new Kafka 4.x cluster has
 * it, so kafka-clients 4.x use transactions version 2 (KIP-890: epoch bump at every commit/abort, partitions and
 * groups added implicitly by Produce and TxnOffsetCommit); older clients keep using version 1. {@code share.version}
 * supported 0–1 and finalized at 1, as a Kafka 4.4 cluster with share groups (KIP-932) enabled has it. The features
 * never change while a node runs, so their epoch is a constant.
 */
public final class ApiVersionsHandler implements ApiHandler {

    static final String TRANSACTION_VERSION = "transaction.version";
    static final short FINALIZED_TRANSACTION_VERSION = 2;
    static final String SHARE_VERSION = "share.version";
    static final short FINALIZED_SHARE_VERSION = 1;
    private static final long FEATURES_EPOCH = 1;

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
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(versions)
                .setSupportedFeatures(List.of(
                        supported(TRANSACTION_VERSION, FINALIZED_TRANSACTION_VERSION),
                        supported(SHARE_VERSION, FINALIZED_SHARE_VERSION)))
                .setFinalizedFeaturesEpoch(FEATURES_EPOCH)
                .setFinalizedFeatures(List.of(
                        finalized(TRANSACTION_VERSION, FINALIZED_TRANSACTION_VERSION),
                        finalized(SHARE_VERSION, FINALIZED_SHARE_VERSION)));
    }

    private static ApiVersionsResponseData.SupportedFeatureKey supported(String name, short max) {
        return new ApiVersionsResponseData.SupportedFeatureKey().setName(name).setMinVersion((short) 0)
                .setMaxVersion(max);
    }

    private static ApiVersionsResponseData.FinalizedFeatureKey finalized(String name, short level) {
        return new ApiVersionsResponseData.FinalizedFeatureKey().setName(name).setMinVersionLevel(level)
                .setMaxVersionLevel(level);
    }
}
