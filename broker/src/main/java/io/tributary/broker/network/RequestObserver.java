package io.tributary.broker.network;

import io.tributary.protocol.message.ApiKey;

/** Told of every answered request, for request-rate and latency metrics. */
@FunctionalInterface
public interface RequestObserver {

    void answered(ApiKey api, long nanos);
}
