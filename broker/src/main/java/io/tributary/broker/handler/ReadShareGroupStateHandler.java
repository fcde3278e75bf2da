package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ReadShareGroupStateRequestData;
import io.tributary.protocol.message.ReadShareGroupStateResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ReadShareGroupState (a share-partition leader taking its share-partitions over): per partition the stored state,
 * read with the leader epoch given (a newer one is stored, an older one is FENCED_LEADER_EPOCH), from this broker's
 * share coordinator (NOT_COORDINATOR for keys it does not coordinate). Nothing stored answers start offset -1 and
 * state epoch 0 with no batches, as Kafka answers an uninitialized share-partition.
 */
public final class ReadShareGroupStateHandler implements ApiHandler {

    private final ShareStatePersister coordinator;
    private final Access access;

    public ReadShareGroupStateHandler(ShareStatePersister coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ReadShareGroupStateRequestData request = (ReadShareGroupStateRequestData) body;
        boolean fromBroker = access.allowsCluster(context, AclOperation.CLUSTER_ACTION);
        List<CompletableFuture<ShareState>> answers = new ArrayList<>();
        for (ReadShareGroupStateRequestData.ReadStateData t : request.topics()) {
            for (ReadShareGroupStateRequestData.PartitionData p : t.partitions()) {
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.topicId(), p.partition());
                answers.add(fromBroker ? coordinator.read(key, p.leaderEpoch()) : ShareStateAnswers.refused());
            }
        }
        return ShareStateAnswers.all(answers).thenApply(done -> {
            ReadShareGroupStateResponseData response = new ReadShareGroupStateResponseData();
            int i = 0;
            for (ReadShareGroupStateRequestData.ReadStateData t : request.topics()) {
                List<ReadShareGroupStateResponseData.PartitionResult> partitions = new ArrayList<>();
                for (ReadShareGroupStateRequestData.PartitionData p : t.partitions()) {
                    partitions.add(result(p.partition(), answers.get(i++)));
                }
                response.results().add(new ReadShareGroupStateResponseData.ReadStateResult().setTopicId(t.topicId())
                        .setPartitions(partitions));
            }
            return response;
        });
    }

    private static ReadShareGroupStateResponseData.PartitionResult result(int partition,
                                                                          CompletableFuture<ShareState> answer) {
        ReadShareGroupStateResponseData.PartitionResult r = new ReadShareGroupStateResponseData.PartitionResult()
                .setPartition(partition).setStartOffset(-1).setStateEpoch(0);
        Throwable failure = ShareStateAnswers.failure(answer);
        if (failure != null) {
            return r.setErrorCode(ShareStateAnswers.error(failure).code())
                    .setErrorMessage(ShareStateAnswers.message(failure));
        }
        ShareState state = answer.join();
        r.setErrorCode(Errors.NONE.code());
        if (state != null) {
            r.setStateEpoch(state.stateEpoch()).setStartOffset(state.startOffset());
            for (ShareState.StateBatch b : state.batches()) {
                r.stateBatches().add(new ReadShareGroupStateResponseData.StateBatch().setFirstOffset(b.firstOffset())
                        .setLastOffset(b.lastOffset()).setDeliveryState(b.deliveryState())
                        .setDeliveryCount(b.deliveryCount()));
            }
        }
        return r;
    }
}
