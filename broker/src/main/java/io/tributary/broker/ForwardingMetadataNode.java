package io.tributary.broker;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AllocateProducerIdsRequestData;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.BrokerHeartbeatRequestData;
import io.tributary.protocol.message.BrokerHeartbeatResponseData;
import io.tributary.protocol.message.BrokerRegistrationRequestData;
import io.tributary.protocol.message.BrokerRegistrationResponseData;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The metadata node as the broker submits commands to it: a command runs on this node's own quorum member when it
 * is the active controller; when it is not (NOT_CONTROLLER), the commands a broker needs from the controller are
 * sent there over its Kafka listener ({@link ControllerChannel}), as Kafka's brokers do:
 * <ul>
 *   <li>RegisterBroker → BrokerRegistration, BrokerHeartbeat → BrokerHeartbeat, AllocateProducerIds →
 *       AllocateProducerIds (the controller APIs);</li>
 *   <li>CreateTopics → CreateTopics (admin clients, Metadata auto-creation, the coordinators' internal topics);
 *       a created topic is answered once this broker has applied it, so the caller finds it here next.</li>
 * </ul>
 * Every other command still fails with {@link NotControllerException} off the controller. A forwarded command is
 * tried again (locally first: this node may have become the controller) after NOT_CONTROLLER or an unreachable
 * controller, until {@code timeoutMs} has passed; a command whose answer was lost may so run twice (CreateTopics
 * then answers TOPIC_ALREADY_EXISTS, as in Kafka).
 */
final class ForwardingMetadataNode implements MetadataNode {

    private static final long RETRY_BACKOFF_MS = 100;
    private static final int CREATE_TOPICS_TIMEOUT_MS = 30_000;

    /** Waits until this broker has applied a metadata image that passes a condition (or the time is up). */
    @FunctionalInterface
    interface LocalImage {
        CompletableFuture<Void> await(Predicate<MetadataImage> condition, long timeoutMs);
    }

    private final MetadataNode node;
    private final ControllerChannel channel;
    private final LocalImage localImage;
    private final ScheduledExecutorService scheduler;
    private final String clusterId;
    private final long timeoutMs;

    ForwardingMetadataNode(MetadataNode node, ControllerChannel channel, LocalImage localImage,
                           ScheduledExecutorService scheduler, String clusterId, long timeoutMs) {
        this.node = node;
        this.channel = channel;
        this.localImage = localImage;
        this.scheduler = scheduler;
        this.clusterId = clusterId;
        this.timeoutMs = timeoutMs;
    }

    /** Whether a command is sent to the controller when this node is not it. */
    static boolean forwarded(ControllerCommand<?> command) {
        return command instanceof ControllerCommand.RegisterBroker
                || command instanceof ControllerCommand.BrokerHeartbeat
                || command instanceof ControllerCommand.AllocateProducerIds
                || command instanceof ControllerCommand.CreateTopics;
    }

    @Override
    public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        return attempt(command, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }

    private <R> CompletableFuture<R> attempt(ControllerCommand<R> command, long deadlineNanos) {
        return node.submit(command).exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (!(cause instanceof NotControllerException) || !forwarded(command)) {
                return CompletableFuture.failedFuture(cause);
            }
            return forward(command).exceptionallyCompose(forwardFailure -> {
                Throwable why = unwrap(forwardFailure);
                boolean retriable = why instanceof NotControllerException
                        || why instanceof ControllerUnavailableException;
                if (!retriable || System.nanoTime() - deadlineNanos > 0) {
                    return CompletableFuture.failedFuture(why);
                }
                CompletableFuture<R> retry = new CompletableFuture<>();
                scheduler.schedule(() -> attempt(command, deadlineNanos).whenComplete((r, e) -> {
                    if (e != null) {
                        retry.completeExceptionally(unwrap(e));
                    } else {
                        retry.complete(r);
                    }
                }), RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
                return retry;
            });
        });
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> forward(ControllerCommand<R> command) {
        CompletableFuture<?> answer;
        if (command instanceof ControllerCommand.RegisterBroker c) {
            answer = registerBroker(c);
        } else if (command instanceof ControllerCommand.BrokerHeartbeat c) {
            answer = heartbeat(c);
        } else if (command instanceof ControllerCommand.AllocateProducerIds c) {
            answer = allocateProducerIds(c);
        } else if (command instanceof ControllerCommand.CreateTopics c) {
            answer = createTopics(c);
        } else {
            throw new IllegalArgumentException("not forwarded: " + command);
        }
        return (CompletableFuture<R>) answer;
    }

    private CompletableFuture<ControllerCommand.RegisterBroker.Result> registerBroker(
            ControllerCommand.RegisterBroker c) {
        List<BrokerRegistrationRequestData.Listener> listeners = new ArrayList<>();
        for (Endpoint e : c.endpoints()) {
            listeners.add(new BrokerRegistrationRequestData.Listener().setName(e.listener()).setHost(e.host())
                    .setPort(e.port()).setSecurityProtocol(e.securityProtocol()));
        }
        BrokerRegistrationRequestData request = new BrokerRegistrationRequestData().setBrokerId(c.brokerId())
                .setClusterId(clusterId).setIncarnationId(c.incarnationId()).setListeners(listeners)
                .setRack(c.rack());
        return send(request, ApiKey.BROKER_REGISTRATION).thenApply(answer -> {
            BrokerRegistrationResponseData r = (BrokerRegistrationResponseData) answer;
            return new ControllerCommand.RegisterBroker.Result(error(r.errorCode()), r.brokerEpoch());
        });
    }

    private CompletableFuture<ControllerCommand.BrokerHeartbeat.Result> heartbeat(
            ControllerCommand.BrokerHeartbeat c) {
        BrokerHeartbeatRequestData request = new BrokerHeartbeatRequestData().setBrokerId(c.brokerId())
                .setBrokerEpoch(c.brokerEpoch()).setCurrentMetadataOffset(node.image().offset())
                .setWantFence(c.wantFence()).setWantShutDown(c.wantShutdown());
        return send(request, ApiKey.BROKER_HEARTBEAT).thenApply(answer -> {
            BrokerHeartbeatResponseData r = (BrokerHeartbeatResponseData) answer;
            // Kafka's answer has no "in controlled shutdown" flag; the broker does not read it
            return new ControllerCommand.BrokerHeartbeat.Result(error(r.errorCode()), r.isFenced(), false,
                    r.shouldShutDown());
        });
    }

    private CompletableFuture<ControllerCommand.AllocateProducerIds.Result> allocateProducerIds(
            ControllerCommand.AllocateProducerIds c) {
        AllocateProducerIdsRequestData request = new AllocateProducerIdsRequestData().setBrokerId(c.brokerId())
                .setBrokerEpoch(c.brokerEpoch());
        return send(request, ApiKey.ALLOCATE_PRODUCER_IDS).thenApply(answer -> {
            AllocateProducerIdsResponseData r = (AllocateProducerIdsResponseData) answer;
            return new ControllerCommand.AllocateProducerIds.Result(error(r.errorCode()), r.producerIdStart(),
                    r.producerIdLen());
        });
    }

    private CompletableFuture<Map<String, ControllerCommand.CreateTopics.TopicResult>> createTopics(
            ControllerCommand.CreateTopics c) {
        List<CreateTopicsRequestData.CreatableTopic> topics = new ArrayList<>();
        for (ControllerCommand.NewTopic t : c.topics()) {
            List<CreateTopicsRequestData.CreatableReplicaAssignment> assignments = new ArrayList<>();
            t.assignments().forEach((partition, replicas) -> assignments.add(
                    new CreateTopicsRequestData.CreatableReplicaAssignment().setPartitionIndex(partition)
                            .setBrokerIds(replicas)));
            List<CreateTopicsRequestData.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs().forEach((k, v) -> configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName(k)
                    .setValue(v)));
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName(t.name())
                    .setNumPartitions(t.numPartitions()).setReplicationFactor(t.replicationFactor())
                    .setAssignments(assignments).setConfigs(configs));
        }
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTopics(topics)
                .setTimeoutMs(CREATE_TOPICS_TIMEOUT_MS).setValidateOnly(c.validateOnly());
        return send(request, ApiKey.CREATE_TOPICS).thenCompose(answer -> {
            CreateTopicsResponseData r = (CreateTopicsResponseData) answer;
            Map<String, ControllerCommand.CreateTopics.TopicResult> results = new HashMap<>();
            List<String> created = new ArrayList<>();
            boolean allNotController = !r.topics().isEmpty();
            for (CreateTopicsResponseData.CreatableTopicResult t : r.topics()) {
                ApiError error = ApiError.of(Errors.forCode(t.errorCode()), t.errorMessage());
                allNotController &= error.error() == Errors.NOT_CONTROLLER;
                results.put(t.name(), new ControllerCommand.CreateTopics.TopicResult(error,
                        error.isSuccess() ? t.topicId() : null, t.numPartitions(), t.replicationFactor()));
                if (error.isSuccess() && !c.validateOnly()) {
                    created.add(t.name());
                }
            }
            if (allNotController) {
                throw new NotControllerException("the controller answered NOT_CONTROLLER", OptionalInt.empty());
            }
            // Answer once this broker has applied the new topics (or after the wait: the caller then retries)
            return localImage.await(image -> created.stream().allMatch(name -> image.topic(name) != null),
                    timeoutMs).thenApply(ignored -> results);
        });
    }

    /** Sends in the highest version (the nodes of a cluster run one Tributary version). */
    private CompletableFuture<ApiMessage> send(ApiMessage request, ApiKey api) {
        return channel.send(request, api.highestVersion()).thenApply(answer -> {
            if (topLevelError(answer) == Errors.NOT_CONTROLLER.code()) {
                throw new NotControllerException(api.name() + ": the controller answered NOT_CONTROLLER",
                        OptionalInt.empty());
            }
            return answer;
        });
    }

    private static short topLevelError(ApiMessage answer) {
        if (answer instanceof BrokerRegistrationResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof BrokerHeartbeatResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof AllocateProducerIdsResponseData r) {
            return r.errorCode();
        }
        return Errors.NONE.code();
    }

    private static ApiError error(short code) {
        return ApiError.of(Errors.forCode(code));
    }

    @Override
    public int nodeId() {
        return node.nodeId();
    }

    @Override
    public MetadataImage image() {
        return node.image();
    }

    @Override
    public void subscribe(MetadataListener listener) {
        node.subscribe(listener);
    }

    @Override
    public void unsubscribe(MetadataListener listener) {
        node.unsubscribe(listener);
    }

    @Override
    public boolean isActiveController() {
        return node.isActiveController();
    }

    @Override
    public OptionalInt controllerId() {
        return node.controllerId();
    }

    @Override
    public long latestSnapshotOffset() {
        return node.latestSnapshotOffset();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the broker closes its quorum member itself");
    }
}
