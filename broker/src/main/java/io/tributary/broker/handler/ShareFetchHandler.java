package io.tributary.broker.handler;

import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.share.SharePartition;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.broker.share.ShareSessions;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.ShareFetchRequestData;
import io.tributary.protocol.message.ShareFetchResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ShareFetch (KIP-932): a share consumer's fetch on its share session. In order: the session step
 * ({@link ShareSessions}: open, next epoch, or close), the piggy-backed acknowledgements ({@link
 * ShareAcknowledgements}), then — unless the session is closing — acquisition: each session partition this broker
 * leads is read from its share-partition's next fetch offset up to the high watermark and what is available is
 * acquired for the member ({@link ShareFetchRead}), up to {@code MaxRecords} over the whole request. With nothing
 * acquired the request waits, up to {@code MaxWaitMs}, for an append or for records to come back (a release, a lock
 * timeout), and tries again. The answer waits for the acknowledgements to be stored.
 *
 * <p>Closing the session (epoch -1), forgetting a partition, or replacing the session releases what the member
 * held there. Opening a session has the share-partitions with nothing in flight read afresh (their stored state may
 * have been reset while the group was empty). Partitions this broker does not lead answer NOT_LEADER_OR_FOLLOWER with the leader's endpoint.
 */
public final class ShareFetchHandler implements ApiHandler {

    private static final HeapRecords NO_RECORDS = new HeapRecords(ByteBuffer.allocate(0));
    private static final int DEFAULT_MAX_RECORDS = 500;
    /** ShareFetch v2's ShareAcquireMode: 0 batch-optimized (whole batches), 1 record-limit (KIP-1206). */
    private static final byte RECORD_LIMIT_MODE = 1;

    private final PartitionLookup lookup;
    private final PartitionManager partitions;
    private final SharePartitionManager shares;
    private final ShareSessions sessions;
    private final ShareAcknowledgements acknowledgements;
    private final BrokerMetrics metrics;
    private final Access access;

    public ShareFetchHandler(PartitionLookup lookup, PartitionManager partitions, SharePartitionManager shares,
                             ShareSessions sessions, BrokerMetrics metrics, Access access) {
        this.access = access;
        this.lookup = lookup;
        this.partitions = partitions;
        this.shares = shares;
        this.sessions = sessions;
        this.acknowledgements = new ShareAcknowledgements(lookup, shares);
        this.metrics = metrics;
    }

    /** Reads only look up file positions and batch headers; a waiting fetch is woken on its connection's loop. */
    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareFetchRequestData request = (ShareFetchRequestData) body;
        String group = request.groupId();
        String member = request.memberId();
        if (group == null || group.isEmpty() || member == null || member.isEmpty()) {
            return done(Errors.INVALID_REQUEST, "A share fetch needs a group id and a member id.");
        }
        if (!access.allows(context, AclOperation.READ, ResourceType.GROUP, group)) {
            return done(Errors.GROUP_AUTHORIZATION_FAILED, null);
        }
        List<SharePartitionKey> added = new ArrayList<>();
        Map<SharePartitionKey, List<SharePartition.Acknowledgement>> acks = new LinkedHashMap<>();
        for (ShareFetchRequestData.FetchTopic t : request.topics()) {
            for (ShareFetchRequestData.FetchPartition p : t.partitions()) {
                SharePartitionKey key = new SharePartitionKey(group, t.topicId(), p.partitionIndex());
                added.add(key);
                for (ShareFetchRequestData.AcknowledgementBatch b : p.acknowledgementBatches()) {
                    acks.computeIfAbsent(key, k -> new ArrayList<>()).add(new SharePartition.Acknowledgement(
                            b.firstOffset(), b.lastOffset(), ShareAcknowledgements.types(b.acknowledgeTypes())));
                }
            }
        }
        List<SharePartitionKey> forgotten = new ArrayList<>();
        for (ShareFetchRequestData.ForgottenTopic t : request.forgottenTopicsData()) {
            for (int p : t.partitions()) {
                forgotten.add(new SharePartitionKey(group, t.topicId(), p));
            }
        }
        int epoch = request.shareSessionEpoch();
        if (epoch == ShareSessions.INITIAL_EPOCH && !acks.isEmpty()) {
            return done(Errors.INVALID_REQUEST, "Acknowledgements cannot open a share session.");
        }
        long now = shares.nowMs();
        ShareSessions.Resolved session = sessions.resolve(group, member, epoch,
                new ShareSessions.Changes(added, forgotten), shares.settings(group).sessionTimeoutMs(), now);
        if (session.error() != Errors.NONE) {
            return done(session.error(), null);
        }
        if (epoch == ShareSessions.INITIAL_EPOCH) {
            shares.refreshIdle(session.partitions());
        }
        // as Kafka: each topic needs READ; a refused partition is neither read nor acknowledged
        Set<SharePartitionKey> refused = refused(context, session.partitions(), acks.keySet());
        Map<SharePartitionKey, CompletableFuture<Errors>> acked = new LinkedHashMap<>();
        acks.forEach((key, batches) -> acked.put(key, refused.contains(key)
                ? CompletableFuture.completedFuture(Errors.TOPIC_AUTHORIZATION_FAILED)
                : acknowledgements.apply(key, member, batches)));
        shares.releaseAll(member, session.ended());
        Attempt attempt = new Attempt(context, request, session.partitions(), acked, refused);
        if (epoch == ShareSessions.FINAL_EPOCH) {
            attempt.answer(new LinkedHashMap<>());
        } else {
            attempt.run();
        }
        return attempt.result;
    }

    /** The partitions (of the session, or acknowledged) of known topics the principal may not READ. */
    private Set<SharePartitionKey> refused(RequestContext context, List<SharePartitionKey> session,
                                          Set<SharePartitionKey> acked) {
        if (!access.enabled()) {
            return Set.of();
        }
        Map<UUID, Boolean> allowed = new HashMap<>();
        Set<SharePartitionKey> refused = new HashSet<>();
        for (List<SharePartitionKey> keys : List.of(session, List.copyOf(acked))) {
            for (SharePartitionKey key : keys) {
                boolean ok = allowed.computeIfAbsent(key.topicId(), id -> {
                    String name = lookup.topicName(null, id);
                    return name == null || access.allows(context, AclOperation.READ, ResourceType.TOPIC, name);
                });
                if (!ok) {
                    refused.add(key);
                }
            }
        }
        return refused;
    }

    private static CompletableFuture<ApiMessage> done(Errors error, String message) {
        return CompletableFuture.completedFuture(new ShareFetchResponseData().setErrorCode(error.code())
                .setErrorMessage(message));
    }

    /** One request's reads, repeated after each wake-up until something is acquired or the time is up. */
    private final class Attempt {
        final RequestContext context;
        final ShareFetchRequestData request;
        final List<SharePartitionKey> keys;
        final Map<SharePartitionKey, CompletableFuture<Errors>> acked;
        final Set<SharePartitionKey> refused;
        final long deadlineNanos;
        final CompletableFuture<ApiMessage> result = new CompletableFuture<>();

        Attempt(RequestContext context, ShareFetchRequestData request, List<SharePartitionKey> keys,
                Map<SharePartitionKey, CompletableFuture<Errors>> acked, Set<SharePartitionKey> refused) {
            this.refused = refused;
            this.context = context;
            this.request = request;
            this.keys = keys;
            this.acked = acked;
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.maxWaitMs()));
        }

        void run() {
            try {
                long seen = partitions.appendSignal().appends();   // before reading: no wake-up is missed
                Map<SharePartitionKey, ShareFetchRead.Result> reads = new LinkedHashMap<>();
                int records = request.maxRecords() > 0 ? request.maxRecords() : DEFAULT_MAX_RECORDS;
                int bytes = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
                boolean any = false;
                List<TopicPartition> waitOn = new ArrayList<>();
                for (SharePartitionKey key : keys) {
                    if (refused.contains(key)) {
                        reads.put(key, new ShareFetchRead.Result(Errors.TOPIC_AUTHORIZATION_FAILED, null, null,
                                List.of(), 0, null, 0));
                        any = true;
                        continue;
                    }
                    ShareFetchRead.Result r = ShareFetchRead.read(lookupFor(key), shares, key, request.memberId(),
                            records, request.shareAcquireMode() == RECORD_LIMIT_MODE, bytes);
                    reads.put(key, r);
                    if (r.partition() != null) {
                        waitOn.add(new TopicPartition(r.partition().topic(), r.partition().index()));
                    }
                    records -= r.acquiredCount();
                    bytes -= r.bytes();
                    any |= r.acquiredCount() > 0 || r.error() != Errors.NONE;
                }
                long remaining = deadlineNanos - System.nanoTime();
                if (any || remaining <= 0 || waitOn.isEmpty()) {
                    answer(reads);
                    return;
                }
                partitions.appendSignal().await(waitOn, seen, remaining, context.connectionLoop(), this::run);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }

        private PartitionLookup.Found lookupFor(SharePartitionKey key) {
            return lookup.leader(null, key.topicId(), key.partition());
        }

        void answer(Map<SharePartitionKey, ShareFetchRead.Result> reads) {
            CompletableFuture.allOf(acked.values().toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                try {
                    result.complete(response(reads));
                } catch (RuntimeException | Error failure) {
                    result.completeExceptionally(failure);
                }
            });
        }

        private ShareFetchResponseData response(Map<SharePartitionKey, ShareFetchRead.Result> reads) {
            Map<java.util.UUID, List<ShareFetchResponseData.PartitionData>> byTopic = new LinkedHashMap<>();
            LeaderHints hints = null;
            int sent = 0;
            List<SharePartitionKey> all = new ArrayList<>(reads.keySet());
            for (SharePartitionKey k : acked.keySet()) {
                if (!reads.containsKey(k)) {
                    all.add(k);
                }
            }
            for (SharePartitionKey key : all) {
                ShareFetchRead.Result read = reads.get(key);
                CompletableFuture<Errors> ack = acked.get(key);
                boolean hasData = read != null && (read.acquiredCount() > 0 || read.error() != Errors.NONE);
                if (!hasData && ack == null) {
                    continue;
                }
                ShareFetchResponseData.PartitionData p = new ShareFetchResponseData.PartitionData()
                        .setPartitionIndex(key.partition()).setRecords(NO_RECORDS).setAcquiredRecords(new ArrayList<>())
                        .setCurrentLeader(new ShareFetchResponseData.LeaderIdAndEpoch().setLeaderId(-1)
                                .setLeaderEpoch(-1));
                if (ack != null) {
                    p.setAcknowledgeErrorCode(ack.getNow(Errors.UNKNOWN_SERVER_ERROR).code());
                }
                if (read != null && read.error() != Errors.NONE) {
                    p.setErrorCode(read.error().code());
                    if (read.error() == Errors.NOT_LEADER_OR_FOLLOWER) {
                        hints = hints == null
                                ? new LeaderHints(partitions.publishedImage(), context.listenerName()) : hints;
                        LeaderHints.Leader leader = hints.leaderOf(read.topicName(), key.partition());
                        if (leader != null) {
                            p.setCurrentLeader(new ShareFetchResponseData.LeaderIdAndEpoch()
                                    .setLeaderId(leader.id()).setLeaderEpoch(leader.epoch()));
                        }
                    }
                } else if (read != null && read.acquiredCount() > 0) {
                    p.setRecords(read.records() == null ? NO_RECORDS : read.records());
                    sent += read.bytes();
                    List<ShareFetchResponseData.AcquiredRecords> acquired = new ArrayList<>();
                    for (SharePartition.Acquired a : read.acquired()) {
                        acquired.add(new ShareFetchResponseData.AcquiredRecords().setFirstOffset(a.firstOffset())
                                .setLastOffset(a.lastOffset()).setDeliveryCount((short) a.deliveryCount()));
                    }
                    p.setAcquiredRecords(acquired);
                }
                byTopic.computeIfAbsent(key.topicId(), t -> new ArrayList<>()).add(p);
            }
            List<ShareFetchResponseData.ShareFetchableTopicResponse> topics = new ArrayList<>();
            byTopic.forEach((id, ps) -> topics.add(new ShareFetchResponseData.ShareFetchableTopicResponse()
                    .setTopicId(id).setPartitions(ps)));
            ShareFetchResponseData response = new ShareFetchResponseData().setResponses(topics)
                    .setAcquisitionLockTimeoutMs(shares.settings(request.groupId()).recordLockDurationMs());
            if (hints != null) {
                List<ShareFetchResponseData.NodeEndpoint> nodes = new ArrayList<>();
                for (LeaderHints.Node n : hints.nodes()) {
                    nodes.add(new ShareFetchResponseData.NodeEndpoint().setNodeId(n.id()).setHost(n.host())
                            .setPort(n.port()).setRack(n.rack()));
                }
                response.setNodeEndpoints(nodes);
            }
            metrics.bytesOut(sent);
            return response;
        }
    }
}
