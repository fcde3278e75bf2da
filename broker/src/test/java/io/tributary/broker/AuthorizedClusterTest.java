package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes with the authorizer on and {@code User:ANONYMOUS} a super user, as broker/README.md advises: the brokers,
 * anonymous on the PLAINTEXT inter-broker listener, still register and heartbeat (CLUSTER_ACTION), forward admin
 * commands and replicate (follower fetches need CLUSTER_ACTION too) — a topic of three replicas gets its full ISR and
 * serves acks=all writes.
 */
class AuthorizedClusterTest {

    @Test
    void brokersThatAreSuperUsersReplicateUnderTheAuthorizer(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = TestCluster.start(dir, Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS"))) {
            cluster.createTopic("replicated", 1, 2);   // waits for a full ISR: followers fetched
            try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
                producer.send(new ProducerRecord<>("replicated", "k", "v")).get(30, TimeUnit.SECONDS);
            }
            assertThat(cluster.isr("replicated", 0)).hasSize(3);
            assertThat(cluster.readAll("replicated", 0, 1)).hasSize(1);
        }
    }
}
