package io.tributary.broker.handler;

import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.AbortedTxn;
import io.tributary.log.FetchDataInfo;
import io.tributary.log.FileSlice;
import io.tributary.log.LeaderEpochCache;
import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.FileRecords;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Fetch: reads each partition from its fetch offset up to the high watermark (read_uncommitted) or the last
 * stable offset (read_committed, with the aborted transactions in range), within the partition and response byte
 * limits; the first partition with data always gets at least one whole batch. With less than {@code min.bytes}
 * ready the request waits — up to {@code max.wait.ms} — and is re-read after each append.
 *
 * <p>A follower's fetch (a replica id ≥ 0: the request's, or its ReplicaState's from v15) reads up to the log end,
 * not the high watermark, and first tells the partition where the follower's log ends
 * ({@link Partition#followerFetched}: the high watermark may move, the follower may join the ISR) — unless the
 * follower's last fetched epoch shows its log diverged from this one: then the answer is that epoch's end here
 * ({@code DivergingEpoch}) and no records, and the follower truncates.
 *
 * <p>Record sets are never read into memory: each partition's data is a {@link FileRecords} range of its segment
 * file, which the network layer sends with {@code sendfile}. Fetch sessions (v7+) are {@link FetchSessions}.
 */
public final class FetchHandler implements ApiHandler {

    private static final HeapRecords NO_RECORDS = new HeapRecords(ByteBuffer.allocate(0));

    private final PartitionLookup lookup;
    private final PartitionManager partitions;
    private final BrokerMetrics metrics;
    private final boolean rackAwareReads;
    private final Access access;
    private final FetchSessions sessions = new FetchSessions(1000);

    /**
     * @param rackAwareReads whether a consumer giving its rack is sent to an in-sync follower in that rack
     *                       ({@code replica.selector.class} = Kafka's RackAwareReplicaSelector, KIP-392)
     */
    public FetchHandler(PartitionLookup lookup, PartitionManager partitions, BrokerMetrics metrics,
                        boolean rackAwareReads, Access access) {
        this.access = access;
        this.lookup = lookup;
        this.partitions = partitions;
        this.metrics = metrics;
        this.rackAwareReads = rackAwareReads;
    }

    /**
     * A read only looks up file positions (the bytes go out by sendfile, on the event loop anyway); a fetch that
     * has to wait is woken, and reads again, on its connection's event loop (the one its answer is written from).
     */
    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        FetchRequestData request = (FetchRequestData) body;
        FetchSessions.Resolved session = context.apiVersion() >= 7 ? sessions.resolve(request)
                : new FetchSessions.Resolved(Errors.NONE, 0, request.topics(), false);
        if (session.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(new FetchResponseData().setErrorCode(session.error().code())
                    .setSessionId(0));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, request.maxWaitMs()));
        int replicaId = replicaId(request, context.apiVersion());
        if (replicaId >= 0 && access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {
            recordFollowerProgress(session.topics(), replicaId);
        }
        return attempt(context, request, session, deadline);
    }

    private CompletableFuture<ApiMessage> attempt(RequestContext context, FetchRequestData request,
                                                  FetchSessions.Resolved session, long deadlineNanos) {
        CompletableFuture<ApiMessage> result = new CompletableFuture<>();
        attempt(context, request, session, deadlineNanos, result);
        return result;
    }

    /** Reads; answers if there is enough or the time is up, else waits for an append and tries again. */
    private void attempt(RequestContext context, FetchRequestData request, FetchSessions.Resolved session,
                         long deadlineNanos, CompletableFuture<ApiMessage> result) {
        try {
            long seen = partitions.appendSignal().appends();   // taken before reading: no append is missed
            int[] bytes = {0};
            List<TopicPartition> read = new ArrayList<>();
            boolean follower = replicaId(request, context.apiVersion()) >= 0;
            // asked on every read, so an incremental session stops serving a topic the moment its READ is revoked
            Predicate<String> mayRead = follower
                    ? access.allowsCluster(context, AclOperation.CLUSTER_ACTION) ? name -> true : name -> false
                    : access.allowing(context, AclOperation.READ, ResourceType.TOPIC);
            FetchResponseData response = read(request, context.apiVersion(), follower, session.topics(), bytes, read,
                    context.listenerName(), mayRead)
                    .setSessionId(session.sessionId());
            long remaining = deadlineNanos - System.nanoTime();
            // Nothing asked for (a consumer closing its fetch session): answer at once, as Kafka does.
            if (bytes[0] >= request.minBytes() || remaining <= 0 || wantsNothing(session)
                    || hasError(response)) {
                metrics.bytesOut(bytes[0]);
                sessions.filterAndRemember(session.sessionId(), response, session.incremental());
                result.complete(response);
                return;
            }
            partitions.appendSignal().await(read, seen, remaining, context.connectionLoop(),
                    () -> attempt(context, request, session, deadlineNanos, result));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);   // a re-read runs as a task of its own: nothing else would see it
        }
    }

    /** The fetching follower's broker id, or -1 for a consumer. */
    private static int replicaId(FetchRequestData request, short version) {
        if (version >= 15) {
            return request.replicaState() == null ? -1 : request.replicaState().replicaId();
        }
        return request.replicaId();
    }

    /** A follower's fetch offsets are its log ends: the leader's view of its progress (once per request). */
    private void recordFollowerProgress(List<FetchRequestData.FetchTopic> topics, int replicaId) {
        long now = System.currentTimeMillis();
        for (FetchRequestData.FetchTopic topic : topics) {
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                PartitionLookup.Found found = lookup.leader(topic.topic(), topic.topicId(), p.partition());
                if (found.partition() == null
                        || PartitionLookup.checkEpoch(found.partition(), p.currentLeaderEpoch()) != Errors.NONE
                        || diverging(found.partition(), p) != null) {
                    continue;
                }
                if (found.partition().followerFetched(replicaId, p.fetchOffset(), now)) {
                    partitions.highWatermarkMoved(found.partition());
                }
            }
        }
    }

    /**
     * Where the follower's last fetched epoch ends in this log, if its log diverged from this one (this log knows
     * that epoch ending before the follower's fetch offset, or only older epochs); null when it did not.
     */
    private static FetchResponseData.EpochEndOffset diverging(Partition partition, FetchRequestData.FetchPartition p) {
        LeaderEpochCache.EpochEnd end = partition.log().leaderEpochCache().divergence(p.lastFetchedEpoch(),
                p.fetchOffset(), partition.log().logEndOffset());
        return end == null ? null : new FetchResponseData.EpochEndOffset().setEpoch(end.epoch())
                .setEndOffset(end.endOffset());
    }

    /**
     * KIP-392 with Kafka's rack-aware selector: a consumer in another rack than this leader's is sent to the most
     * caught-up active in-sync follower in its own rack that holds its fetch offset; -1 to read here.
     */
    private int preferredReadReplica(Partition partition, long fetchOffset, String clientRack) {
        if (!rackAwareReads || clientRack == null || clientRack.isEmpty()
                || !partition.isLeader(lookup.brokerId())) {
            return -1;
        }
        MetadataImage image = partitions.publishedImage();
        BrokerRegistration self = image.broker(lookup.brokerId());
        if (self != null && clientRack.equals(self.rack())) {
            return -1;
        }
        for (int r : partition.inSyncFollowersHolding(fetchOffset)) {
            BrokerRegistration b = image.broker(r);
            if (b != null && b.isActive() && clientRack.equals(b.rack())) {
                return r;
            }
        }
        return -1;
    }

    private static boolean wantsNothing(FetchSessions.Resolved session) {
        for (FetchRequestData.FetchTopic t : session.topics()) {
            if (!t.partitions().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasError(FetchResponseData response) {
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData p : t.partitions()) {
                if (p.errorCode() != Errors.NONE.code()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reads every wanted partition; adds those it read (they were found here) to {@code read}. */
    private FetchResponseData read(FetchRequestData request, short version, boolean follower,
                                   List<FetchRequestData.FetchTopic> wanted, int[] totalBytes,
                                   List<TopicPartition> read, String listener, Predicate<String> mayRead) {
        boolean readCommitted = !follower && request.isolationLevel() == 1;
        LeaderHints hints = null;
        int budget = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
        List<FetchResponseData.FetchableTopicResponse> topics = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : wanted) {
            List<FetchResponseData.PartitionData> results = new ArrayList<>();
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                FetchResponseData.PartitionData result = new FetchResponseData.PartitionData()
                        .setPartitionIndex(p.partition()).setHighWatermark(-1).setLastStableOffset(-1)
                        .setLogStartOffset(-1).setRecords(NO_RECORDS);
                // Kafka's order: an unknown topic id first, then READ (a follower: CLUSTER_ACTION), then existence
                String name = lookup.topicName(topic.topic(), topic.topicId());
                if ((name != null || follower) && !mayRead.test(name)) {
                    results.add(result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                    continue;
                }
                // Consumers from v11 (KIP-392) may read from a follower; followers and older consumers only from leaders.
                PartitionLookup.Found found = follower || version < 11
                        ? lookup.leader(topic.topic(), topic.topicId(), p.partition())
                        : lookup.replica(topic.topic(), topic.topicId(), p.partition());
                Errors epochError = found.partition() == null ? found.error()
                        : PartitionLookup.checkEpoch(found.partition(), p.currentLeaderEpoch());
                if (epochError != Errors.NONE) {
                    results.add(result.setErrorCode(epochError.code()));
                    if (version >= 12 && (epochError == Errors.NOT_LEADER_OR_FOLLOWER
                            || epochError == Errors.FENCED_LEADER_EPOCH)) {
                        hints = hints == null ? new LeaderHints(partitions.publishedImage(), listener) : hints;
                        LeaderHints.Leader leader = hints.leaderOf(lookup.topicName(topic.topic(), topic.topicId()),
                                p.partition());
                        if (leader != null) {
                            result.setCurrentLeader(new FetchResponseData.LeaderIdAndEpoch()
                                    .setLeaderId(leader.id()).setLeaderEpoch(leader.epoch()));
                        }
                    }
                    continue;
                }
                Partition partition = found.partition();
                long hw = partition.highWatermark();
                if (follower) {
                    FetchResponseData.EpochEndOffset diverging = diverging(partition, p);
                    if (diverging != null) {
                        results.add(result.setHighWatermark(hw).setLastStableOffset(partition.lastStableOffset())
                                .setLogStartOffset(partition.log().logStartOffset()).setDivergingEpoch(diverging));
                        continue;
                    }
                }
                int preferred = follower ? -1 : preferredReadReplica(partition, p.fetchOffset(), request.rackId());
                if (preferred >= 0) {
                    results.add(result.setHighWatermark(hw).setLastStableOffset(partition.lastStableOffset())
                            .setLogStartOffset(partition.log().logStartOffset()).setPreferredReadReplica(preferred));
                    continue;
                }
                read.add(new TopicPartition(partition.topic(), partition.index()));
                long upper = follower ? Long.MAX_VALUE : readCommitted ? partition.lastStableOffset() : hw;
                result.setHighWatermark(hw).setLastStableOffset(partition.lastStableOffset())
                        .setLogStartOffset(partition.log().logStartOffset());
                try {
                    int limit = Math.min(p.partitionMaxBytes(), budget);
                    FetchDataInfo data = partition.log().read(p.fetchOffset(), Math.max(limit, 0), upper,
                            totalBytes[0] == 0);
                    if (!data.isEmpty()) {
                        FileSlice slice = data.records();
                        result.setRecords(new FileRecords(slice.channel(), slice.position(), slice.length()));
                        totalBytes[0] += slice.length();
                        budget -= slice.length();
                        if (readCommitted) {
                            result.setAbortedTransactions(aborted(partition.log()
                                    .collectAbortedTransactions(p.fetchOffset(), upper)));
                        }
                    }
                } catch (LogException e) {
                    result.setErrorCode(e.error().code());
                }
                results.add(result);
            }
            topics.add(new FetchResponseData.FetchableTopicResponse().setTopic(topic.topic())
                    .setTopicId(topic.topicId()).setPartitions(results));
        }
        FetchResponseData response = new FetchResponseData().setResponses(topics);
        if (hints != null && version >= 16) {
            List<FetchResponseData.NodeEndpoint> nodes = new ArrayList<>();
            for (LeaderHints.Node n : hints.nodes()) {
                nodes.add(new FetchResponseData.NodeEndpoint().setNodeId(n.id()).setHost(n.host()).setPort(n.port())
                        .setRack(n.rack()));
            }
            response.setNodeEndpoints(nodes);
        }
        return response;
    }

    private static List<FetchResponseData.AbortedTransaction> aborted(List<AbortedTxn> txns) {
        List<FetchResponseData.AbortedTransaction> out = new ArrayList<>();
        for (AbortedTxn t : txns) {
            out.add(new FetchResponseData.AbortedTransaction().setProducerId(t.producerId())
                    .setFirstOffset(t.firstOffset()));
        }
        return out;
    }
}
