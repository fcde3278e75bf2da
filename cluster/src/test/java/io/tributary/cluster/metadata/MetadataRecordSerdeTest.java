package io.tributary.cluster.metadata;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataRecordSerdeTest {

    static final UUID TOPIC = new UUID(11, 12);

    static List<MetadataRecord> everyKind() {
        return List.of(
                new RegisterBrokerRecord(1, new UUID(1, 2), 7, List.of(new Endpoint("PLAINTEXT", "héllo", 9092,
                        (short) 0), new Endpoint("SSL", "h", 9093, (short) 1)), "rack-ä", true),
                new RegisterBrokerRecord(2, new UUID(3, 4), 8, List.of(), null, false),
                new BrokerChangeRecord(1, 7, null, true),
                new BrokerChangeRecord(1, 7, false, null),
                new TopicRecord("orders", TOPIC),
                new PartitionRecord(TOPIC, 0, List.of(1, 2), List.of(1), List.of(2), 1, 3, 4),
                new PartitionChangeRecord(TOPIC, 0, 2, List.of(2), null, null),
                new PartitionChangeRecord(TOPIC, 0, PartitionChangeRecord.NO_CHANGE, null, List.of(), List.of(2, 1)),
                new ConfigRecord(ConfigResource.topic("orders"), "retention.ms", "1000"),
                new ConfigRecord(ConfigResource.CLUSTER, "min.insync.replicas", null),
                new ConfigRecord(ConfigResource.group("readers"), "share.auto.offset.reset", "earliest"),
                new ProducerIdsRecord(1, 7, 5000),
                new RemoveTopicRecord(TOPIC),
                new UnregisterBrokerRecord(2, 8));
    }

    @Test
    void everyRecordKindRoundTrips() {
        for (MetadataRecord r : everyKind()) {
            assertThat(MetadataRecordSerde.decode(ByteBuffer.wrap(MetadataRecordSerde.encode(r)))).isEqualTo(r);
        }
    }

    @Test
    void batchRoundTripsWithItsTerm() {
        MetadataBatch batch = new MetadataBatch(42, everyKind());
        assertThat(MetadataBatch.decode(ByteBuffer.wrap(batch.encode()))).isEqualTo(batch);
    }

    @Test
    void unknownTypeOrVersionIsRefused() {
        byte[] bytes = MetadataRecordSerde.encode(new RemoveTopicRecord(TOPIC));
        bytes[0] = 99;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("type 99");
        byte[] v = MetadataRecordSerde.encode(new RemoveTopicRecord(TOPIC));
        v[1] = 1;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(v)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version");
    }

    @Property(tries = 300)
    void truncatedOrCorruptedBatchesFailOnlyWithTheTypedError(@ForAll int cut, @ForAll byte flip,
                                                               @ForAll int at) {
        byte[] bytes = new MetadataBatch(3, everyKind()).encode();
        byte[] truncated = Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length));
        assertThatThrownBy(() -> MetadataBatch.decode(ByteBuffer.wrap(truncated)))
                .isInstanceOf(MetadataFormatException.class);
        byte[] corrupt = bytes.clone();
        corrupt[Math.floorMod(at, corrupt.length)] ^= (byte) (flip | 1);
        try {
            MetadataBatch.decode(ByteBuffer.wrap(corrupt));
        } catch (MetadataFormatException expected) {
            // fine: corruption detected
        }
    }

    /** A type 5 record as version 0 wrote it (before reassignments): partition 3, replicas [1,2,3], ISR [1,2]. */
    private static final String PARTITION_V0 = "0500000000000000000b000000000000000c0000000300000003000000010000"
            + "0002000000030000000200000001000000020000000100000003000000010000000400000009";
    /** A type 5 record as version 0 wrote it: leader unchanged, ISR [2,1], ELR unchanged, replicas [2,1,3]. */
    private static final String PARTITION_CHANGE_V0 = "0600000000000000000b000000000000000c00000003fffffffe00000002"
            + "0000000200000001ffffffff00000003000000020000000100000003";

    @Test
    void partitionRecordsWrittenBeforeReassignmentsStillDecode() {
        assertThat(MetadataRecordSerde.decode(ByteBuffer.wrap(hex(PARTITION_V0)))).isEqualTo(new PartitionRecord(
                TOPIC, 3, List.of(1, 2, 3), List.of(1, 2), List.of(3), 1, 4, 9, List.of(), List.of()));
        PartitionChangeRecord change = (PartitionChangeRecord) MetadataRecordSerde.decode(
                ByteBuffer.wrap(hex(PARTITION_CHANGE_V0)));
        assertThat(change).isEqualTo(new PartitionChangeRecord(TOPIC, 3, PartitionChangeRecord.NO_CHANGE,
                List.of(2, 1), null, List.of(2, 1, 3), null, null));
        // applied, an old change leaves a reassignment in progress as it is
        PartitionRegistration reassigning = new PartitionRegistration(List.of(2, 1), List.of(1), List.of(), 1, 0, 0,
                List.of(2), List.of());
        assertThat(reassigning.apply(change).addingReplicas()).containsExactly(2);
        // and a record without a reassignment is still written as version 0, byte for byte
        assertThat(MetadataRecordSerde.encode(new PartitionRecord(TOPIC, 3, List.of(1, 2, 3), List.of(1, 2),
                List.of(3), 1, 4, 9))).isEqualTo(hex(PARTITION_V0));
        assertThat(MetadataRecordSerde.encode(change)).isEqualTo(hex(PARTITION_CHANGE_V0));
    }

    @Test
    void reassignmentsAreWrittenAsVersion1AndRoundTrip() {
        List<MetadataRecord> records = List.of(
                new PartitionRecord(TOPIC, 0, List.of(3, 2, 1), List.of(1, 2), List.of(), 1, 3, 4, List.of(3),
                        List.of(1)),
                new PartitionRecord(TOPIC, 1, List.of(2, 1), List.of(1), List.of(), 1, 0, 0, List.of(), List.of(1)),
                new PartitionChangeRecord(TOPIC, 0, PartitionChangeRecord.NO_CHANGE, null, null, List.of(3, 2, 1),
                        List.of(3), List.of(1)),
                new PartitionChangeRecord(TOPIC, 0, 2, List.of(3, 2), null, List.of(3, 2), List.of(), List.of()),
                new PartitionChangeRecord(TOPIC, 0, 2, null, null, null, List.of(3), null));
        for (MetadataRecord r : records) {
            byte[] bytes = MetadataRecordSerde.encode(r);
            assertThat(bytes[1]).as("version of %s", r).isEqualTo((byte) 1);
            assertThat(MetadataRecordSerde.decode(ByteBuffer.wrap(bytes))).isEqualTo(r);
        }
        byte[] future = MetadataRecordSerde.encode(records.get(0));
        future[1] = 2;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(future)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 2");
        byte[] topicV1 = MetadataRecordSerde.encode(new TopicRecord("t", TOPIC));
        topicV1[1] = 1;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(topicV1)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 1");
    }

    @Test
    void snapshotKeepsAReassignmentInProgress() throws Exception {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new TopicRecord("orders", TOPIC),
                new PartitionRecord(TOPIC, 0, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 0),
                new PartitionChangeRecord(TOPIC, 0, PartitionChangeRecord.NO_CHANGE, null, null, List.of(2, 3, 1),
                        List.of(3), List.of(1)))).apply(9);
        Path file = Files.createTempDirectory("snap").resolve("snapshot");
        MetadataSnapshotFile.write(file, 1, 9, image);
        PartitionRegistration restored = MetadataSnapshotFile.read(file).image().topic("orders").partition(0);
        assertThat(restored).isEqualTo(new PartitionRegistration(List.of(2, 3, 1), List.of(1, 2), List.of(), 1, 0, 1,
                List.of(3), List.of(1)));
        assertThat(restored.targetReplicas()).containsExactly(2, 3);
        assertThat(restored.originalReplicas()).containsExactly(2, 1);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void snapshotFileRestoresTheSameImageAndRefusesACorruptOne() throws Exception {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(everyKind().subList(0, 11)).apply(77);
        Path dir = Files.createTempDirectory("snap");
        Path file = dir.resolve("snapshot");
        MetadataSnapshotFile.write(file, 5, 77, image);
        MetadataSnapshotFile.Content content = MetadataSnapshotFile.read(file);
        assertThat(content.term()).isEqualTo(5);
        assertThat(content.index()).isEqualTo(77);
        assertThat(content.image().sameContent(image)).isTrue();
        assertThat(content.image().offset()).isEqualTo(77);

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> MetadataSnapshotFile.read(file)).isInstanceOf(MetadataFormatException.class);
    }
}
