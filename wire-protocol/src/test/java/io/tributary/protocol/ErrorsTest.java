package io.tributary.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks our error table against the one in kafka-clients, entry by entry and in both directions. */
class ErrorsTest {

    private static final Map<String, org.apache.kafka.common.protocol.Errors> KAFKA_BY_NAME =
            Arrays.stream(org.apache.kafka.common.protocol.Errors.values())
                    .collect(Collectors.toMap(Enum::name, Function.identity()));

    @ParameterizedTest
    @EnumSource(org.apache.kafka.common.protocol.Errors.class)
    void everyKafkaErrorHasTheSameNameCodeRetriabilityAndMessage(org.apache.kafka.common.protocol.Errors kafka) {
        Errors ours = Errors.valueOf(kafka.name());

        assertThat(ours.code()).as("code of %s", kafka).isEqualTo(kafka.code());
        assertThat(ours.isRetriable()).as("retriable flag of %s", kafka).isEqualTo(isRetriable(kafka));
        assertThat(ours.message()).as("message of %s", kafka).isEqualTo(kafka.message());
    }

    @ParameterizedTest
    @EnumSource(Errors.class)
    void everyOneOfOursExistsInKafkaWithTheSameCode(Errors ours) {
        assertThat(KAFKA_BY_NAME).containsKey(ours.name());
        assertThat(KAFKA_BY_NAME.get(ours.name()).code()).isEqualTo(ours.code());
    }

    @Test
    void tablesHaveTheSameSize() {
        assertThat(Errors.values()).hasSameSizeAs(org.apache.kafka.common.protocol.Errors.values());
    }

    @Test
    void codesAreUnique() {
        assertThat(Arrays.stream(Errors.values()).map(Errors::code)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Errors.class)
    void forCodeRoundTrips(Errors error) {
        assertThat(Errors.forCode(error.code())).isSameAs(error);
    }

    @ParameterizedTest
    @ValueSource(shorts = {Short.MIN_VALUE, -1000, -2, 137, 1000, Short.MAX_VALUE})
    void unknownCodesMapToUnknownServerError(short code) {
        assertThat(Errors.forCode(code)).isSameAs(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void everyShortMapsToItsOwnConstantOrToUnknownServerError() {
        Map<Short, Errors> byCode = Arrays.stream(Errors.values())
                .collect(Collectors.toMap(Errors::code, Function.identity()));
        for (int code = Short.MIN_VALUE; code <= Short.MAX_VALUE; code++) {
            Errors expected = byCode.getOrDefault((short) code, Errors.UNKNOWN_SERVER_ERROR);
            assertThat(Errors.forCode((short) code)).as("forCode(%d)", code).isSameAs(expected);
        }
    }

    @Test
    void noneIsSuccessAndNotRetriable() {
        assertThat(Errors.forCode((short) 0)).isSameAs(Errors.NONE);
        assertThat(Errors.NONE.isRetriable()).isFalse();
        assertThat(Errors.UNKNOWN_SERVER_ERROR.code()).isEqualTo((short) -1);
    }

    @ParameterizedTest
    @EnumSource(Errors.class)
    void everyErrorHasAMessage(Errors error) {
        assertThat(error.message()).isNotBlank();
    }

    /** Kafka's own notion of retriable: the error's exception is a {@link RetriableException}. */
    private static boolean isRetriable(org.apache.kafka.common.protocol.Errors kafka) {
        return kafka.exception() instanceof RetriableException;
    }
}
