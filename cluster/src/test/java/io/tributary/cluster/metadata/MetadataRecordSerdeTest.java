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
