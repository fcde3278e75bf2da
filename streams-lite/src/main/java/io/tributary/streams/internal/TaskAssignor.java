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
 * lives in one place. Sticky and balanced per sub-topology (see {@link #assignTasks}). Eager protocol: every member
 * gives up its partitions before a rebalance.
 *
 * <p>Subscription user data: UTF-8 text, the ids of the tasks the member owns, space-separated, a {@code |}, then
 * those it has local state for (e.g. {@code 0_1 1_1|1_3}).
 */
public final class TaskAssignor implements ConsumerPartitionAssignor, Configurable {

    /** The consumer config key under which a stream thread hands the assignor its {@link Context}. */
    public static final String CONTEXT_CONFIG = "tributary.streams.assignor.context";

    /** What the assignor needs from its stream thread: the tasks it owns now, and those with state on disk. */
    public record Context(TopologyPlan plan, Supplier<Set<TaskId>> ownedTasks, Supplier<Set<TaskId>> tasksWithState) {
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
        Set<TaskId> withState = new LinkedHashSet<>(context.tasksWithState().get());
        Set<TaskId> owned = context.ownedTasks().get();
        withState.removeAll(owned);
        String text = new Preferences(List.copyOf(owned), List.copyOf(withState)).encode();
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
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

    /**
     * Sticky, balanced task placement, a pure function of the tasks and the members' preferences: for each
     * sub-topology in turn (so stateful tasks spread as evenly as stateless ones), tasks go first to the member
     * that owns them now, then to a member with their state on disk, each while under its fair share of that
     * sub-topology ({@code ceil(tasks / members)}); the rest to the member with the fewest of that sub-topology's
     * tasks, then the fewest tasks overall.
     */
    static Map<String, List<TaskId>> assignTasks(List<TaskId> tasks, Map<String, Subscription> members) {
        Map<String, List<TaskId>> owned = new TreeMap<>();
        members.keySet().forEach(m -> owned.put(m, new ArrayList<>()));
        if (members.isEmpty()) {
            return owned;
        }
        Map<String, Preferences> preferences = new TreeMap<>();
        members.forEach((m, subscription) -> preferences.put(m, Preferences.decode(subscription.userData())));
        Map<Integer, List<TaskId>> bySubtopology = new TreeMap<>();
        tasks.forEach(t -> bySubtopology.computeIfAbsent(t.subtopology(), s -> new ArrayList<>()).add(t));
        for (List<TaskId> group : bySubtopology.values()) {
            int fairShare = (group.size() + members.size() - 1) / members.size();
            Map<String, Integer> here = new HashMap<>();
            members.keySet().forEach(m -> here.put(m, 0));
            Set<TaskId> unassigned = new LinkedHashSet<>(group);
            for (boolean current : new boolean[] {true, false}) {
                for (Map.Entry<String, Preferences> p : preferences.entrySet()) {
                    for (TaskId task : current ? p.getValue().owned() : p.getValue().withState()) {
                        if (here.get(p.getKey()) < fairShare && unassigned.remove(task)) {
                            owned.get(p.getKey()).add(task);
                            here.merge(p.getKey(), 1, Integer::sum);
                        }
                    }
                }
            }
            for (TaskId task : unassigned) {
                String target = null;
                for (String m : owned.keySet()) {
                    if (target == null || here.get(m) < here.get(target)
                            || here.get(m).equals(here.get(target)) && owned.get(m).size() < owned.get(target).size()) {
                        target = m;
                    }
                }
                owned.get(target).add(task);
                here.merge(target, 1, Integer::sum);
            }
        }
        return owned;
    }

    /** What a member asks for: the tasks it runs now, then those it has state for. */
    record Preferences(List<TaskId> owned, List<TaskId> withState) {

        /** {@code <owned ids, space-separated>|<ids with state>}; anything unreadable: no preference. */
        static Preferences decode(ByteBuffer data) {
            if (data == null || !data.hasRemaining()) {
                return new Preferences(List.of(), List.of());
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\\|", -1);
            return new Preferences(ids(parts[0]), parts.length > 1 ? ids(parts[1]) : List.of());
        }

        String encode() {
            return join(owned) + "|" + join(withState);
        }

        private static List<TaskId> ids(String text) {
            List<TaskId> ids = new ArrayList<>();
            for (String id : text.trim().split(" ")) {
                try {
                    if (!id.isEmpty()) {
                        ids.add(TaskId.parse(id));
                    }
                } catch (IllegalArgumentException e) {
                    // an older or foreign member's data: no preference
                }
            }
            return ids;
        }

        private static String join(List<TaskId> ids) {
            StringBuilder s = new StringBuilder();
            ids.forEach(id -> s.append(s.length() == 0 ? "" : " ").append(id));
            return s.toString();
        }
    }
}
