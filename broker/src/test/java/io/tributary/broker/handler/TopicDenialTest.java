package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.ScriptedMetadataNode;
import io.tributary.broker.security.Authorizer;
import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.DeleteRecordsRequestData;
import io.tributary.protocol.message.DeleteRecordsResponseData;
import io.tributary.protocol.message.ListOffsetsRequestData;
import io.tributary.protocol.message.ListOffsetsResponseData;
import io.tributary.protocol.message.OffsetForLeaderEpochRequestData;
import io.tributary.protocol.message.OffsetForLeaderEpochResponseData;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A denied topic is answered before it is looked up — the lookup here has no partitions or image behind it, so any
 * look would fail — which is what keeps an unknown topic's existence from a principal that may not see it; and a
 * transactional produce without WRITE on its transactional id fails as a whole, as in Kafka.
 */
class TopicDenialTest {

    /** Allows exactly the listed {@code OPERATION:TYPE:name} decisions. */
    private record Grants(Set<String> allowed) implements Authorizer {
        @Override
        public boolean authorize(KafkaPrincipal principal, InetAddress host, AclOperation operation, ResourceType type,
                                 String resourceName) {
            return allowed.contains(operation + ":" + type + ":" + resourceName);
        }

        @Override
        public boolean authorizeAny(KafkaPrincipal principal, InetAddress host, AclOperation operation,
                                    ResourceType type) {
            return false;
        }
    }

    private static final PartitionLookup NOTHING_BEHIND = new PartitionLookup(null, null, 1);

    private static Access granting(String... allowed) {
        return new Access(Optional.of(new Grants(Set.of(allowed))));
    }

    private static HeapRecords batch(boolean transactional) {
        ByteBuffer buffer = new RecordBatchBuilder().producer(7, (short) 0, 0).transactional(transactional)
                .add(new RecordData(1L, null, ByteBuffer.wrap(new byte[] {1}), List.of())).build();
        return new HeapRecords(buffer);
    }

    private static ProduceRequestData.TopicProduceData topic(String name, boolean transactional) {
        return new ProduceRequestData.TopicProduceData().setName(name).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch(transactional))));
    }

    private static List<Short> errors(ProduceResponseData response) {
        return response.responses().stream().flatMap(t -> t.partitionResponses().stream())
                .map(ProduceResponseData.PartitionProduceResponse::errorCode).toList();
    }

    @Test
    void aTransactionalProduceWithoutWriteOnItsTransactionalIdFailsAsAWhole() {
        ProduceHandler handler = new ProduceHandler(NOTHING_BEHIND, null, null, null, null,
                granting("WRITE:TOPIC:a", "WRITE:TOPIC:b"));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000)
                .setTransactionalId("tx").setTopicData(List.of(topic("a", true), topic("b", false)));
        ProduceResponseData response = (ProduceResponseData) ScriptedMetadataNode.handle(handler, ApiKey.PRODUCE,
                (short) 11, request);
        assertThat(errors(response)).containsOnly(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()).hasSize(2);
    }

    @Test
    void produceToATopicWithoutWriteIsDeniedWhetherItExistsOrNot() {
        ProduceHandler handler = new ProduceHandler(NOTHING_BEHIND, null, null, null, null, granting());
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000)
                .setTopicData(List.of(topic("no-such-topic", false)));
        ProduceResponseData response = (ProduceResponseData) ScriptedMetadataNode.handle(handler, ApiKey.PRODUCE,
                (short) 11, request);
        assertThat(errors(response)).containsExactly(Errors.TOPIC_AUTHORIZATION_FAILED.code());
    }

    @Test
    void offsetForLeaderEpochNeedsClusterActionOrDescribe() {
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) ScriptedMetadataNode.handle(
                new OffsetForLeaderEpochHandler(NOTHING_BEHIND, granting("READ:TOPIC:t")),
                ApiKey.OFFSET_FOR_LEADER_EPOCH, (short) 4, new OffsetForLeaderEpochRequestData().setTopics(List.of(
                        new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("t")
                                .setPartitions(List.of(new OffsetForLeaderEpochRequestData
                                        .OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(1))))));
        assertThat(response.topics()).singleElement().satisfies(t -> assertThat(t.partitions()).singleElement()
                .satisfies(p -> assertThat(p.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code())));
    }

    @Test
    void listOffsetsAndDeleteRecordsOfAnUndescribableTopicAreDenied() {
        ListOffsetsResponseData listed = (ListOffsetsResponseData) ScriptedMetadataNode.handle(
                new ListOffsetsHandler(NOTHING_BEHIND, granting()), ApiKey.LIST_OFFSETS, (short) 7,
                new ListOffsetsRequestData().setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("no-such-topic").setPartitions(List.of(new ListOffsetsRequestData
                                .ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))))));
        assertThat(listed.topics().get(0).partitions()).singleElement().satisfies(p ->
                assertThat(p.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code()));

        DeleteRecordsResponseData deleted = (DeleteRecordsResponseData) ScriptedMetadataNode.handle(
                new DeleteRecordsHandler(NOTHING_BEHIND, granting("DESCRIBE:TOPIC:t")), ApiKey.DELETE_RECORDS,
                (short) 2, new DeleteRecordsRequestData().setTopics(List.of(new DeleteRecordsRequestData
                        .DeleteRecordsTopic().setName("t").setPartitions(List.of(new DeleteRecordsRequestData
                                .DeleteRecordsPartition().setPartitionIndex(0).setOffset(1))))));
        assertThat(deleted.topics().iterator().next().partitions()).singleElement().satisfies(p ->
                assertThat(p.errorCode()).isEqualTo(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
    }
}
