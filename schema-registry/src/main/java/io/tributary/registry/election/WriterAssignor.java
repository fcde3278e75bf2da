package io.tributary.registry.election;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Elects the registry's writer through the broker's group membership (a classic consumer group, as Confluent's
 * registry does): each instance joins with its URL, whether it may write, and whom it last knew as the writer; the
 * group's leader picks the writer — the previous one if it is still a member and eligible, else the eligible member
 * with the smallest member id — and tells every member in its assignment. The writer is also assigned the store's
 * partition, so {@code kafka-consumer-groups --describe} shows which instance it is.
 *
 * <p>Subscription user data: {@code {"url":U,"eligible":B,"writer":W-or-null}}; assignment user data:
 * {@code {"writerMemberId":M,"writerUrl":U}} (both null when no member is eligible).
 */
public final class WriterAssignor implements ConsumerPartitionAssignor, Configurable {

    /** Consumer config key under which {@link WriterElection} hands itself to its assignor. */
    static final String ELECTION_CONFIG = "tributary.registry.election";
    static final String NAME = "tributary-registry-writer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WriterElection election;

    @Override
    public void configure(Map<String, ?> configs) {
        election = (WriterElection) configs.get(ELECTION_CONFIG);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        Map<String, Object> me = new HashMap<>();
        me.put("url", election.url());
        me.put("eligible", election.eligible());
        me.put("writer", election.current().map(Writer::url).orElse(null));
        return bytes(me);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, JsonNode> members = new TreeMap<>();   // sorted by member id: the tie-break
        group.groupSubscription().forEach((memberId, subscription) -> members.put(memberId,
                read(subscription.userData())));
        String chosen = null;
        // Keep the writer every member agrees on if it is still here: a new member joining moves nothing.
        for (Map.Entry<String, JsonNode> m : members.entrySet()) {
            JsonNode self = m.getValue();
            if (self.path("eligible").asBoolean(false) && agreedWriter(members).equals(self.path("url").asText())) {
                chosen = m.getKey();
            }
        }
        if (chosen == null) {
            for (Map.Entry<String, JsonNode> m : members.entrySet()) {
                if (m.getValue().path("eligible").asBoolean(false)) {
                    chosen = m.getKey();
                    break;
                }
            }
        }
        Map<String, Object> told = new HashMap<>();
        told.put("writerMemberId", chosen);
        told.put("writerUrl", chosen == null ? null : members.get(chosen).path("url").asText());
        Map<String, Assignment> out = new HashMap<>();
        for (Map.Entry<String, Subscription> m : group.groupSubscription().entrySet()) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (m.getKey().equals(chosen)) {
                for (String topic : m.getValue().topics()) {
                    partitions.add(new TopicPartition(topic, 0));
                }
            }
            out.put(m.getKey(), new Assignment(partitions, bytes(told)));
        }
        return new GroupAssignment(out);
    }

    /** The writer URL the most members name ("" if none). */
    private static String agreedWriter(Map<String, JsonNode> members) {
        Map<String, Integer> votes = new HashMap<>();
        for (JsonNode m : members.values()) {
            if (m.hasNonNull("writer")) {
                votes.merge(m.get("writer").asText(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        JsonNode told = read(assignment.userData());
        String memberId = told.path("writerMemberId").asText(null);
        String url = told.path("writerUrl").asText(null);
        election.elected(memberId == null ? null : new Writer(memberId, url),
                metadata != null && memberId != null && memberId.equals(metadata.memberId()));
    }

    private static ByteBuffer bytes(Map<String, Object> value) {
        try {
            return ByteBuffer.wrap(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(ByteBuffer data) {
        if (data == null || !data.hasRemaining()) {
            return JSON.createObjectNode();
        }
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        try {
            return JSON.readTree(new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
