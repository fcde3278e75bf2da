package io.tributary.cluster.metadata;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclRecordsTest {

    private static final UUID ID = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    private static final AclBinding READ_ORDERS = new AclBinding(ResourceType.TOPIC, "orders", PatternType.LITERAL,
            "User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW);
    private static final AclBinding DENY_PREFIX = new AclBinding(ResourceType.GROUP, "app-", PatternType.PREFIXED,
            "User:*", "10.0.0.1", AclOperation.ALL, AclPermissionType.DENY);

    @Test
    void aclRecordsHaveTheDocumentedLayout() {
        byte[] bytes = MetadataRecordSerde.encode(new AccessControlEntryRecord(ID, READ_ORDERS));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0c00" + "0102030405060708090a0b0c0d0e0f10"
                + "02" + "0006" + hex("orders") + "03" + "000a" + hex("User:alice") + "0001" + hex("*") + "03" + "03");
        assertThat(HexFormat.of().formatHex(MetadataRecordSerde.encode(new RemoveAccessControlEntryRecord(ID))))
                .isEqualTo("0d00" + "0102030405060708090a0b0c0d0e0f10");
    }

    @Test
    void aclRecordsRoundTrip() {
        for (MetadataRecord r : List.of(new AccessControlEntryRecord(ID, READ_ORDERS),
                new AccessControlEntryRecord(new UUID(-1, 5), DENY_PREFIX), new RemoveAccessControlEntryRecord(ID))) {
            assertThat(MetadataRecordSerde.decode(ByteBuffer.wrap(MetadataRecordSerde.encode(r)))).isEqualTo(r);
        }
    }

    @Test
    void aRecordHoldingAFilterValueIsRefused() {
        byte[] anyOperation = MetadataRecordSerde.encode(new AccessControlEntryRecord(ID, READ_ORDERS));
        anyOperation[anyOperation.length - 2] = AclOperation.ANY.code();
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(anyOperation)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("ANY");
        byte[] unknownPermission = MetadataRecordSerde.encode(new AccessControlEntryRecord(ID, READ_ORDERS));
        unknownPermission[unknownPermission.length - 1] = 9;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(unknownPermission)))
                .isInstanceOf(MetadataFormatException.class);
    }

    @Test
    void replayAddsAndRemovesByIdAndReportsTheChange() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replay(new AccessControlEntryRecord(ID, READ_ORDERS));
        delta.replay(new AccessControlEntryRecord(new UUID(0, 1), DENY_PREFIX));
        assertThat(delta.aclsChanged()).isTrue();
        MetadataImage image = delta.apply(1);
        assertThat(image.acls().byId()).containsOnlyKeys(ID, new UUID(0, 1));
        assertThat(image.acls().contains(READ_ORDERS)).isTrue();

        MetadataDelta removal = new MetadataDelta(image);
        removal.replay(new RemoveAccessControlEntryRecord(ID));
        MetadataImage after = removal.apply(2);
        assertThat(after.acls().contains(READ_ORDERS)).isFalse();
        assertThat(after.acls().byId()).containsOnlyKeys(new UUID(0, 1));
        assertThat(image.acls().contains(READ_ORDERS)).as("the older image is unchanged").isTrue();

        MetadataDelta unrelated = new MetadataDelta(after);
        unrelated.replay(new TopicRecord("t", new UUID(7, 7)));
        assertThat(unrelated.aclsChanged()).isFalse();
        assertThat(unrelated.apply(3).acls()).isSameAs(after.acls());
    }

    @Test
    void aReusedIdOrAnUnknownRemovalCannotApply() {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY);
        delta.replay(new AccessControlEntryRecord(ID, READ_ORDERS));
        assertThatThrownBy(() -> delta.replay(new AccessControlEntryRecord(ID, DENY_PREFIX)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> delta.replay(new RemoveAccessControlEntryRecord(new UUID(5, 5))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSnapshotKeepsTheAclsWithTheirIds() throws Exception {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new AccessControlEntryRecord(ID, READ_ORDERS),
                new AccessControlEntryRecord(new UUID(3, 3), DENY_PREFIX))).apply(12);
        Path file = Files.createTempDirectory("snap").resolve("snapshot");
        MetadataSnapshotFile.write(file, 2, 12, image);
        MetadataImage restored = MetadataSnapshotFile.read(file).image();
        assertThat(restored.acls()).isEqualTo(image.acls());
        assertThat(restored.sameContent(image)).isTrue();
        assertThat(image.sameContent(MetadataImage.EMPTY)).as("ACLs count in the content").isFalse();
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
