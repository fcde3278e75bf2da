package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.InitializeShareGroupStateRequestData;
import io.tributary.protocol.message.InitializeShareGroupStateResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * InitializeShareGroupState (the group coordinator starting or resetting share-partitions): per partition the state
 * starts afresh at the start offset with the state epoch given (FENCED_STATE_EPOCH if the stored one is newer).
 */
public final class InitializeShareGroupStateHandler implements ApiHandler {

    private final ShareStatePersister coordinator;
    private final Access access;

    public InitializeShareGroupStateHandler(ShareStatePersister coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        InitializeShareGroupStateRequestData request = (InitializeShareGroupStateRequestData) body;
        boolean fromBroker = access.allowsCluster(context, AclOperation.CLUSTER_ACTION);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (InitializeShareGroupStateRequestData.InitializeStateData t : request.topics()) {
            for (InitializeShareGroupStateRequestData.PartitionData p : t.partitions()) {
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.topicId(), p.partition());
                answers.add(fromBroker ? coordinator.initialize(key, p.stateEpoch(), p.startOffset())
                        : ShareStateAnswers.refused());
            }
        }
        return ShareStateAnswers.all(answers).thenApply(done -> {
            InitializeShareGroupStateResponseData response = new InitializeShareGroupStateResponseData();
            int i = 0;
            for (InitializeShareGroupStateRequestData.InitializeStateData t : request.topics()) {
                List<InitializeShareGroupStateResponseData.PartitionResult> partitions = new ArrayList<>();
                for (InitializeShareGroupStateRequestData.PartitionData p : t.partitions()) {
                    Throwable failure = ShareStateAnswers.failure(answers.get(i++));
                    InitializeShareGroupStateResponseData.PartitionResult r =
                            new InitializeShareGroupStateResponseData.PartitionResult().setPartition(p.partition());
                    if (failure != null) {
                        r.setErrorCode(ShareStateAnswers.error(failure).code())
                                .setErrorMessage(ShareStateAnswers.message(failure));
                    }
                    partitions.add(r);
                }
                response.results().add(new InitializeShareGroupStateResponseData.InitializeStateResult()
                        .setTopicId(t.topicId()).setPartitions(partitions));
            }
            return response;
        });
    }
}
