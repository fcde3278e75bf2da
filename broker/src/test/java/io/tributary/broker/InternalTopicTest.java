package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.RegisterBrokerRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InternalTopicTest {

    private final List<ControllerCommand.CreateTopics> created = new ArrayList<>();

    private static MetadataImage brokers(boolean... fenced) {
        List<MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < fenced.length; i++) {
            records.add(new RegisterBrokerRecord(i + 1, UUID.randomUUID(), i + 1, List.of(), null, fenced[i]));
        }
        return new MetadataDelta(MetadataImage.EMPTY).replayAll(records).apply(1);
    }

    private InternalTopic topic(MetadataImage image, Clock clock) {
        ScriptedMetadataNode node = new ScriptedMetadataNode(1, OptionalInt.of(1), image, command -> {
            created.add((ControllerCommand.CreateTopics) command);
            return new CompletableFuture<>();   // still on its way: one creation at a time
        });
        return new InternalTopic(node, "__internal", 3, (short) 3, Map.of(), clock);
    }

    private short replicationFactorAsked() {
        return created.get(created.size() - 1).topics().get(0).replicationFactor();
    }

    @Test
    void aClusterWhoseBrokersAreStillStartingWaitsForThemBeforeCreating() {
        InternalTopic t = topic(brokers(false, true, true), Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC));
        t.create();
        assertThat(created).as("two registered brokers are not active yet").isEmpty();
    }

    @Test
    void afterWaitingItSettlesForTheActiveBrokers() {
        MetadataImage image = brokers(false, true, true);
        long[] now = {1000};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return Instant.ofEpochMilli(now[0]); }
        };
        InternalTopic t = topic(image, clock);
        t.create();
        now[0] += InternalTopic.WAIT_FOR_STARTING_BROKERS_MS;
        t.create();
        assertThat(created).hasSize(1);
        assertThat(replicationFactorAsked()).isEqualTo((short) 1);
    }

    @Test
    void aSingleNodeGetsOneReplicaAtOnceAndAFullClusterAll() {
        topic(brokers(false), Clock.systemUTC()).create();
        assertThat(replicationFactorAsked()).isEqualTo((short) 1);
        topic(brokers(false, false, false), Clock.systemUTC()).create();
        assertThat(replicationFactorAsked()).isEqualTo((short) 3);
    }
}
