package io.tributary.cluster.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Type 14: its bytes, its replay into {@link ClientQuotasImage}, and snapshots that carry the quotas. */
class ClientQuotaRecordsTest {

    private static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            m.put(typeAndName[i], typeAndName[i + 1]);
        }
        return ClientQuotaEntity.of(m);
    }

    private static MetadataRecord roundTrip(MetadataRecord r) {
        return MetadataRecordSerde.decode(ByteBuffer.wrap(MetadataRecordSerde.encode(r)));
    }

    @Test
    void quotaRecordsHaveTheDocumentedBytesAndRoundTrip() {
        // entity types in type order whatever order they were given; a default is a null name
        ClientQuotaRecord set = new ClientQuotaRecord(entity("user", null, "client-id", "a"), "k", 1.0, false);
        assertThat(HexFormat.of().formatHex(MetadataRecordSerde.encode(set))).isEqualTo(
                "0e00" + "00000002" + "0009636c69656e742d6964" + "000161" + "000475736572" + "ffff"
                        + "00016b" + "3ff0000000000000" + "00");
        assertThat(roundTrip(set)).isEqualTo(set);
        ClientQuotaRecord removed = new ClientQuotaRecord(entity("ip", "10.0.0.1"), "connection_creation_rate", 0,
                true);
        assertThat(roundTrip(removed)).isEqualTo(removed);
        byte[] bytes = MetadataRecordSerde.encode(removed);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 1);
    }

    @Test
    void aBadRemoveFlagOrATruncatedRecordIsRefused() {
        byte[] bytes = MetadataRecordSerde.encode(new ClientQuotaRecord(entity("user", "u"), "k", 2, false));
        bytes[bytes.length - 1] = 2;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("remove flag 2");
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(bytes, 0, bytes.length - 1)))
                .isInstanceOf(MetadataFormatException.class);
    }

    @Test
    void replayedQuotasAreKeptPerEntityAndAnEntityWithoutQuotasDisappears() {
        ClientQuotaEntity alice = entity("user", "alice");
        ClientQuotaEntity defaultClient = entity("client-id", null);
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new ClientQuotaRecord(alice, "producer_byte_rate", 100, false),
                new ClientQuotaRecord(alice, "producer_byte_rate", 200, false),
                new ClientQuotaRecord(alice, "consumer_byte_rate", 300, false),
                new ClientQuotaRecord(defaultClient, "producer_byte_rate", 50, false))).apply(1);
        assertThat(image.clientQuotas().quotas(alice))
                .containsExactly(Map.entry("consumer_byte_rate", 300.0), Map.entry("producer_byte_rate", 200.0));
        assertThat(image.clientQuotas().quotas(entity("client-id", null))).containsOnlyKeys("producer_byte_rate");
        assertThat(image.clientQuotas().quotas(entity("client-id", "x"))).isEmpty();

        MetadataImage after = new MetadataDelta(image).replayAll(List.of(
                new ClientQuotaRecord(defaultClient, "producer_byte_rate", 0, true),
                new ClientQuotaRecord(alice, "request_percentage", 0, true))).apply(2);
        assertThat(after.clientQuotas().entities()).containsOnlyKeys(alice);
        assertThat(image.clientQuotas().entities()).hasSize(2);
    }

    @Test
    void aSnapshotCarriesTheQuotas(@TempDir Path dir) throws Exception {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new ClientQuotaRecord(entity("user", null), "consumer_byte_rate", 1e6, false),
                new ClientQuotaRecord(entity("user", "u", "client-id", "c"), "producer_byte_rate", 2.5, false),
                new ClientQuotaRecord(entity("ip", null), "connection_creation_rate", 7, false))).apply(9);
        Path file = dir.resolve("snapshot");
        MetadataSnapshotFile.write(file, 2, 9, image);
        MetadataImage restored = MetadataSnapshotFile.read(file).image();
        assertThat(restored.clientQuotas()).isEqualTo(image.clientQuotas());
        assertThat(restored.sameContent(image)).isTrue();
        assertThat(restored.sameContent(MetadataImage.EMPTY)).isFalse();
    }
}
