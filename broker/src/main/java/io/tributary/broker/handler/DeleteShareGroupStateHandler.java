package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.DeleteShareGroupStateRequestData;
import io.tributary.protocol.message.DeleteShareGroupStateResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteShareGroupState (DeleteShareGroupOffsets, DeleteGroups): per partition the stored state is removed (a
 * tombstone); nothing stored is no error.
 */
public final class DeleteShareGroupStateHandler implements ApiHandler {

    private final ShareStatePersister coordinator;
    private final Access access;

    public DeleteShareGroupStateHandler(ShareStatePersister coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteShareGroupStateRequestData request = (DeleteShareGroupStateRequestData) body;
        boolean fromBroker = access.allowsCluster(context, AclOperation.CLUSTER_ACTION);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (DeleteShareGroupStateRequestData.DeleteStateData t : request.topics()) {
            for (DeleteShareGroupStateRequestData.PartitionData p : t.partitions()) {
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.topicId(), p.partition());
                answers.add(fromBroker ? coordinator.delete(key) : ShareStateAnswers.refused());
            }
        }
        return ShareStateAnswers.all(answers).thenApply(done -> {
            DeleteShareGroupStateResponseData response = new DeleteShareGroupStateResponseData();
            int i = 0;
            for (DeleteShareGroupStateRequestData.DeleteStateData t : request.topics()) {
                List<DeleteShareGroupStateResponseData.PartitionResult> partitions = new ArrayList<>();
                for (DeleteShareGroupStateRequestData.PartitionData p : t.partitions()) {
                    Throwable failure = ShareStateAnswers.failure(answers.get(i++));
                    DeleteShareGroupStateResponseData.PartitionResult r =
                            new DeleteShareGroupStateResponseData.PartitionResult().setPartition(p.partition());
                    if (failure != null) {
                        r.setErrorCode(ShareStateAnswers.error(failure).code())
                                .setErrorMessage(ShareStateAnswers.message(failure));
                    }
                    partitions.add(r);
                }
                response.results().add(new DeleteShareGroupStateResponseData.DeleteStateResult()
                        .setTopicId(t.topicId()).setPartitions(partitions));
            }
            return response;
        });
    }
}
