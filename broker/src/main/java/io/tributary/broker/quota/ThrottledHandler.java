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
 * goes into the response's {@code throttleTimeMs} — a fetch over its quota is answered, as Kafka answers it, without
 * its data, which is then not counted; the connection then stops reading for that long after writing it
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
        boolean consumerFetch = request instanceof FetchRequestData fetch && !follower(fetch, context.apiVersion());
        if (consumerFetch) {
            // as Kafka: no answer bigger than the quota allows in its window, or a throttled one would never fit
            FetchRequestData fetch = (FetchRequestData) request;
            long cap = quota.maxBytesPerAnswer(context.principal().name(), context.clientId());
            if (cap < fetch.maxBytes()) {
                fetch.setMaxBytes((int) cap);
            }
        }
        CompletableFuture<ApiMessage> answer = inner.handle(context, request);
        if (request instanceof FetchRequestData && !consumerFetch) {
            return answer;
        }
        return answer.thenApply(response -> {
            if (response instanceof ProduceResponseData produce) {
                int ms = throttle(context, produced);
                if (ms > 0) {
                    produce.setThrottleTimeMs(Math.max(produce.throttleTimeMs(), ms));
                }
            } else if (response instanceof FetchResponseData fetched) {
                long ms = quota.recordUnlessThrottledMs(context.principal().name(), context.clientId(),
                        fetchBytes(fetched), clock.millis());
                if (ms > 0) {
                    // Kafka's throttled fetch: no data (not counted either), the client asks again after the mute
                    return new FetchResponseData().setErrorCode(fetched.errorCode()).setSessionId(fetched.sessionId())
                            .setThrottleTimeMs(Math.max(fetched.throttleTimeMs(), (int) Math.min(ms,
                                    Integer.MAX_VALUE)));
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
