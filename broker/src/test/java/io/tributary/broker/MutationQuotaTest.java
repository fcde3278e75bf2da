package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * controller_mutation_rate (KIP-599) with Apache's Admin client: a client id with 0.5 partition mutations a second
 * (a bucket of 5.5: 0.5 × 11 samples of 1 s) creates 5 + 5 partitions, then its next topic — sent on a fresh
 * connection, which the client does not hold back for the throttle it was told — is refused with
 * ThrottlingQuotaExceededException and the time left; another client id is not slowed; a topic the broker refuses for
 * another reason costs nothing. Every Admin here opts out of the client's automatic retry on the error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutationQuotaTest {

    private TestBroker broker;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        broker = TestBroker.start(dir, Map.of());
        broker.admin.alterClientQuotas(List.of(quota("slowadmin", 0.5), quota("refunded", 0.5))).all().get();
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ClientQuotaAlteration quota(String clientId, double rate) {
        return new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                List.of(new ClientQuotaAlteration.Op("controller_mutation_rate", rate)));
    }

    /** Creates one topic through a fresh Admin (a fresh connection) as {@code clientId}; the failure, or null. */
    private Throwable create(String clientId, String topic, int partitions) throws Exception {
        try (Admin admin = admin(clientId)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)),
                    new CreateTopicsOptions().retryOnQuotaViolation(false)).all().get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private Admin admin(String clientId) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(p);
    }

    @Test
    void aClientOverItsMutationRateIsRefusedUntilItsBucketRefills() throws Exception {
        assertThat(create("slowadmin", "m1", 5)).isNull();
        assertThat(create("slowadmin", "m2", 5)).as("the bucket may go into deficit once").isNull();
        Throwable refused = create("slowadmin", "m3", 1);
        assertThat(refused).isInstanceOf(ThrottlingQuotaExceededException.class);
        // 4.5 partitions of deficit at 0.5 a second: about 9 s, less what refilled since
        assertThat(((ThrottlingQuotaExceededException) refused).throttleTimeMs()).isBetween(5_000, 9_100);
        assertThat(create("someone-else", "m4", 30)).as("another client id is not slowed").isNull();
        try (Admin admin = admin("slowadmin")) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () ->
                    admin.deleteTopics(List.of("m4"), new DeleteTopicsOptions().retryOnQuotaViolation(false))
                            .all().get(30, TimeUnit.SECONDS));
            assertThat(e.getCause()).isInstanceOf(ThrottlingQuotaExceededException.class);
        }
    }

    @Test
    void aTopicTheBrokerRefusesCostsNothing() throws Exception {
        assertThat(create("someone-else", "existing", 5)).isNull();
        assertThat(create("refunded", "existing", 5)).isInstanceOf(TopicExistsException.class);
        assertThat(create("refunded", "r1", 5)).as("the refused topic's 5 partitions were given back").isNull();
        assertThat(create("refunded", "r2", 1)).as("0.5 left: not in deficit yet").isNull();
        assertThat(create("refunded", "r3", 1)).isInstanceOf(ThrottlingQuotaExceededException.class);
    }
}
