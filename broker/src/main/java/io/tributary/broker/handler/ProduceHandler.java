package io.tributary.broker.handler;

import io.tributary.broker.BrokerMetrics;
import io.tributary.broker.Partition;
import io.tributary.broker.PartitionManager;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.log.AppendOrigin;
import io.tributary.log.LogAppendInfo;
import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData.PartitionProduceResponse;
import io.tributary.protocol.message.ProduceResponseData;
import io.tributary.protocol.record.RecordBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Produce: each partition's batch goes to its log as the leader's append (validated, offsets assigned in place,
 * idempotence checked) and is answered with its base offset or the partition's Kafka error. A retried idempotent
 * batch is answered with its original offset; acks=0 gets no response at all. Versions 0–2 are advertised (for
 * librdkafka's sake) but not decoded: such a request closes the connection.
 *
 * <p>A transactional batch opening its producer's transaction in a partition is first checked with the transaction
 * coordinator (KIP-890): up to v11 the partition must be in the producer's transaction (AddPartitionsToTxn put it
 * there), from v12 (transactions version 2) the check adds it. Check and append run as one event on the
 * coordinator's thread, so no marker can slip between them; a transaction left behind by a late batch ("hanging")
 * cannot happen. Later batches of the same transaction go straight to the log.
 *
 * <p>acks=all first needs an ISR of at least {@code min.insync.replicas} (else NOT_ENOUGH_REPLICAS, nothing
 * appended), then waits until the high watermark passes the batch ({@link Partition#awaitReplicated}), at most the
 * request's timeout (REQUEST_TIMED_OUT: the batch may still be committed later, and an idempotent retry finds it).
 * With the leader the only ISR member that is at once.
 */
public final class ProduceHandler implements ApiHandler {

    /** Where a v2 batch header keeps its attributes, and their transactional bit. */
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int TRANSACTIONAL_FLAG = 0x10;

    private final PartitionLookup lookup;
    private final PartitionManager partitions;
    private final BrokerMetrics metrics;
    private final TransactionCoordinatorService transactions;
    private final RemoteTransactionCheck elsewhere;
    private final Access access;

    /** An acks=all batch appended, waiting for its partition's high watermark to reach {@code nextOffset}. */
    private record Replicating(Partition partition, PartitionProduceResponse result, long nextOffset) {
    }

    /** A transactional batch waiting for the coordinator's check. */
    private record Unchecked(TopicPartition tp, Partition partition, HeapRecords records,
                             PartitionProduceResponse result, long producerId, short producerEpoch) {
    }

    ProduceHandler(PartitionLookup lookup, PartitionManager partitions, BrokerMetrics metrics,
                   TransactionCoordinatorService transactions, RemoteTransactionCheck elsewhere, Access access) {
        this.access = access;
        this.elsewhere = elsewhere;
        this.lookup = lookup;
        this.partitions = partitions;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    /** An append is a copy into the page cache (fsync only if {@code flush.messages} asks for it). */
    @Override
    public boolean runsOnEventLoop() {
        return true;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ProduceRequestData request = (ProduceRequestData) body;
        List<ProduceResponseData.TopicProduceResponse> topics = new ArrayList<>();
        List<Unchecked> unchecked = new ArrayList<>();
        List<Replicating> replicating = new ArrayList<>();
        boolean acksAll = request.acks() == -1;
        // Kafka: transactional batches need WRITE on the transactional id, else the whole request fails
        boolean transactionDenied = access.enabled() && hasTransactionalBatch(request)
                && (request.transactionalId() == null || !access.allows(context, AclOperation.WRITE,
                ResourceType.TRANSACTIONAL_ID, request.transactionalId()));
        Predicate<String> mayWrite = access.allowing(context, AclOperation.WRITE, ResourceType.TOPIC);
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            String name = lookup.topicName(topic.name(), topic.topicId());
            List<PartitionProduceResponse> results = new ArrayList<>();
            for (ProduceRequestData.PartitionProduceData data : topic.partitionData()) {
                PartitionProduceResponse result = new PartitionProduceResponse()
                        .setIndex(data.index()).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                results.add(result);
                if (transactionDenied) {
                    result.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
                    continue;
                }
                if (name != null && !mayWrite.test(name)) {   // before existence: an unknown topic is not revealed
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
                    continue;
                }
                PartitionLookup.Found found = lookup.leader(topic.name(), topic.topicId(), data.index());
                if (found.partition() == null) {
                    result.setErrorCode(found.error().code());
                    continue;
                }
                if (!(data.records() instanceof HeapRecords records) || records.sizeInBytes() == 0) {
                    result.setErrorCode(Errors.INVALID_RECORD.code()).setErrorMessage("no records to append");
                    continue;
                }
                RecordBatch batch = transactionalBatch(records);
                if (batch == null) {
                    append(found.partition(), records, result, acksAll, replicating);
                } else if (request.transactionalId() == null) {
                    result.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                            .setErrorMessage("a transactional batch needs the request's transactional id");
                } else if (found.partition().log().inTransaction(batch.producerId(), batch.producerEpoch())) {
                    append(found.partition(), records, result, acksAll, replicating);
                } else {
                    unchecked.add(new Unchecked(new TopicPartition(found.partition().topic(), data.index()),
                            found.partition(), records, result, batch.producerId(), batch.producerEpoch()));
                }
            }
            topics.add(new ProduceResponseData.TopicProduceResponse().setName(topic.name())
                    .setTopicId(topic.topicId()).setPartitionResponses(results));
        }
        short version = context.apiVersion();
        String listener = context.listenerName();
        if (unchecked.isEmpty()) {
            return answer(request, topics, replicating).thenApply(r -> withLeaderHints(r, version, listener));
        }
        boolean add = context.apiVersion() >= 12;
        return transactions.run((c, now) -> {
            List<Unchecked> elsewhere = new ArrayList<>();
            for (Unchecked u : unchecked) {
                Set<TopicPartition> tp = Set.of(u.tp());
                Errors error = add
                        ? c.addPartitions(request.transactionalId(), u.producerId(), u.producerEpoch(), tp, now)
                        : c.verifyPartitions(request.transactionalId(), u.producerId(), u.producerEpoch(), tp);
                if (error == Errors.NONE) {
                    append(u.partition(), u.records(), u.result(), acksAll, replicating);
                } else if (error == Errors.NOT_COORDINATOR) {
                    elsewhere.add(u);
                } else {
                    checkFailed(u, error);
                }
            }
            return elsewhere;
        }).thenCompose(elsewhere -> checkElsewhere(request.transactionalId(), elsewhere, add, acksAll, replicating))
                .thenCompose(v -> answer(request, topics, replicating))
                .thenApply(r -> withLeaderHints(r, version, listener));
    }

    private static void checkFailed(Unchecked u, Errors error) {
        u.result().setErrorCode(produceError(error).code()).setErrorMessage("transaction check of " + u.tp() + ": "
                + error);
    }

    /**
     * The transaction check of batches whose transactional id another broker coordinates: one AddPartitionsToTxn
     * (v4+, a broker's form: {@code verifyOnly} unless the producer's version adds partitions itself) to that broker,
     * then the appends of the batches it accepted. Unlike the local check, a marker may land between the answer and
     * the append; transactions version 2 fences that batch (the marker bumped the epoch), version 1 does not.
     */
    private CompletableFuture<Void> checkElsewhere(String transactionalId, List<Unchecked> batches, boolean add,
                                                   boolean acksAll, List<Replicating> replicating) {
        if (batches.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Unchecked first = batches.get(0);
        List<TopicPartition> tps = batches.stream().map(Unchecked::tp).toList();
        return elsewhere.check(transactionalId, first.producerId(), first.producerEpoch(), tps, add)
                .thenAccept(errors -> {
                    for (Unchecked u : batches) {
                        Errors error = errors.getOrDefault(u.tp(), Errors.COORDINATOR_NOT_AVAILABLE);
                        if (error == Errors.NONE && u.producerId() == first.producerId()
                                && u.producerEpoch() == first.producerEpoch()) {
                            append(u.partition(), u.records(), u.result(), acksAll, replicating);
                        } else {
                            checkFailed(u, error == Errors.NONE ? Errors.INVALID_PRODUCER_EPOCH : error);
                        }
                    }
                });
    }

    /** KIP-951 (v10+): partitions answered NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH name their leader. */
    private ApiMessage withLeaderHints(ApiMessage answer, short version, String listener) {
        if (!(answer instanceof ProduceResponseData response) || version < 10) {
            return answer;
        }
        LeaderHints hints = null;
        for (ProduceResponseData.TopicProduceResponse topic : response.responses()) {
            for (PartitionProduceResponse p : topic.partitionResponses()) {
                if (p.errorCode() != Errors.NOT_LEADER_OR_FOLLOWER.code()
                        && p.errorCode() != Errors.FENCED_LEADER_EPOCH.code()) {
                    continue;
                }
                hints = hints == null ? new LeaderHints(partitions.publishedImage(), listener) : hints;
                LeaderHints.Leader leader = hints.leaderOf(lookup.topicName(topic.name(), topic.topicId()),
                        p.index());
                if (leader != null) {
                    p.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch().setLeaderId(leader.id())
                            .setLeaderEpoch(leader.epoch()));
                }
            }
        }
        if (hints != null) {
            List<ProduceResponseData.NodeEndpoint> nodes = new ArrayList<>();
            for (LeaderHints.Node n : hints.nodes()) {
                nodes.add(new ProduceResponseData.NodeEndpoint().setNodeId(n.id()).setHost(n.host()).setPort(n.port())
                        .setRack(n.rack()));
            }
            response.setNodeEndpoints(nodes);
        }
        return response;
    }

    /** The answer: none for acks=0; for acks=all once every appended batch is replicated (or failed, or timed out). */
    private static CompletableFuture<ApiMessage> answer(ProduceRequestData request,
                                                        List<ProduceResponseData.TopicProduceResponse> topics,
                                                        List<Replicating> replicating) {
        if (request.acks() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        ProduceResponseData response = new ProduceResponseData().setResponses(topics);
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Replicating r : replicating) {
            CompletableFuture<Errors> replicated = r.partition().awaitReplicated(r.nextOffset());
            if (replicated.isDone() && replicated.getNow(null) == Errors.NONE) {
                continue;
            }
            waits.add(replicated.completeOnTimeout(Errors.REQUEST_TIMED_OUT, request.timeoutMs(), TimeUnit.MILLISECONDS)
                    .thenAccept(error -> {
                        if (error != Errors.NONE) {
                            r.result().setErrorCode(error.code()).setErrorMessage(null).setBaseOffset(-1);
                        }
                    }));
        }
        if (waits.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }

    private static boolean hasTransactionalBatch(ProduceRequestData request) {
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            for (ProduceRequestData.PartitionProduceData data : topic.partitionData()) {
                if (data.records() instanceof HeapRecords records && transactionalBatch(records) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first batch if it is transactional (its attributes read in place: nothing made otherwise), else null. */
    private static RecordBatch transactionalBatch(HeapRecords records) {
        java.nio.ByteBuffer buffer = records.buffer();
        int attributes = buffer.position() + ATTRIBUTES_OFFSET;
        if (buffer.limit() < attributes + 2 || (buffer.getShort(attributes) & TRANSACTIONAL_FLAG) == 0) {
            return null;
        }
        try {
            return RecordBatch.wrap(buffer);
        } catch (RuntimeException e) {
            return null;   // the log's validation answers it
        }
    }

    private void append(Partition partition, HeapRecords records, PartitionProduceResponse result, boolean acksAll,
                        List<Replicating> replicating) {
        if (acksAll) {
            Errors enough = partition.checkEnoughReplicas();
            if (enough != Errors.NONE) {
                result.setErrorCode(enough.code()).setErrorMessage("the ISR of " + partition.topic() + "-"
                        + partition.index() + " is smaller than min.insync.replicas");
                return;
            }
        }
        try {
            int bytes = records.sizeInBytes();
            LogAppendInfo info = partition.log().appendAsLeader(records.buffer(), partition.leaderEpoch(),
                    AppendOrigin.CLIENT);
            result.setBaseOffset(info.firstOffset()).setLogAppendTimeMs(info.logAppendTime())
                    .setLogStartOffset(info.logStartOffset());
            if (!info.duplicate()) {
                partitions.appended(partition);
            }
            if (acksAll) {
                replicating.add(new Replicating(partition, result, info.lastOffset() + 1));
            }
            metrics.recordsIn(info.recordCount(), info.duplicate() ? 0 : bytes);
        } catch (LogException e) {
            result.setErrorCode(e.error().code()).setErrorMessage(e.getMessage());
        }
    }

    /** Kafka's answer to a produce whose transaction check failed: coordinator trouble is retriable. */
    private static Errors produceError(Errors check) {
        return switch (check) {
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS ->
                    Errors.NOT_ENOUGH_REPLICAS;
            default -> check;
        };
    }
}
