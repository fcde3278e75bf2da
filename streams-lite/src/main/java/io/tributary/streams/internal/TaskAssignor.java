package io.tributary.streams.internal;

import io.tributary.streams.processor.TaskId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The group's assignor: assigns whole tasks, so that partition {@code p} of every source topic of a
 * sub-topology (a join's two sides, a merge) lands on the same member — co-partitioning — and a task's store
 * lives in one place. Sticky: each member reports the tasks it owns or holds local state for, and keeps them while
 * it is under its fair share ({@code ceil(tasks / members)}); the rest go to the least loaded member. Eager
 * protocol: every member gives up its partitions before a rebalance.
 *
 * <p>Subscription user data: UTF-8 text, the task ids the member prefers, space-separated (e.g. {@code 0_1 1_1}).
 */
public final class TaskAssignor implements ConsumerPartitionAssignor, Configurable {

    /** The consumer config key under which a stream thread hands the assignor its {@link Context}. */
    public static final String CONTEXT_CONFIG = "tributary.streams.assignor.context";

    /** What the assignor needs from its stream thread. */
    public record Context(TopologyPlan plan, Supplier<Set<TaskId>> preferredTasks) {
    }

    private Context context;

    @Override
    public void configure(Map<String, ?> configs) {
        Object c = configs.get(CONTEXT_CONFIG);
        if (!(c instanceof Context)) {
            throw new IllegalStateException("the streams assignor runs only inside a streams-lite application");
        }
        this.context = (Context) c;
    }

    @Override
    public String name() {
        return "tributary-streams";
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        StringBuilder text = new StringBuilder();
        for (TaskId id : context.preferredTasks().get()) {
            text.append(text.length() == 0 ? "" : " ").append(id);
        }
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = new TreeMap<>(groupSubscription.groupSubscription());
        List<TaskId> tasks = context.plan().tasks(metadata::partitionCountForTopic);
        tasks.sort(Comparator.comparingInt(TaskId::partition).thenComparingInt(TaskId::subtopology));
        Map<String, List<TaskId>> owned = assignTasks(tasks, members);
        Map<String, Assignment> assignments = new HashMap<>();
        for (Map.Entry<String, List<TaskId>> e : owned.entrySet()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TaskId task : e.getValue()) {
                for (String topic : context.plan().subtopology(task.subtopology()).sourceTopics()) {
                    Integer count = metadata.partitionCountForTopic(topic);
                    if (count != null && task.partition() < count) {
                        partitions.add(new TopicPartition(topic, task.partition()));
                    }
                }
            }
            assignments.put(e.getKey(), new Assignment(partitions));
        }
        return new GroupAssignment(assignments);
    }

    /** Sticky, balanced task placement: a pure function of the tasks and the members' preferences. */
    static Map<String, List<TaskId>> assignTasks(List<TaskId> tasks, Map<String, Subscription> members) {
        Map<String, List<TaskId>> owned = new TreeMap<>();
        members.keySet().forEach(m -> owned.put(m, new ArrayList<>()));
        if (members.isEmpty()) {
            return owned;
        }
        int fairShare = (tasks.size() + members.size() - 1) / members.size();
        Set<TaskId> unassigned = new LinkedHashSet<>(tasks);
        for (Map.Entry<String, Subscription> m : members.entrySet()) {
            for (TaskId preferred : preferences(m.getValue())) {
                if (owned.get(m.getKey()).size() < fairShare && unassigned.remove(preferred)) {
                    owned.get(m.getKey()).add(preferred);
                }
            }
        }
        for (TaskId task : unassigned) {
            String leastLoaded = null;
            for (Map.Entry<String, List<TaskId>> o : owned.entrySet()) {
                if (leastLoaded == null || o.getValue().size() < owned.get(leastLoaded).size()) {
                    leastLoaded = o.getKey();
                }
            }
            owned.get(leastLoaded).add(task);
        }
        return owned;
    }

    private static List<TaskId> preferences(Subscription subscription) {
        List<TaskId> ids = new ArrayList<>();
        ByteBuffer data = subscription.userData();
        if (data == null || !data.hasRemaining()) {
            return ids;
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        for (String id : new String(bytes, StandardCharsets.UTF_8).split(" ")) {
            try {
                ids.add(TaskId.parse(id));
            } catch (IllegalArgumentException e) {
                // An older or foreign member's data: no preference.
            }
        }
        return ids;
    }
}
