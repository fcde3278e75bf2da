package io.tributary.broker.share;

import io.tributary.broker.InternalTopic;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.DeleteShareGroupStateRequestData;
import io.tributary.protocol.message.DeleteShareGroupStateResponseData;
import io.tributary.protocol.message.InitializeShareGroupStateRequestData;
import io.tributary.protocol.message.InitializeShareGroupStateResponseData;
import io.tributary.protocol.message.ReadShareGroupStateRequestData;
import io.tributary.protocol.message.ReadShareGroupStateResponseData;
import io.tributary.protocol.message.ReadShareGroupStateSummaryRequestData;
import io.tributary.protocol.message.ReadShareGroupStateSummaryResponseData;
import io.tributary.protocol.message.WriteShareGroupStateRequestData;
import io.tributary.protocol.message.WriteShareGroupStateResponseData;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * The {@link ShareStatePersister} share-partition leaders and the group coordinator use, from any broker: each call
 * goes to the share coordinator of the key — the leader of its {@code __share_group_state} partition, looked up in
 * the committed metadata at every attempt — directly when that is this broker ({@link ShareCoordinatorService}),
 * else as Kafka's Read/Write/Initialize/DeleteShareGroupState or ReadShareGroupStateSummary request over the
 * inter-broker connection. The topic is created the first time it is needed.
 *
 * <p>Retries: while the topic is being created, the partition has no leader, or the coordinator answers
 * NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or COORDINATOR_LOAD_IN_PROGRESS, or the connection to it fails, the call
 * is tried again after a backoff (50 ms, doubling up to 1 s; scheduled, no thread waits) until
 * {@code timeoutMs} after it began; then it fails with a {@link ShareStateException} carrying the last of those
 * errors (COORDINATOR_NOT_AVAILABLE for a lost connection). Any other error (FENCED_LEADER_EPOCH,
 * FENCED_STATE_EPOCH, INVALID_REQUEST, ...) fails at once. A write retried after a lost answer is harmless: it
 * stores the same snapshot again.
 *
 * <p>On the wire a share-partition with no stored state reads (and summarizes) as start offset -1 (Kafka's
 * "uninitialized"), which this client answers as null. ReadShareGroupState does not carry the leader epoch back: a
 * remote read answers the state with the epoch it was read with.
 */
public final class ShareStateClient implements ShareStatePersister {

    private static final Logger LOG = Logger.getLogger(ShareStateClient.class.getName());

    static final long FIRST_BACKOFF_MS = 50;
    static final long MAX_BACKOFF_MS = 1000;
    /** How long a call keeps retrying before it fails. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;

    /** Sends a request to another broker (the inter-broker client); fails with UncheckedIOException if unreachable. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<ApiMessage> send(int brokerId, ApiMessage request, short version);
    }

    private final int brokerId;
    private final ShareStatePersister local;
    private final InternalTopic stateTopic;
    private final Sender remote;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final long timeoutMs;

    /**
     * @param local     this broker's share coordinator
     * @param scheduler where retries are scheduled
     * @param timeoutMs how long a call retries before it fails
     */
    public ShareStateClient(int brokerId, ShareStatePersister local, InternalTopic stateTopic, Sender remote,
                            ScheduledExecutorService scheduler, Clock clock, long timeoutMs) {
        this.brokerId = brokerId;
        this.local = local;
        this.stateTopic = stateTopic;
        this.remote = remote;
        this.scheduler = scheduler;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public CompletableFuture<ShareState> read(SharePartitionKey key, int leaderEpoch) {
        return withRetries(key, "read", node -> node == brokerId ? local.read(key, leaderEpoch)
                : remote.send(node, new ReadShareGroupStateRequestData().setGroupId(key.groupId()).setTopics(List.of(
                        new ReadShareGroupStateRequestData.ReadStateData().setTopicId(key.topicId()).setPartitions(
                                List.of(new ReadShareGroupStateRequestData.PartitionData()
                                        .setPartition(key.partition()).setLeaderEpoch(leaderEpoch))))),
                        ApiKey.READ_SHARE_GROUP_STATE.highestVersion()).thenApply(answer -> {
                            ReadShareGroupStateResponseData.PartitionResult r = only(
                                    ((ReadShareGroupStateResponseData) answer).results(), t -> t.partitions());
                            check(r.errorCode(), r.errorMessage());
                            if (r.startOffset() < 0) {
                                return null;
                            }
                            List<ShareState.StateBatch> batches = new ArrayList<>();
                            for (ReadShareGroupStateResponseData.StateBatch b : r.stateBatches()) {
                                batches.add(new ShareState.StateBatch(b.firstOffset(), b.lastOffset(),
                                        b.deliveryState(), b.deliveryCount()));
                            }
                            return new ShareState(r.stateEpoch(), leaderEpoch, r.startOffset(), batches);
                        }));
    }

    @Override
    public CompletableFuture<ShareStateSummary> summary(SharePartitionKey key) {
        return withRetries(key, "summary", node -> node == brokerId ? local.summary(key)
                : remote.send(node, new ReadShareGroupStateSummaryRequestData().setGroupId(key.groupId())
                        .setTopics(List.of(new ReadShareGroupStateSummaryRequestData.ReadStateSummaryData()
                                .setTopicId(key.topicId()).setPartitions(List.of(
                                        new ReadShareGroupStateSummaryRequestData.PartitionData()
                                                .setPartition(key.partition()).setLeaderEpoch(-1))))),
                        ApiKey.READ_SHARE_GROUP_STATE_SUMMARY.highestVersion()).thenApply(answer -> {
                            ReadShareGroupStateSummaryResponseData.PartitionResult r = only(
                                    ((ReadShareGroupStateSummaryResponseData) answer).results(), t -> t.partitions());
                            check(r.errorCode(), r.errorMessage());
                            return r.startOffset() < 0 ? null : new ShareStateSummary(r.stateEpoch(),
                                    r.leaderEpoch(), r.startOffset(), r.deliveryCompleteCount());
                        }));
    }

    @Override
    public CompletableFuture<Void> write(SharePartitionKey key, ShareState state) {
        return withRetries(key, "write", node -> {
            if (node == brokerId) {
                return local.write(key, state);
            }
            List<WriteShareGroupStateRequestData.StateBatch> batches = new ArrayList<>();
            for (ShareState.StateBatch b : state.batches()) {
                batches.add(new WriteShareGroupStateRequestData.StateBatch().setFirstOffset(b.firstOffset())
                        .setLastOffset(b.lastOffset()).setDeliveryState(b.deliveryState())
                        .setDeliveryCount(b.deliveryCount()));
            }
            WriteShareGroupStateRequestData request = new WriteShareGroupStateRequestData().setGroupId(key.groupId())
                    .setTopics(List.of(new WriteShareGroupStateRequestData.WriteStateData().setTopicId(key.topicId())
                            .setPartitions(List.of(new WriteShareGroupStateRequestData.PartitionData()
                                    .setPartition(key.partition()).setStateEpoch(state.stateEpoch())
                                    .setLeaderEpoch(state.leaderEpoch()).setStartOffset(state.startOffset())
                                    .setDeliveryCompleteCount(state.deliveryCompleteCount())
                                    .setStateBatches(batches)))));
            return remote.send(node, request, ApiKey.WRITE_SHARE_GROUP_STATE.highestVersion()).thenApply(answer -> {
                WriteShareGroupStateResponseData.PartitionResult r = only(
                        ((WriteShareGroupStateResponseData) answer).results(), t -> t.partitions());
                check(r.errorCode(), r.errorMessage());
                return null;
            });
        });
    }

    @Override
    public CompletableFuture<Void> initialize(SharePartitionKey key, int stateEpoch, long startOffset) {
        return withRetries(key, "initialize", node -> node == brokerId ? local.initialize(key, stateEpoch, startOffset)
                : remote.send(node, new InitializeShareGroupStateRequestData().setGroupId(key.groupId())
                        .setTopics(List.of(new InitializeShareGroupStateRequestData.InitializeStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(
                                        new InitializeShareGroupStateRequestData.PartitionData()
                                                .setPartition(key.partition()).setStateEpoch(stateEpoch)
                                                .setStartOffset(startOffset))))),
                        ApiKey.INITIALIZE_SHARE_GROUP_STATE.highestVersion()).thenApply(answer -> {
                            InitializeShareGroupStateResponseData.PartitionResult r = only(
                                    ((InitializeShareGroupStateResponseData) answer).results(), t -> t.partitions());
                            check(r.errorCode(), r.errorMessage());
                            return null;
                        }));
    }

    @Override
    public CompletableFuture<Void> delete(SharePartitionKey key) {
        return withRetries(key, "delete", node -> node == brokerId ? local.delete(key)
                : remote.send(node, new DeleteShareGroupStateRequestData().setGroupId(key.groupId())
                        .setTopics(List.of(new DeleteShareGroupStateRequestData.DeleteStateData()
                                .setTopicId(key.topicId()).setPartitions(List.of(
                                        new DeleteShareGroupStateRequestData.PartitionData()
                                                .setPartition(key.partition()))))),
                        ApiKey.DELETE_SHARE_GROUP_STATE.highestVersion()).thenApply(answer -> {
                            DeleteShareGroupStateResponseData.PartitionResult r = only(
                                    ((DeleteShareGroupStateResponseData) answer).results(), t -> t.partitions());
                            check(r.errorCode(), r.errorMessage());
                            return null;
                        }));
    }

    /** The one partition result of a one-partition answer. */
    private static <T, P> P only(List<T> topics, java.util.function.Function<T, List<P>> partitions) {
        if (topics.size() != 1 || partitions.apply(topics.get(0)).size() != 1) {
            throw new ShareStateException(Errors.UNKNOWN_SERVER_ERROR, "the share coordinator answered "
                    + topics.size() + " topic(s) for one share-partition");
        }
        return partitions.apply(topics.get(0)).get(0);
    }

    private static void check(short errorCode, String message) {
        if (errorCode != Errors.NONE.code()) {
            Errors error = Errors.forCode(errorCode);
            throw new ShareStateException(error, message == null ? error.message() : message);
        }
    }

    /** The coordinator's broker id, or -1 while there is none (the topic is then created if missing). */
    private int coordinatorOf(SharePartitionKey key) {
        TopicImage topic = stateTopic.image();
        if (topic == null) {
            stateTopic.create();
            return -1;
        }
        PartitionRegistration p = topic.partition(ShareStateTopic.partitionFor(key, topic.partitionCount()));
        return p != null && p.hasLeader() ? p.leader() : -1;
    }

    private <T> CompletableFuture<T> withRetries(SharePartitionKey key, String what, IntFunction<CompletableFuture<T>> at) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        attempt(key, what, at, clock.millis() + timeoutMs, FIRST_BACKOFF_MS, answer);
        return answer;
    }

    private <T> void attempt(SharePartitionKey key, String what, IntFunction<CompletableFuture<T>> at, long deadline,
                             long backoffMs, CompletableFuture<T> answer) {
        int node = coordinatorOf(key);
        CompletableFuture<T> tried;
        if (node < 0) {
            tried = CompletableFuture.failedFuture(new ShareStateException(Errors.COORDINATOR_NOT_AVAILABLE,
                    ShareStateTopic.NAME + " has no leader for " + key.coordinatorKey() + " yet"));
        } else {
            try {
                tried = at.apply(node);
            } catch (RuntimeException e) {
                tried = CompletableFuture.failedFuture(e);
            }
        }
        tried.whenComplete((result, failure) -> {
            if (failure == null) {
                answer.complete(result);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            Errors error = retriable(cause);
            if (error == null) {
                answer.completeExceptionally(cause instanceof ShareStateException ? cause
                        : new ShareStateException(Errors.UNKNOWN_SERVER_ERROR, what + " of " + key.coordinatorKey()
                        + " failed: " + cause));
                return;
            }
            long now = clock.millis();
            if (now + backoffMs > deadline) {
                answer.completeExceptionally(new ShareStateException(error, what + " of " + key.coordinatorKey()
                        + " found no share coordinator within " + timeoutMs + " ms: " + cause.getMessage()));
                return;
            }
            LOG.fine(() -> what + " of " + key.coordinatorKey() + " retried: " + cause.getMessage());
            try {
                scheduler.schedule(() -> attempt(key, what, at, deadline, Math.min(MAX_BACKOFF_MS, backoffMs * 2),
                        answer), backoffMs, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(new ShareStateException(Errors.COORDINATOR_NOT_AVAILABLE,
                        "the broker is shutting down"));
            }
        });
    }

    /** The error a failure is retried as, or null if it is final. */
    private static Errors retriable(Throwable failure) {
        if (failure instanceof ShareStateException e) {
            return switch (e.error()) {
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS -> e.error();
                default -> null;
            };
        }
        if (failure instanceof UncheckedIOException || failure instanceof IllegalStateException) {
            return Errors.COORDINATOR_NOT_AVAILABLE;   // the connection failed, or the broker has no address yet
        }
        return null;
    }
}
