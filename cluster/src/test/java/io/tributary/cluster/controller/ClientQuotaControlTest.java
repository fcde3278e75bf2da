package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterClientQuotas;
import io.tributary.cluster.controller.ControllerCommand.QuotaAlteration;
import io.tributary.cluster.controller.ControllerCommand.QuotaEntityComponent;
import io.tributary.cluster.controller.ControllerCommand.QuotaOp;
import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientQuotaControlTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private static QuotaEntityComponent c(String type, String name) {
        return new QuotaEntityComponent(type, name);
    }

    private static QuotaOp set(String key, double value) {
        return new QuotaOp(key, value, false);
    }

    private static QuotaOp remove(String key) {
        return new QuotaOp(key, 0, true);
    }

    private ApiError alterOne(List<QuotaEntityComponent> entity, QuotaOp... ops) {
        return alter(false, new QuotaAlteration(entity, List.of(ops))).get(0);
    }

    private List<ApiError> alter(boolean validateOnly, QuotaAlteration... entries) {
        return h.run(new AlterClientQuotas(List.of(entries), validateOnly));
    }

    private Map<String, Double> quotas(String... typeAndName) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            m.put(typeAndName[i], typeAndName[i + 1]);
        }
        return h.image.clientQuotas().quotas(ClientQuotaEntity.of(m));
    }

    @Test
    void quotasAreSetPerEntityAndRemoved() {
        assertThat(alterOne(List.of(c("user", "alice"), c("client-id", null)), set("producer_byte_rate", 1024),
                set("request_percentage", 50))).isEqualTo(ApiError.NONE);
        assertThat(alterOne(List.of(c("client-id", "slow")), set("consumer_byte_rate", 10))).isEqualTo(ApiError.NONE);
        assertThat(alterOne(List.of(c("ip", "127.0.0.1")), set("connection_creation_rate", 3)))
                .isEqualTo(ApiError.NONE);
        assertThat(quotas("client-id", null, "user", "alice"))
                .containsOnly(Map.entry("producer_byte_rate", 1024.0), Map.entry("request_percentage", 50.0));
        assertThat(quotas("client-id", "slow")).containsOnly(Map.entry("consumer_byte_rate", 10.0));

        assertThat(alterOne(List.of(c("client-id", "slow")), remove("consumer_byte_rate"), remove("producer_byte_rate")))
                .isEqualTo(ApiError.NONE);
        assertThat(quotas("client-id", "slow")).isEmpty();
        assertThat(h.image.clientQuotas().entities()).hasSize(2);
    }

    @Test
    void validateOnlyWritesNothing() {
        assertThat(alter(true, new QuotaAlteration(List.of(c("user", "u")), List.of(set("producer_byte_rate", 1)))))
                .containsExactly(ApiError.NONE);
        assertThat(h.image.clientQuotas().isEmpty()).isTrue();
    }

    @Test
    void invalidEntriesAreRefusedOneByOneWithKafkasMessages() {
        List<ApiError> results = alter(false,
                new QuotaAlteration(List.of(), List.of(set("producer_byte_rate", 1))),
                new QuotaAlteration(List.of(c("group", "g")), List.of(set("producer_byte_rate", 1))),
                new QuotaAlteration(List.of(c("ip", "1.2.3.4"), c("user", "u")),
                        List.of(set("connection_creation_rate", 1))),
                new QuotaAlteration(List.of(c("user", "u")), List.of(set("connection_creation_rate", 1))),
                new QuotaAlteration(List.of(c("ip", null)), List.of(set("producer_byte_rate", 1))),
                new QuotaAlteration(List.of(c("user", "u")), List.of(set("producer_byte_rate", 0))),
                new QuotaAlteration(List.of(c("user", "u")), List.of(set("producer_byte_rate", -5))),
                new QuotaAlteration(List.of(c("ip", "not an ip")), List.of(set("connection_creation_rate", 1))),
                new QuotaAlteration(List.of(c("user", "u"), c("user", "v")), List.of(set("producer_byte_rate", 1))),
                new QuotaAlteration(List.of(c("user", "ok")), List.of(set("producer_byte_rate", 1))),
                new QuotaAlteration(List.of(c("user", "u")), List.of(set("producer_byte_rate", 1),
                        set("consumer_byte_rate", Double.NaN))));
        assertThat(results).extracting(ApiError::error).containsExactly(Errors.INVALID_REQUEST,
                Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST,
                Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST,
                Errors.NONE, Errors.INVALID_REQUEST);
        assertThat(results.get(0).message()).isEqualTo("Invalid empty client quota entity");
        assertThat(results.get(1).message()).contains("Unhandled client quota entity type: group");
        assertThat(results.get(2).message()).contains("IP entity should not be combined");
        assertThat(results.get(3).message()).contains("connection_creation_rate");
        // the entry with a bad op applies nothing, not even its good op
        assertThat(h.image.clientQuotas().entities()).hasSize(1);
        assertThat(quotas("user", "ok")).containsOnly(Map.entry("producer_byte_rate", 1.0));
    }
}
