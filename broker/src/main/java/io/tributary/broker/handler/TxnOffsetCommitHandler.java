package io.tributary.broker.handler;

import io.tributary.broker.group.CommitErrors;
import io.tributary.broker.group.CommittedOffset;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.TxnOffsetCommitRequestData;
import io.tributary.protocol.message.TxnOffsetCommitResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * TxnOffsetCommit (v0–6): a transactional producer commits a group's offsets inside its transaction
 * ({@code KafkaProducer.sendOffsetsToTransaction}). The group coordinator writes them to the group's
 * {@code __consumer_offsets} partition as one transactional batch of the producer, where they stay pending until the
 * transaction's marker. Topics are named up to v5 and by id in v6 (an unknown id: UNKNOWN_TOPIC_ID); a topic or
 * partition that does not exist gets UNKNOWN_TOPIC_OR_PARTITION and is not written, as in Kafka. v3+ carry the
 * member's generation (or KIP-848 member epoch), member id and instance id, checked against the group.
 *
 * <p>Before the write, the transaction coordinator checks the producer's transaction ({@link TransactionCheck}); a
 * refusal is every partition's answer. Versions below 2 get COORDINATOR_NOT_AVAILABLE for
 * COORDINATOR_LOAD_IN_PROGRESS, which they do not know.
 *
 * <p>Authorization as in Kafka: WRITE on the transactional id, then READ on the group (each failing every partition:
 * TRANSACTIONAL_ID_ / GROUP_AUTHORIZATION_FAILED), then READ on each topic (TOPIC_AUTHORIZATION_FAILED for its
 * partitions, the others are written).
 */
public final class TxnOffsetCommitHandler implements ApiHandler {

    private static final Logger LOG = Logger.getLogger(TxnOffsetCommitHandler.class.getName());

    /**
     * The transaction coordinator's part of a TxnOffsetCommit, asked before the offsets are written (Kafka's
     * transaction verification, KIP-890): producer (id, epoch) of {@code transactionalId} must have a transaction
     * open. From v5 on (transaction version 2, where no AddOffsetsToTxn comes first) the check also adds offsets
     * partition {@code offsetsPartition} to the transaction, so its marker is written there; up to v4 the partition
     * must be in it already (added by AddOffsetsToTxn). Kafka's verification answers as follows, and so should an
     * implementation: PRODUCER_FENCED becomes INVALID_PRODUCER_EPOCH; a partition not in the transaction is
     * INVALID_TXN_STATE below v4, TRANSACTION_ABORTABLE from v4; a transaction coordinator that cannot be reached is
     * NETWORK_EXCEPTION (answered COORDINATOR_LOAD_IN_PROGRESS: the client retries without a coordinator look-up).
     */
    @FunctionalInterface
    public interface TransactionCheck {

        /**
         * @return NONE to write the offsets, else the error every partition is answered with (network-like errors
         *         are translated as Kafka does: {@link CommitErrors#of})
         */
        CompletableFuture<Errors> check(String transactionalId, long producerId, short producerEpoch,
                                        int offsetsPartition, short apiVersion);
    }

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;
    private final TransactionCheck transactions;
    private final Access access;

    public TxnOffsetCommitHandler(GroupCoordinatorService coordinator, MetadataNode metadata,
                                  TransactionCheck transactions, Access access) {
        this.access = access;
        this.coordinator = coordinator;
        this.metadata = metadata;
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        TxnOffsetCommitRequestData request = (TxnOffsetCommitRequestData) body;
        short version = context.apiVersion();
        MetadataImage image = metadata.image();
        List<String> names = new ArrayList<>();
        Map<TopicPartition, Errors> notWritten = new HashMap<>();
        Map<TopicPartition, CommittedOffset> commits = new LinkedHashMap<>();
        Errors refused = !access.allows(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                request.transactionalId()) ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : !access.allows(context, AclOperation.READ, ResourceType.GROUP, request.groupId())
                ? Errors.GROUP_AUTHORIZATION_FAILED : Errors.NONE;
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t : request.topics()) {
            TopicImage topic = version >= 6 ? image.topic(t.topicId()) : image.topic(t.name());
            String name = version >= 6 ? (topic == null ? null : topic.name()) : t.name();
            names.add(name);
            if (name == null) {
                continue;
            }
            Errors denied = refused != Errors.NONE ? refused
                    : access.allows(context, AclOperation.READ, ResourceType.TOPIC, name) ? Errors.NONE
                    : Errors.TOPIC_AUTHORIZATION_FAILED;
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(name, p.partitionIndex());
                if (denied != Errors.NONE) {
                    notWritten.put(tp, denied);
                } else if (topic == null || p.partitionIndex() < 0 || p.partitionIndex() >= topic.partitionCount()) {
                    notWritten.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    commits.put(tp, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(),
                            p.committedMetadata(), -1));
                }
            }
        }
        return write(request, version, commits).thenApply(written -> {
            Map<TopicPartition, Errors> errors = new HashMap<>(notWritten);
            errors.putAll(written);
            return response(request, version, names, errors);
        });
    }

    /** Checks the transaction, then has the group coordinator write the offsets; answers each partition's error. */
    private CompletableFuture<Map<TopicPartition, Errors>> write(TxnOffsetCommitRequestData request, short version,
                                                                 Map<TopicPartition, CommittedOffset> commits) {
        if (commits.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(all(commits, Errors.INVALID_GROUP_ID));
        }
        int offsetsPartition = coordinator.offsetsTopic().partitionFor(groupId);
        CompletableFuture<Errors> checked = offsetsPartition < 0
                ? CompletableFuture.completedFuture(Errors.NONE)   // no offsets topic: the coordinator says so
                : transactions.check(request.transactionalId(), request.producerId(), request.producerEpoch(),
                        offsetsPartition, version).exceptionally(e -> {
                            LOG.log(Level.WARNING, "transaction check of " + request.transactionalId() + " failed", e);
                            return Errors.UNKNOWN_SERVER_ERROR;
                        });
        return checked.thenCompose(error -> error != Errors.NONE
                ? CompletableFuture.completedFuture(all(commits, CommitErrors.of(error)))
                : coordinator.run((c, now) -> c.commitTransactionalOffsets(request.producerId(),
                        request.producerEpoch(), groupId, request.generationIdOrMemberEpoch(), request.memberId(),
                        request.groupInstanceId(), commits, version, now)));
    }

    private static Map<TopicPartition, Errors> all(Map<TopicPartition, CommittedOffset> commits, Errors error) {
        Map<TopicPartition, Errors> out = new HashMap<>();
        commits.keySet().forEach(tp -> out.put(tp, error));
        return out;
    }

    private static ApiMessage response(TxnOffsetCommitRequestData request, short version, List<String> names,
                                       Map<TopicPartition, Errors> errors) {
        List<TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic> topics = new ArrayList<>();
        for (int i = 0; i < request.topics().size(); i++) {
            TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t = request.topics().get(i);
            String name = names.get(i);
            List<TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
                Errors error = name == null ? Errors.UNKNOWN_TOPIC_ID
                        : errors.getOrDefault(new TopicPartition(name, p.partitionIndex()), Errors.UNKNOWN_SERVER_ERROR);
                if (version < 2 && error == Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                    error = Errors.COORDINATOR_NOT_AVAILABLE;
                }
                partitions.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            topics.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(t.name())
                    .setTopicId(t.topicId()).setPartitions(partitions));
        }
        return new TxnOffsetCommitResponseData().setTopics(topics);
    }
}
