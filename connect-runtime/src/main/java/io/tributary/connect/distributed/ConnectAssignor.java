package io.tributary.connect.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Carries the Connect group's protocol inside a classic consumer group: each worker joins with its URL and what it
 * runs (subscription user data), the group's leader plans with {@link WorkerGroup.Planner} and hands every worker
 * its {@link Assignment} (assignment user data). The group only elects and distributes: the one partition assigned
 * (the config topic's, to the leader) is never read through it. Its members show in {@code kafka-consumer-groups --describe} under the worker group's id.
 */
public final class ConnectAssignor implements ConsumerPartitionAssignor, Configurable {

    static final String GROUP_CONFIG = "tributary.connect.group";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerGroup group;

    @Override
    public void configure(Map<String, ?> configs) {
        group = (WorkerGroup) configs.get(GROUP_CONFIG);
    }

    @Override
    public String name() {
        return "tributary-connect";
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        Map<String, Object> me = new HashMap<>();
        me.put("url", group.url());
        me.put("connectors", group.runningConnectors());
        me.put("tasks", group.runningTasks());
        return bytes(me);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription subscriptions) {
        Map<String, Member> members = new HashMap<>();
        subscriptions.groupSubscription().forEach((id, s) -> {
            JsonNode n = read(s.userData());
            members.put(id, new Member(id, n.path("url").asText(), strings(n.path("connectors")),
                    strings(n.path("tasks"))));
        });
        // This runs on the leader; the consumer's own member id is not updated until the join completes, so the
        // leader finds itself among the members by its URL.
        String leaderId = members.values().stream().filter(m -> m.url().equals(group.url())).map(Member::memberId)
                .findFirst().orElse(null);
        Map<String, io.tributary.connect.distributed.Assignment> plan = group.planner().plan(members, leaderId);
        Map<String, ConsumerPartitionAssignor.Assignment> result = new HashMap<>();
        // The leader also gets the config topic's partition (only so that no subscribed topic is left unassigned,
        // which kafka-clients warns about at every rebalance, and kafka-consumer-groups shows who leads).
        plan.forEach((id, a) -> {
            List<TopicPartition> partitions = new ArrayList<>();
            if (id.equals(leaderId)) {
                subscriptions.groupSubscription().get(id).topics().forEach(t -> partitions.add(new TopicPartition(t, 0)));
            }
            result.put(id, new ConsumerPartitionAssignor.Assignment(partitions, bytes(a)));
        });
        return new GroupAssignment(result);
    }

    @Override
    public void onAssignment(ConsumerPartitionAssignor.Assignment assignment, ConsumerGroupMetadata metadata) {
        JsonNode n = read(assignment.userData());
        group.assigned(new io.tributary.connect.distributed.Assignment(n.path("leaderId").asText(null), n.path("leaderUrl").asText(null),
                n.path("configOffset").asLong(-1), strings(n.path("connectors")), strings(n.path("tasks"))),
                metadata == null ? -1 : metadata.generationId());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static ByteBuffer bytes(Object value) {
        try {
            return ByteBuffer.wrap(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(ByteBuffer b) {
        if (b == null || !b.hasRemaining()) {
            return JSON.createObjectNode();
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
