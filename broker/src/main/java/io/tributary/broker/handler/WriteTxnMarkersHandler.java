package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.broker.txn.TransactionMarkers;
import io.tributary.cluster.MetadataNode;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.WriteTxnMarkersRequestData;
import io.tributary.protocol.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import io.tributary.protocol.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import io.tributary.protocol.message.WriteTxnMarkersResponseData;
import io.tributary.protocol.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import io.tributary.protocol.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import io.tributary.protocol.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WriteTxnMarkers: a transaction coordinator (Kafka's tools' {@code abort} too) asking this broker to write
 * COMMIT/ABORT markers into partitions it leads; each partition answers on its own.
 */
public final class WriteTxnMarkersHandler implements ApiHandler {

    private final TransactionMarkers markers;
    private final MetadataNode metadata;
    private final Clock clock;
    private final Access access;

    public WriteTxnMarkersHandler(TransactionMarkers markers, MetadataNode metadata, Clock clock, Access access) {
        this.access = access;
        this.markers = markers;
        this.metadata = metadata;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        WriteTxnMarkersRequestData request = (WriteTxnMarkersRequestData) body;
        // brokers (CLUSTER_ACTION) and, as in Kafka, principals that may ALTER the cluster
        if (!access.allowsCluster(context, AclOperation.ALTER)
                && !access.allowsCluster(context, AclOperation.CLUSTER_ACTION)) {
            return CompletableFuture.completedFuture(refused(request));
        }
        List<CompletableFuture<WritableTxnMarkerResult>> results = new ArrayList<>();
        for (WritableTxnMarker marker : request.markers()) {
            results.add(write(marker));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v ->
                new WriteTxnMarkersResponseData().setMarkers(results.stream().map(CompletableFuture::join).toList()));
    }

    /** Every partition CLUSTER_AUTHORIZATION_FAILED. */
    private static WriteTxnMarkersResponseData refused(WriteTxnMarkersRequestData request) {
        List<WritableTxnMarkerResult> markers = new ArrayList<>();
        for (WritableTxnMarker marker : request.markers()) {
            List<WritableTxnMarkerTopicResult> topics = new ArrayList<>();
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                topics.add(new WritableTxnMarkerTopicResult().setName(topic.name()).setPartitions(topic
                        .partitionIndexes().stream().map(p -> new WritableTxnMarkerPartitionResult()
                                .setPartitionIndex(p).setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code()))
                        .toList()));
            }
            markers.add(new WritableTxnMarkerResult().setProducerId(marker.producerId()).setTopics(topics));
        }
        return new WriteTxnMarkersResponseData().setMarkers(markers);
    }

    private CompletableFuture<WritableTxnMarkerResult> write(WritableTxnMarker marker) {
        List<CompletableFuture<WritableTxnMarkerTopicResult>> topics = new ArrayList<>();
        for (WritableTxnMarkerTopic topic : marker.topics()) {
            List<CompletableFuture<WritableTxnMarkerPartitionResult>> partitions = new ArrayList<>();
            for (int p : topic.partitionIndexes()) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                partitions.add(markers.write(tp, marker.producerId(), marker.producerEpoch(),
                                marker.transactionResult(), marker.coordinatorEpoch(), clock.millis(),
                                () -> metadata.image().topic(topic.name()) != null)
                        .thenApply(error -> new WritableTxnMarkerPartitionResult().setPartitionIndex(p)
                                .setErrorCode(error.code())));
            }
            topics.add(CompletableFuture.allOf(partitions.toArray(CompletableFuture[]::new)).thenApply(v ->
                    new WritableTxnMarkerTopicResult().setName(topic.name())
                            .setPartitions(partitions.stream().map(CompletableFuture::join).toList())));
        }
        return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(v ->
                new WritableTxnMarkerResult().setProducerId(marker.producerId())
                        .setTopics(topics.stream().map(CompletableFuture::join).toList()));
    }
}
