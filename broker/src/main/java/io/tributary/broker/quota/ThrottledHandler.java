package io.tributary.broker.quota;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Records;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Produce or Fetch with its byte-rate quota: once the wrapped handler has answered, the bytes (a produce request's
 * record sets; a consumer fetch response's) are recorded for the request's (user, client id) and the throttle time
 * goes into the response's {@code throttleTimeMs}; the connection then stops reading for that long after writing it
 * (KIP-219, {@code ConnectionHandler}). A follower's fetch is not throttled, as in Kafka.
 */
public final class ThrottledHandler implements ApiHandler {
    private final ApiHandler inner;
    private final ClientQuotaManager quota;
    private final Clock clock;

    public ThrottledHandler(ApiHandler inner, ClientQuotaManager quota, Clock clock) {
        this.inner = inner;
        this.quota = quota;
        this.clock = clock;
    }

    @Override
    public boolean runsOnEventLoop() {
        return inner.runsOnEventLoop();
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
        if (!quota.anySet()) {
            return inner.handle(context, request);   // the common case: no stage added to the hot path
        }
        // measured before the handler runs: appending may consume the request's record buffers
        long produced = request instanceof ProduceRequestData sent ? produceBytes(sent) : 0;
        CompletableFuture<ApiMessage> answer = inner.handle(context, request);
        if (request instanceof FetchRequestData fetch && follower(fetch, context.apiVersion())) {
            return answer;
        }
        return answer.thenApply(response -> {
            if (response instanceof ProduceResponseData produce) {
                int ms = throttle(context, produced);
                if (ms > 0) {
                    produce.setThrottleTimeMs(Math.max(produce.throttleTimeMs(), ms));
                }
            } else if (response instanceof FetchResponseData fetched) {
                int ms = throttle(context, fetchBytes(fetched));
                if (ms > 0) {
                    fetched.setThrottleTimeMs(Math.max(fetched.throttleTimeMs(), ms));
                }
            }
            return response;
        });
    }

    private int throttle(RequestContext context, long bytes) {
        long ms = quota.recordAndThrottleMs(context.principal().name(), context.clientId(), bytes, clock.millis());
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private static boolean follower(FetchRequestData request, short version) {
        int id = version >= 15 ? (request.replicaState() == null ? -1 : request.replicaState().replicaId())
                : request.replicaId();
        return id >= 0;
    }

    private static long produceBytes(ProduceRequestData request) {
        long bytes = 0;
        for (ProduceRequestData.TopicProduceData t : request.topicData()) {
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                bytes += size(p.records());
            }
        }
        return bytes;
    }

    private static long fetchBytes(FetchResponseData response) {
        long bytes = 0;
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                bytes += size(p.records());
            }
        }
        return bytes;
    }

    private static long size(Records records) {
        return records == null ? 0 : records.sizeInBytes();
    }
}
