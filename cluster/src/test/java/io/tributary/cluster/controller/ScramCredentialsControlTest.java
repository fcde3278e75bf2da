package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterUserScramCredentials;
import io.tributary.cluster.controller.ControllerCommand.ScramDeletion;
import io.tributary.cluster.controller.ControllerCommand.ScramUpsertion;
import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScramCredentialsControlTest {

    private static final byte SHA_256 = ScramMechanism.SCRAM_SHA_256.type();
    private static final byte SHA_512 = ScramMechanism.SCRAM_SHA_512.type();
    private static final byte[] SALT = {1, 2, 3, 4};

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private static ScramUpsertion upsert(String user, byte mechanism, int iterations, String password) {
        byte[] salted = ScramMechanism.forType(mechanism).map(m -> m.saltedPassword(password.toCharArray(), SALT,
                Math.max(iterations, 1))).orElse(new byte[] {9});
        return new ScramUpsertion(user, mechanism, iterations, SALT, salted);
    }

    private Map<String, ApiError> alter(List<ScramDeletion> deletions, List<ScramUpsertion> upsertions) {
        return h.run(new AlterUserScramCredentials(deletions, upsertions));
    }

    @Test
    void anUpsertionStoresTheDerivedKeysAndADeletionRemovesThem() {
        ScramMechanism m = ScramMechanism.SCRAM_SHA_256;
        byte[] salted = m.saltedPassword("alice-secret".toCharArray(), SALT, 8192);
        assertThat(alter(List.of(), List.of(new ScramUpsertion("alice", SHA_256, 8192, SALT, salted))))
                .containsExactly(Map.entry("alice", ApiError.NONE));
        ScramCredential stored = h.image.scramCredential("alice", m).orElseThrow();
        assertThat(stored.iterations()).isEqualTo(8192);
        assertThat(stored.salt()).isEqualTo(SALT);
        assertThat(stored.storedKey()).isEqualTo(m.storedKey(salted)).isNotEqualTo(salted);
        assertThat(stored.serverKey()).isEqualTo(m.serverKey(salted));

        assertThat(alter(List.of(new ScramDeletion("alice", SHA_256)), List.of()))
                .containsExactly(Map.entry("alice", ApiError.NONE));
        assertThat(h.image.scram().users()).isEmpty();
    }

    @Test
    void badCredentialsAreRefusedWithKafkasErrorsAndTheOthersStillApply() {
        Map<String, ApiError> results = alter(List.of(new ScramDeletion("ghost", SHA_256),
                        new ScramDeletion("", SHA_256)),
                List.of(upsert("few", SHA_256, 4095, "x"), upsert("many", SHA_512, 16385, "x"),
                        upsert("weird", (byte) 0, 8192, "x"), upsert("fine", SHA_512, 4096, "x"),
                        upsert("edge", SHA_256, 16384, "x")));
        assertThat(results.get("ghost").error()).isEqualTo(Errors.RESOURCE_NOT_FOUND);
        assertThat(results.get("").error()).isEqualTo(Errors.UNACCEPTABLE_CREDENTIAL);
        assertThat(results.get("few")).isEqualTo(ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations"));
        assertThat(results.get("many")).isEqualTo(ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations"));
        assertThat(results.get("weird").error()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
        assertThat(results.get("fine")).isEqualTo(ApiError.NONE);
        assertThat(results.get("edge")).isEqualTo(ApiError.NONE);
        assertThat(h.image.scram().users()).containsOnlyKeys("fine", "edge");
    }

    @Test
    void aUserNamedTwiceIsADuplicateAndNoneOfItsChangesApply() {
        alter(List.of(), List.of(upsert("bob", SHA_256, 4096, "old")));
        Map<String, ApiError> results = alter(List.of(new ScramDeletion("bob", SHA_256)),
                List.of(upsert("bob", SHA_512, 4096, "new"), upsert("carol", SHA_256, 4096, "c"),
                        upsert("carol", SHA_256, 4096, "c"), upsert("dave", SHA_256, 4096, "d")));
        assertThat(results.get("bob").error()).isEqualTo(Errors.DUPLICATE_RESOURCE);
        assertThat(results.get("carol").error()).isEqualTo(Errors.DUPLICATE_RESOURCE);
        assertThat(results.get("dave")).isEqualTo(ApiError.NONE);
        assertThat(results).hasSize(3);
        assertThat(h.image.scram().credentials("bob")).containsOnlyKeys(ScramMechanism.SCRAM_SHA_256);
        assertThat(h.image.scram().users()).containsOnlyKeys("bob", "dave");
    }

    @Test
    void aRepeatedUpsertionReplacesTheCredential() {
        alter(List.of(), List.of(upsert("erin", SHA_512, 4096, "one")));
        ScramCredential first = h.image.scramCredential("erin", ScramMechanism.SCRAM_SHA_512).orElseThrow();
        alter(List.of(), List.of(upsert("erin", SHA_512, 5000, "two")));
        ScramCredential second = h.image.scramCredential("erin", ScramMechanism.SCRAM_SHA_512).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(second.iterations()).isEqualTo(5000);
    }

    @Test
    void theCommandPrintsNoKeyMaterial() {
        assertThat(upsert("frank", SHA_256, 4096, "pw").toString()).contains("frank").contains("[hidden]")
                .doesNotContain("[B@");
    }
}
