package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The topics of a classic consumer's subscription, as kafka-clients writes it in every version it knows. */
class ConsumerSubscriptionTest {

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void readsTheTopicsKafkaClientsWrite(short version) {
        Subscription subscription = new Subscription(List.of("orders", "payments", "ünïcode"),
                ByteBuffer.wrap(new byte[] {1, 2, 3}), List.of(new TopicPartition("orders", 0)), 7,
                Optional.of("rack-a"));
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(subscription, version);
        byte[] metadata = new byte[bytes.remaining()];
        bytes.get(metadata);

        assertThat(ConsumerSubscription.topics(metadata)).isEqualTo(Set.of("orders", "payments", "ünïcode"));
    }

    @Test
    void somethingElseIsNotGuessedAt() {
        assertThat(ConsumerSubscription.topics(null)).isNull();
        assertThat(ConsumerSubscription.topics(new byte[] {0})).isNull();
        assertThat(ConsumerSubscription.topics(new byte[] {0, 9, 0, 0, 0, 0})).as("a version this reader does not know")
                .isNull();
        assertThat(ConsumerSubscription.topics(new byte[] {0, 0, 0, 0, 0, 2, 0, 1, 'a'})).as("two names promised")
                .isNull();
        assertThat(ConsumerSubscription.topics("connect-worker-metadata".getBytes())).isNull();
    }
}
