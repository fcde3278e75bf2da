package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.share.ShareStateSummary;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ReadShareGroupStateSummaryRequestData;
import io.tributary.protocol.message.ReadShareGroupStateSummaryResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ReadShareGroupStateSummary (DescribeShareGroupOffsets): per partition the stored state's epochs, start offset and
 * (v1+) delivery-complete count, without taking the share-partition over; nothing stored answers start offset -1.
 */
public final class ReadShareGroupStateSummaryHandler implements ApiHandler {

    private final ShareStatePersister coordinator;
    private final Access access;

    public ReadShareGroupStateSummaryHandler(ShareStatePersister coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ReadShareGroupStateSummaryRequestData request = (ReadShareGroupStateSummaryRequestData) body;
        boolean fromBroker = access.allowsCluster(context, AclOperation.CLUSTER_ACTION);
        List<CompletableFuture<ShareStateSummary>> answers = new ArrayList<>();
        for (ReadShareGroupStateSummaryRequestData.ReadStateSummaryData t : request.topics()) {
            for (ReadShareGroupStateSummaryRequestData.PartitionData p : t.partitions()) {
                SharePartitionKey key = new SharePartitionKey(request.groupId(), t.topicId(), p.partition());
                answers.add(fromBroker ? coordinator.summary(key) : ShareStateAnswers.refused());
            }
        }
        return ShareStateAnswers.all(answers).thenApply(done -> {
            ReadShareGroupStateSummaryResponseData response = new ReadShareGroupStateSummaryResponseData();
            int i = 0;
            for (ReadShareGroupStateSummaryRequestData.ReadStateSummaryData t : request.topics()) {
                List<ReadShareGroupStateSummaryResponseData.PartitionResult> partitions = new ArrayList<>();
                for (ReadShareGroupStateSummaryRequestData.PartitionData p : t.partitions()) {
                    partitions.add(result(p.partition(), answers.get(i++)));
                }
                response.results().add(new ReadShareGroupStateSummaryResponseData.ReadStateSummaryResult()
                        .setTopicId(t.topicId()).setPartitions(partitions));
            }
            return response;
        });
    }

    private static ReadShareGroupStateSummaryResponseData.PartitionResult result(
            int partition, CompletableFuture<ShareStateSummary> answer) {
        ReadShareGroupStateSummaryResponseData.PartitionResult r =
                new ReadShareGroupStateSummaryResponseData.PartitionResult().setPartition(partition)
                        .setStartOffset(-1).setStateEpoch(0).setLeaderEpoch(-1).setDeliveryCompleteCount(-1);
        Throwable failure = ShareStateAnswers.failure(answer);
        if (failure != null) {
            return r.setErrorCode(ShareStateAnswers.error(failure).code())
                    .setErrorMessage(ShareStateAnswers.message(failure));
        }
        ShareStateSummary s = answer.join();
        r.setErrorCode(Errors.NONE.code());
        if (s != null) {
            r.setStateEpoch(s.stateEpoch()).setLeaderEpoch(s.leaderEpoch()).setStartOffset(s.startOffset())
                    .setDeliveryCompleteCount(s.deliveryCompleteCount());
        }
        return r;
    }
}
