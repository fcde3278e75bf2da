package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.CreatePartitions;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.DeleteTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.PartitionIncrease;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCreationTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS.withDefaults(3, 2));

    @BeforeEach
    void threeBrokers() {
        h.addBroker(1, null);
        h.addBroker(2, null);
        h.addBroker(3, null);
    }

    private Errors createError(NewTopic topic) {
        return h.createTopic(topic).error().error();
    }

    @Test
    void createdTopicHasDefaultPartitionsAndReplicationWithFullIsr() {
        CreateTopics.TopicResult r = h.createTopic(NewTopic.of("orders", -1, -1));
        assertThat(r.error()).isEqualTo(ApiError.NONE);
        assertThat(r.numPartitions()).isEqualTo(3);
        assertThat(r.replicationFactor()).isEqualTo(2);
        assertThat(h.topic("orders").id()).isEqualTo(r.topicId());
        for (int p = 0; p < 3; p++) {
            var reg = h.partition("orders", p);
            assertThat(reg.replicas()).hasSize(2).doesNotHaveDuplicates();
            assertThat(reg.isr()).isEqualTo(reg.replicas());
            assertThat(reg.leader()).isEqualTo(reg.replicas().get(0));
            assertThat(reg.leaderEpoch()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "has space", "slash/name", "ünïcode", "colon:name"})
    void illegalNamesAreInvalidTopic(String name) {
        assertThat(createError(NewTopic.of(name, 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void nameOf249CharactersIsLegalAnd250IsNot() {
        assertThat(createError(NewTopic.of("a".repeat(249), 1, 1))).isEqualTo(Errors.NONE);
        assertThat(createError(NewTopic.of("b".repeat(250), 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void legalCharactersAreAccepted() {
        assertThat(createError(NewTopic.of("Az09._-x", 1, 1))).isEqualTo(Errors.NONE);
    }

    @Test
    void existingTopicIsTopicAlreadyExists() {
        h.createTopic("t", 1, 1);
        assertThat(createError(NewTopic.of("t", 1, 1))).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
    }

    @Test
    void namesDifferingOnlyInDotAndUnderscoreCollide() {
        h.createTopic("a.b", 1, 1);
        assertThat(createError(NewTopic.of("a_b", 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void badCountsAreInvalidPartitionsOrReplicationFactor() {
        assertThat(createError(NewTopic.of("p0", 0, 1))).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(createError(NewTopic.of("p-2", -2, 1))).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(createError(NewTopic.of("r0", 1, 0))).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(createError(NewTopic.of("r4", 1, 4))).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void fencedBrokersDoNotCountTowardTheReplicationFactor() {
        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        h.heartbeatAll(1, 2);
        assertThat(h.expireSessions()).containsExactly(3);
        assertThat(createError(NewTopic.of("t", 1, 3))).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(createError(NewTopic.of("u", 1, 2))).isEqualTo(Errors.NONE);
    }

    @Test
    void unknownOrInvalidConfigIsInvalidConfig() {
        assertThat(createError(NewTopic.of("a", 1, 1).withConfigs(Map.of("no.such.config", "1"))))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(createError(NewTopic.of("b", 1, 1).withConfigs(Map.of("retention.ms", "soon"))))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(createError(NewTopic.of("c", 1, 1).withConfigs(Map.of("cleanup.policy", "shred"))))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(createError(NewTopic.of("d", 1, 1).withConfigs(Map.of("cleanup.policy", "compact,delete"))))
                .isEqualTo(Errors.NONE);
        assertThat(h.image.configs(ConfigResource.topic("d"))).containsEntry("cleanup.policy", "compact,delete");
        assertThat(h.image.topic("a")).isNull();
    }

    @Test
    void eachTopicOfARequestSucceedsOrFailsOnItsOwnAndDuplicatesAreInvalidRequest() {
        Map<String, CreateTopics.TopicResult> r = h.run(new CreateTopics(List.of(
                NewTopic.of("good", 1, 1), NewTopic.of("bad!", 1, 1),
                NewTopic.of("twice", 1, 1), NewTopic.of("twice", 1, 1)), false));
        assertThat(r.get("good").error().error()).isEqualTo(Errors.NONE);
        assertThat(r.get("bad!").error().error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(r.get("twice").error().error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(h.image.topics().keySet()).containsExactly("good");
    }

    @Test
    void validateOnlyChecksButCreatesNothing() {
        var r = h.run(new CreateTopics(List.of(NewTopic.of("t", 4, 3)), true)).get("t");
        assertThat(r.error()).isEqualTo(ApiError.NONE);
        assertThat(r.numPartitions()).isEqualTo(4);
        assertThat(h.image.topics()).isEmpty();
    }

    @Test
    void manualAssignmentIsUsedAndMustNameActiveDistinctBrokers() {
        NewTopic manual = new NewTopic("m", -1, (short) -1, Map.of(0, List.of(3, 1), 1, List.of(2, 3)), Map.of());
        assertThat(createError(manual)).isEqualTo(Errors.NONE);
        assertThat(h.partition("m", 0).replicas()).containsExactly(3, 1);
        assertThat(h.partition("m", 0).leader()).isEqualTo(3);

        NewTopic dup = new NewTopic("d", -1, (short) -1, Map.of(0, List.of(1, 1)), Map.of());
        assertThat(createError(dup)).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        NewTopic unknown = new NewTopic("u", -1, (short) -1, Map.of(0, List.of(1, 9)), Map.of());
        assertThat(createError(unknown)).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        NewTopic both = new NewTopic("b", 1, (short) -1, Map.of(0, List.of(1)), Map.of());
        assertThat(createError(both)).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void deleteRemovesTopicAndItsConfigsAndUnknownNamesAndIdsAreReported() {
        h.createTopic(NewTopic.of("t", 2, 2).withConfigs(Map.of("retention.ms", "1000")));
        UUID missing = new UUID(5, 5);
        var r = h.run(new DeleteTopics(List.of("t", "nope"), List.of(missing)));
        assertThat(r.byName().get("t")).isEqualTo(ApiError.NONE);
        assertThat(r.byName().get("nope").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(r.byId().get(missing).error()).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        assertThat(h.image.topic("t")).isNull();
        assertThat(h.image.configs(ConfigResource.topic("t"))).isEmpty();
        assertThat(createError(NewTopic.of("t", 1, 1))).isEqualTo(Errors.NONE);
    }

    @Test
    void createPartitionsGrowsATopicAndRefusesShrinkingOrStayingTheSame() {
        h.createTopic("t", 2, 2);
        var r = h.run(new CreatePartitions(List.of(new PartitionIncrease("t", 5, null),
                new PartitionIncrease("missing", 3, null)), false));
        assertThat(r.get("t")).isEqualTo(ApiError.NONE);
        assertThat(r.get("missing").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(h.topic("t").partitionCount()).isEqualTo(5);
        assertThat(h.partition("t", 4).replicas()).hasSize(2);

        var again = h.run(new CreatePartitions(List.of(new PartitionIncrease("t", 5, null)), false));
        assertThat(again.get("t").error()).isEqualTo(Errors.INVALID_PARTITIONS);
        var shrink = h.run(new CreatePartitions(List.of(new PartitionIncrease("t", 1, null)), false));
        assertThat(shrink.get("t").error()).isEqualTo(Errors.INVALID_PARTITIONS);
    }
}
