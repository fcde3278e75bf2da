package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache kafka-clients' Admin managing client quotas on one in-process node: AlterClientQuotas (users, client ids,
 * defaults, their combination, removal, validateOnly, Kafka's refusals) and DescribeClientQuotas (EXACT, DEFAULT,
 * SPECIFIED, strict).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminClientQuotasTest {

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, Map.of());
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ClientQuotaEntity entity(String... typeAndName) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < typeAndName.length; i += 2) {
            m.put(typeAndName[i], typeAndName[i + 1]);
        }
        return new ClientQuotaEntity(m);
    }

    private void alter(boolean validateOnly, ClientQuotaEntity entity, ClientQuotaAlteration.Op... ops)
            throws Exception {
        broker.admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity, List.of(ops))),
                new AlterClientQuotasOptions().validateOnly(validateOnly)).all().get();
    }

    private static ClientQuotaAlteration.Op set(String key, double value) {
        return new ClientQuotaAlteration.Op(key, value);
    }

    private Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter) throws Exception {
        return broker.admin.describeClientQuotas(filter).entities().get();
    }

    @Test
    void quotasAreSetDescribedByFilterAndRemoved() throws Exception {
        alter(false, entity("user", "alice"), set("producer_byte_rate", 1024), set("consumer_byte_rate", 2048));
        alter(false, entity("user", null), set("producer_byte_rate", 10));
        alter(false, entity("user", "alice", "client-id", "app"), set("request_percentage", 50));
        alter(false, entity("client-id", null), set("consumer_byte_rate", 7));
        alter(false, entity("ip", "10.1.2.3"), set("connection_creation_rate", 5));

        assertThat(describe(ClientQuotaFilter.all())).hasSize(5)
                .containsEntry(entity("user", "alice"), Map.of("producer_byte_rate", 1024.0,
                        "consumer_byte_rate", 2048.0))
                .containsEntry(entity("ip", "10.1.2.3"), Map.of("connection_creation_rate", 5.0));
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity("user", "alice")))))
                .containsOnlyKeys(entity("user", "alice"), entity("user", "alice", "client-id", "app"));
        assertThat(describe(ClientQuotaFilter.containsOnly(
                List.of(ClientQuotaFilterComponent.ofEntity("user", "alice")))))
                .containsOnlyKeys(entity("user", "alice"));
        assertThat(describe(ClientQuotaFilter.containsOnly(
                List.of(ClientQuotaFilterComponent.ofDefaultEntity("user")))))
                .containsOnly(Map.entry(entity("user", null), Map.of("producer_byte_rate", 10.0)));
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntityType("user")))))
                .containsOnlyKeys(entity("user", "alice"), entity("user", "alice", "client-id", "app"));
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofDefaultEntity(
                "client-id"))))).containsOnlyKeys(entity("client-id", null));

        alter(false, entity("user", "alice"), new ClientQuotaAlteration.Op("producer_byte_rate", null));
        assertThat(describe(ClientQuotaFilter.containsOnly(
                List.of(ClientQuotaFilterComponent.ofEntity("user", "alice")))))
                .containsOnly(Map.entry(entity("user", "alice"), Map.of("consumer_byte_rate", 2048.0)));
        alter(false, entity("ip", "10.1.2.3"), new ClientQuotaAlteration.Op("connection_creation_rate", null));
        assertThat(describe(ClientQuotaFilter.all())).doesNotContainKey(entity("ip", "10.1.2.3"));
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        alter(true, entity("client-id", "dry"), set("producer_byte_rate", 1));
        assertThat(describe(ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity("client-id",
                "dry"))))).isEmpty();
    }

    @Test
    void invalidAlterationsAndFiltersAreInvalidRequests() {
        assertThatThrownBy(() -> alter(false, entity("user", "u"), set("connection_creation_rate", 1)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> alter(false, entity("user", "u"), set("producer_byte_rate", -1)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> alter(false, entity("ip", "1.2.3.4", "user", "u"), set("producer_byte_rate", 1)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("IP entity should not be combined");
        assertThatThrownBy(() -> describe(ClientQuotaFilter.contains(List.of(
                ClientQuotaFilterComponent.ofEntity("ip", "1.2.3.4"), ClientQuotaFilterComponent.ofEntity("user",
                        "u")))))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRequestException.class);
    }
}
