package io.tributary.protocol.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

    private static final Versions SCOPE = Versions.parse("3-13", null);

    @Test
    void parsesTheFourSpellingsOfTheSpecs() {
        assertThat(Versions.parse("3+", null)).isEqualTo(new Versions((short) 3, Short.MAX_VALUE));
        assertThat(Versions.parse("0-12", null)).isEqualTo(new Versions((short) 0, (short) 12));
        assertThat(Versions.parse("7", null)).isEqualTo(new Versions((short) 7, (short) 7));
        assertThat(Versions.parse("none", null).isEmpty()).isTrue();
        assertThat(Versions.parse(null, Versions.ALL)).isEqualTo(Versions.ALL);
    }

    @Test
    void conditionsAreSimplifiedAgainstTheMessageVersions() {
        assertThat(Versions.parse("0+", null).condition(SCOPE)).isEqualTo("true");
        assertThat(Versions.parse("9+", null).condition(SCOPE)).isEqualTo("(version >= 9)");
        assertThat(Versions.parse("0-12", null).condition(SCOPE)).isEqualTo("(version <= 12)");
        assertThat(Versions.parse("5-7", null).condition(SCOPE)).isEqualTo("(version >= 5 && version <= 7)");
        assertThat(Versions.parse("0-2", null).condition(SCOPE)).isEqualTo("false");
        assertThat(Versions.NONE.condition(SCOPE)).isEqualTo("false");
    }

    @Test
    void apiConstantNamesFollowKafkasSpelling() {
        assertThat(ApiKeyGenerator.constantName("Produce")).isEqualTo("PRODUCE");
        assertThat(ApiKeyGenerator.constantName("OffsetForLeaderEpoch")).isEqualTo("OFFSET_FOR_LEADER_EPOCH");
        assertThat(ApiKeyGenerator.constantName("DescribeUserScramCredentials"))
                .isEqualTo("DESCRIBE_USER_SCRAM_CREDENTIALS");
    }
}
