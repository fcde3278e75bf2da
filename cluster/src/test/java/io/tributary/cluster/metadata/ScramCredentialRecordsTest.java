package io.tributary.cluster.metadata;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Types 10 and 11: their bytes, their replay into the image, and snapshots that carry the credentials. */
class ScramCredentialRecordsTest {

    private static final ScramCredential ALICE_256 = new ScramCredential(bytes(1, 2, 3), bytes(4, 5), bytes(6), 8192);
    private static final ScramCredential ALICE_512 = new ScramCredential(bytes(9), bytes(8), bytes(7), 4096);
    private static final ScramCredential BOB_256 = new ScramCredential(bytes(10), bytes(11), bytes(12), 4096);

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static MetadataRecord roundTrip(MetadataRecord r) {
        return MetadataRecordSerde.decode(ByteBuffer.wrap(MetadataRecordSerde.encode(r)));
    }

    @Test
    void credentialRecordsHaveTheDocumentedBytesAndRoundTrip() {
        UserScramCredentialRecord upsert = new UserScramCredentialRecord("al", ScramMechanism.SCRAM_SHA_512,
                ALICE_256);
        assertThat(HexFormat.of().formatHex(MetadataRecordSerde.encode(upsert))).isEqualTo(
                "0a00" + "0002616c" + "02" + "00000003010203" + "000000020405" + "0000000106" + "00002000");
        assertThat(roundTrip(upsert)).isEqualTo(upsert);
        RemoveUserScramCredentialRecord remove = new RemoveUserScramCredentialRecord("ü", ScramMechanism.SCRAM_SHA_256);
        assertThat(HexFormat.of().formatHex(MetadataRecordSerde.encode(remove))).isEqualTo("0b00" + "0002c3bc" + "01");
        assertThat(roundTrip(remove)).isEqualTo(remove);
    }

    @Test
    void anUnknownMechanismOrATruncatedRecordIsRefused() {
        byte[] bytes = MetadataRecordSerde.encode(new RemoveUserScramCredentialRecord("a", ScramMechanism.SCRAM_SHA_256));
        bytes[bytes.length - 1] = 3;
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(bytes)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("SCRAM mechanism 3");
        byte[] upsert = MetadataRecordSerde.encode(new UserScramCredentialRecord("a", ScramMechanism.SCRAM_SHA_256,
                ALICE_256));
        assertThatThrownBy(() -> MetadataRecordSerde.decode(ByteBuffer.wrap(upsert, 0, upsert.length - 1)))
                .isInstanceOf(MetadataFormatException.class);
    }

    @Test
    void replayedCredentialsAreLookedUpPerUserAndMechanismAndRemovedOneByOne() {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new UserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_256, BOB_256),
                new UserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_256, ALICE_256),
                new UserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_512, ALICE_512),
                new UserScramCredentialRecord("bob", ScramMechanism.SCRAM_SHA_256, BOB_256))).apply(1);
        assertThat(image.scramCredential("alice", ScramMechanism.SCRAM_SHA_256)).contains(ALICE_256);
        assertThat(image.scramCredential("bob", ScramMechanism.SCRAM_SHA_512)).isEmpty();
        assertThat(image.scram().users()).containsOnlyKeys("alice", "bob");

        MetadataImage after = new MetadataDelta(image).replayAll(List.of(
                new RemoveUserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_256),
                new RemoveUserScramCredentialRecord("bob", ScramMechanism.SCRAM_SHA_256))).apply(2);
        assertThat(after.scram().users()).containsOnlyKeys("alice");
        assertThat(after.scram().credentials("alice")).containsOnlyKeys(ScramMechanism.SCRAM_SHA_512);
        assertThat(image.scramCredential("alice", ScramMechanism.SCRAM_SHA_256)).contains(ALICE_256);

        assertThatThrownBy(() -> new MetadataDelta(after)
                .replay(new RemoveUserScramCredentialRecord("bob", ScramMechanism.SCRAM_SHA_256)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSnapshotCarriesTheCredentials(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new UserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_512, ALICE_512),
                new UserScramCredentialRecord("bob", ScramMechanism.SCRAM_SHA_256, BOB_256))).apply(9);
        Path file = dir.resolve("snapshot");
        MetadataSnapshotFile.write(file, 2, 9, image);
        MetadataImage restored = MetadataSnapshotFile.read(file).image();
        assertThat(restored.scram()).isEqualTo(image.scram());
        assertThat(restored.sameContent(image)).isTrue();
        assertThat(restored.sameContent(MetadataImage.EMPTY)).isFalse();
    }

    @Test
    void nothingPrintedShowsKeyMaterial() {
        MetadataImage image = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new UserScramCredentialRecord("alice", ScramMechanism.SCRAM_SHA_512, ALICE_512))).apply(1);
        String printed = image.scram() + " " + image.toRecords() + " " + ALICE_512;
        assertThat(printed).contains("alice").doesNotContain("[B@").contains("[hidden]");
    }

    @Test
    void keyDerivationMatchesRfc7677sTestVector() {
        // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations
        byte[] salt = java.util.Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        ScramMechanism m = ScramMechanism.SCRAM_SHA_256;
        byte[] salted = m.saltedPassword("pencil".toCharArray(), salt, 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] serverSignature = m.hmac(m.serverKey(salted), authMessage.getBytes(StandardCharsets.US_ASCII));
        assertThat(java.util.Base64.getEncoder().encodeToString(serverSignature))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
        byte[] clientSignature = m.hmac(m.storedKey(salted), authMessage.getBytes(StandardCharsets.US_ASCII));
        byte[] clientKey = m.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        assertThat(java.util.Base64.getEncoder().encodeToString(proof))
                .isEqualTo("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    }
}
