package io.tributary.broker.quota;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.CreatePartitionsRequestData;
import io.tributary.protocol.message.CreatePartitionsResponseData;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import io.tributary.protocol.message.DeleteTopicsRequestData;
import io.tributary.protocol.message.DeleteTopicsResponseData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code controller_mutation_rate} (KIP-599) on CreateTopics, CreatePartitions and DeleteTopics: the partitions a
 * (user, client id) creates or deletes are taken from a {@link TokenBucket}. The versions that know the error
 * (CreateTopics v6+, CreatePartitions v3+, DeleteTopics v5+) get THROTTLING_QUOTA_EXCEEDED for each topic met while
 * the bucket is in deficit, and the others go ahead; older versions are served whole. Either way the response
 * carries the time until the bucket is out of deficit, and the connection is muted that long (KIP-219). A topic the
 * wrapped handler refuses (it exists, it is unknown, ...) gives its partitions back, as Kafka records only what it
 * did; validate-only requests are not counted. Without any quota set the request goes straight through.
 */
public final class MutationQuotaHandler implements ApiHandler {

    private static final int STRICT_CREATE_TOPICS = 6;
    private static final int STRICT_CREATE_PARTITIONS = 3;
    private static final int STRICT_DELETE_TOPICS = 5;

    private final ApiHandler inner;
    private final MutationQuotas quotas;
    private final Supplier<MetadataImage> image;
    private final IntSupplier defaultPartitions;
    private final Clock clock;

    /**
     * @param quotas            the buckets, shared by the three APIs' handlers
     * @param defaultPartitions {@code num.partitions}, what a CreateTopics without a count creates
     */
    public MutationQuotaHandler(ApiHandler inner, MutationQuotas quotas, Supplier<MetadataImage> image,
                                IntSupplier defaultPartitions, Clock clock) {
        this.inner = inner;
        this.quotas = quotas;
        this.image = image;
        this.defaultPartitions = defaultPartitions;
        this.clock = clock;
    }

    @Override
    public boolean runsOnEventLoop() {
        return inner.runsOnEventLoop();
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request) {
        TokenBucket bucket = quotas.bucketFor(context.principal().name(), context.clientId(), clock.millis());
        if (bucket == null) {
            return inner.handle(context, request);
        }
        short version = context.apiVersion();
        if (request instanceof CreateTopicsRequestData create && !create.validateOnly()) {
            return createTopics(context, create, bucket, version >= STRICT_CREATE_TOPICS);
        }
        if (request instanceof CreatePartitionsRequestData add && !add.validateOnly()) {
            return createPartitions(context, add, bucket, version >= STRICT_CREATE_PARTITIONS);
        }
        if (request instanceof DeleteTopicsRequestData delete) {
            return deleteTopics(context, delete, bucket, version >= STRICT_DELETE_TOPICS);
        }
        return inner.handle(context, request);
    }

    private CompletableFuture<ApiMessage> createTopics(RequestContext context, CreateTopicsRequestData request,
                                                       TokenBucket bucket, boolean strict) {
        Map<String, Integer> taken = new HashMap<>();
        List<CreateTopicsRequestData.CreatableTopic> passed = new ArrayList<>();
        List<CreateTopicsResponseData.CreatableTopicResult> refused = new ArrayList<>();
        for (CreateTopicsRequestData.CreatableTopic t : request.topics()) {
            int partitions = !t.assignments().isEmpty() ? t.assignments().size()
                    : t.numPartitions() > 0 ? t.numPartitions() : defaultPartitions.getAsInt();
            if (take(bucket, strict, partitions)) {
                taken.merge(t.name(), partitions, Integer::sum);
                passed.add(t);
            } else {
                refused.add(new CreateTopicsResponseData.CreatableTopicResult().setName(t.name())
                        .setErrorCode(Errors.THROTTLING_QUOTA_EXCEEDED.code())
                        .setErrorMessage(Errors.THROTTLING_QUOTA_EXCEEDED.message()).setNumPartitions(-1)
                        .setReplicationFactor((short) -1));
            }
        }
        request.setTopics(passed);
        return inner.handle(context, request).thenApply(answer -> {
            CreateTopicsResponseData response = (CreateTopicsResponseData) answer;
            response.topics().forEach(r -> giveBackIfRefused(bucket, taken, r.name(), r.errorCode()));
            response.topics().addAll(refused);
            return response.setThrottleTimeMs(throttle(response.throttleTimeMs(), bucket));
        });
    }

    private CompletableFuture<ApiMessage> createPartitions(RequestContext context,
                                                           CreatePartitionsRequestData request, TokenBucket bucket,
                                                           boolean strict) {
        Map<String, Integer> taken = new HashMap<>();
        List<CreatePartitionsRequestData.CreatePartitionsTopic> passed = new ArrayList<>();
        List<CreatePartitionsResponseData.CreatePartitionsTopicResult> refused = new ArrayList<>();
        MetadataImage now = image.get();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
            TopicImage topic = now.topic(t.name());
            int partitions = topic == null ? 0 : Math.max(0, t.count() - topic.partitionCount());
            if (take(bucket, strict, partitions)) {
                taken.merge(t.name(), partitions, Integer::sum);
                passed.add(t);
            } else {
                refused.add(new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name())
                        .setErrorCode(Errors.THROTTLING_QUOTA_EXCEEDED.code())
                        .setErrorMessage(Errors.THROTTLING_QUOTA_EXCEEDED.message()));
            }
        }
        request.setTopics(passed);
        return inner.handle(context, request).thenApply(answer -> {
            CreatePartitionsResponseData response = (CreatePartitionsResponseData) answer;
            response.results().forEach(r -> giveBackIfRefused(bucket, taken, r.name(), r.errorCode()));
            response.results().addAll(refused);
            return response.setThrottleTimeMs(throttle(response.throttleTimeMs(), bucket));
        });
    }

    private CompletableFuture<ApiMessage> deleteTopics(RequestContext context, DeleteTopicsRequestData request,
                                                       TokenBucket bucket, boolean strict) {
        Map<String, Integer> taken = new HashMap<>();
        List<DeleteTopicsResponseData.DeletableTopicResult> refused = new ArrayList<>();
        MetadataImage now = image.get();
        boolean byState = !request.topics().isEmpty();
        List<DeleteTopicsRequestData.DeleteTopicState> passedStates = new ArrayList<>();
        List<String> passedNames = new ArrayList<>();
        List<DeleteTopicsRequestData.DeleteTopicState> states = byState ? request.topics()
                : request.topicNames().stream().map(n -> new DeleteTopicsRequestData.DeleteTopicState().setName(n))
                .toList();
        for (DeleteTopicsRequestData.DeleteTopicState t : states) {
            TopicImage topic = t.name() != null && !t.name().isEmpty() ? now.topic(t.name()) : now.topic(t.topicId());
            int partitions = topic == null ? 0 : topic.partitionCount();
            String key = topic != null ? topic.name() : t.name();
            if (take(bucket, strict, partitions)) {
                taken.merge(key == null ? "" : key, partitions, Integer::sum);
                if (byState) {
                    passedStates.add(t);
                } else {
                    passedNames.add(t.name());
                }
            } else {
                refused.add(new DeleteTopicsResponseData.DeletableTopicResult().setName(t.name())
                        .setTopicId(t.topicId()).setErrorCode(Errors.THROTTLING_QUOTA_EXCEEDED.code())
                        .setErrorMessage(Errors.THROTTLING_QUOTA_EXCEEDED.message()));
            }
        }
        if (byState) {
            request.setTopics(passedStates);
        } else {
            request.setTopicNames(passedNames);
        }
        return inner.handle(context, request).thenApply(answer -> {
            DeleteTopicsResponseData response = (DeleteTopicsResponseData) answer;
            response.responses().forEach(r -> giveBackIfRefused(bucket, taken, r.name() == null ? "" : r.name(),
                    r.errorCode()));
            response.responses().addAll(refused);
            return response.setThrottleTimeMs(throttle(response.throttleTimeMs(), bucket));
        });
    }

    /** Takes a topic's partitions unless a strict request meets the bucket in deficit (then false: refuse it). */
    private boolean take(TokenBucket bucket, boolean strict, int partitions) {
        long now = clock.millis();
        synchronized (bucket) {
            if (strict && bucket.inDeficit(now)) {
                return false;
            }
            bucket.record(partitions, now);
            return true;
        }
    }

    private void giveBackIfRefused(TokenBucket bucket, Map<String, Integer> taken, String topic, short errorCode) {
        if (errorCode != Errors.NONE.code()) {
            Integer partitions = taken.remove(topic);
            if (partitions != null) {
                bucket.record(-partitions, clock.millis());
            }
        }
    }

    private int throttle(int already, TokenBucket bucket) {
        return (int) Math.max(already, Math.min(Integer.MAX_VALUE, bucket.throttleMs(clock.millis())));
    }
}
