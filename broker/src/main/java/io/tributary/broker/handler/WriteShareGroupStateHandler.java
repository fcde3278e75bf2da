package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareState;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.WriteShareGroupStateRequestData;
import io.tributary.protocol.message.WriteShareGroupStateResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteShareGroupState (a share-partition leader storing its state): per partition the whole snapshot given replaces
 * the stored one, unless fenced (FENCED_LEADER_EPOCH, FENCED_STATE_EPOCH) or never initialized (INVALID_REQUEST).
 * The v1 delivery-complete count is not taken from the request: the coordinator counts it from the batches.
 */
public final class WriteShareGroupStateHandler implements ApiHandler {

    private final ShareStatePersister coordinator;
    private final Access access;

    public WriteShareGroupStateHandler(ShareStatePersister coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        WriteShareGroupStateRequestData request = (WriteShareGroupStateRequestData) body;
        boolean fromBroker = access.allowsCluster(context, AclOperation.CLUSTER_ACTION);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (WriteShareGroupStateRequestData.WriteStateData t : request.topics()) {
            for (WriteShareGroupStateRequestData.PartitionData p : t.partitions()) {
                List<ShareState.StateBatch> batches = new ArrayList<>();
                for (WriteShareGroupStateRequestData.StateBatch b : p.stateBatches()) {
                    batches.add(new ShareState.StateBatch(b.firstOffset(), b.lastOffset(), b.deliveryState(),
                            b.deliveryCount()));
                }
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.topicId(), p.partition());
                answers.add(fromBroker ? coordinator.write(key, new ShareState(p.stateEpoch(), p.leaderEpoch(),
                        p.startOffset(), batches)) : ShareStateAnswers.refused());
            }
        }
        return ShareStateAnswers.all(answers).thenApply(done -> {
            WriteShareGroupStateResponseData response = new WriteShareGroupStateResponseData();
            int i = 0;
            for (WriteShareGroupStateRequestData.WriteStateData t : request.topics()) {
                List<WriteShareGroupStateResponseData.PartitionResult> partitions = new ArrayList<>();
                for (WriteShareGroupStateRequestData.PartitionData p : t.partitions()) {
                    Throwable failure = ShareStateAnswers.failure(answers.get(i++));
                    WriteShareGroupStateResponseData.PartitionResult r =
                            new WriteShareGroupStateResponseData.PartitionResult().setPartition(p.partition());
                    if (failure != null) {
                        r.setErrorCode(ShareStateAnswers.error(failure).code())
                                .setErrorMessage(ShareStateAnswers.message(failure));
                    }
                    partitions.add(r);
                }
                response.results().add(new WriteShareGroupStateResponseData.WriteStateResult()
                        .setTopicId(t.topicId()).setPartitions(partitions));
            }
            return response;
        });
    }
}
