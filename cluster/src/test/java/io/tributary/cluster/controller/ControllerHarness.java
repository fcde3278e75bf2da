package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataBatch;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicImage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@link ControllerLogic} the way the quorum does, without a network: each command's records go
 * through the batch codec and are replayed into the image; time is a number the test moves.
 */
final class ControllerHarness {

    final ControllerLogic logic;
    MetadataImage image = MetadataImage.EMPTY;
    long nowMs = 1_000_000;
    final Map<Integer, Long> epochs = new HashMap<>();
    private long offset;

    ControllerHarness(ControllerConfig config) {
        Random random = new Random(42);
        this.logic = new ControllerLogic(config, () -> new UUID(random.nextLong(), random.nextLong()));
        logic.activate(image, nowMs);
    }

    <R> R run(ControllerCommand<R> command) {
        ControllerResult<R> result = logic.handle(image, command, nowMs);
        commit(result);
        return result.response();
    }

    List<Integer> expireSessions() {
        ControllerResult<List<Integer>> result = logic.expireSessions(image, nowMs);
        commit(result);
        return result.response();
    }

    /** One run of the automatic leader balancing, committed. */
    Map<TopicPartition, ApiError> balanceLeaders() {
        ControllerResult<Map<TopicPartition, ApiError>> result = logic.balanceLeaders(image);
        commit(result);
        return result.response();
    }

    /** One run of the periodic unclean election, committed; the partitions that got a leader. */
    List<TopicPartition> electUncleanLeaders() {
        ControllerResult<List<TopicPartition>> result = logic.electUncleanLeaders(image);
        commit(result);
        return result.response();
    }

    private void commit(ControllerResult<?> result) {
        if (result.records().isEmpty()) {
            return;
        }
        byte[] bytes = new MetadataBatch(1, result.records()).encode();
        MetadataBatch batch = MetadataBatch.decode(ByteBuffer.wrap(bytes));
        image = new MetadataDelta(image).replayAll(batch.records()).apply(++offset);
    }

    void advance(long ms) {
        nowMs += ms;
    }

    /** Registers and unfences a broker. */
    long addBroker(int id, String rack) {
        RegisterBroker.Result r = run(new RegisterBroker(id, new UUID(7, id),
                List.of(new Endpoint("PLAINTEXT", "localhost", 9092 + id, (short) 0)), rack));
        assertThat(r.error().isSuccess()).as("register %s: %s", id, r.error()).isTrue();
        epochs.put(id, r.brokerEpoch());
        heartbeat(id);
        return r.brokerEpoch();
    }

    BrokerHeartbeat.Result heartbeat(int id) {
        return run(new BrokerHeartbeat(id, epochs.get(id), false, false));
    }

    void heartbeatAll(int... ids) {
        for (int id : ids) {
            heartbeat(id);
        }
    }

    CreateTopics.TopicResult createTopic(String name, int partitions, int rf) {
        return createTopic(NewTopic.of(name, partitions, rf));
    }

    CreateTopics.TopicResult createTopic(NewTopic topic) {
        return run(new CreateTopics(List.of(topic), false)).get(topic.name());
    }

    TopicImage topic(String name) {
        return image.topic(name);
    }

    PartitionRegistration partition(String topic, int p) {
        return image.topic(topic).partition(p);
    }
}
