package io.tributary.streams.internal;

import io.tributary.streams.Topology;
import io.tributary.streams.processor.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * A topology cut into sub-topologies for one application id: each connected group of nodes (joined by parent
 * edges and by shared stores) is a sub-topology, numbered in the order its first node was added. A repartition
 * topic is written by one sub-topology and read by another, which is what cuts them apart. Task {@code s_p} runs
 * sub-topology {@code s} over partition {@code p} of each of its source topics.
 */
public final class TopologyPlan {

    /** One sub-topology: its nodes (in topology order), the topics it reads and the stores it owns. */
    public record Subtopology(int id, List<String> nodes, Set<String> sourceTopics, List<Pattern> sourcePatterns,
            Set<String> stores) {
    }

    private final Topology topology;
    private final String applicationId;
    private final List<Subtopology> subtopologies;
    private final Map<String, Integer> subtopologyOfTopic = new HashMap<>();
    /** Repartition topic (resolved) → the sub-topologies that write it. */
    private final Map<String, Set<Integer>> repartitionWriters = new LinkedHashMap<>();

    public TopologyPlan(Topology topology, String applicationId) {
        this.topology = topology;
        this.applicationId = applicationId;
        this.subtopologies = cut(topology);
        for (Subtopology s : subtopologies) {
            for (String topic : s.sourceTopics()) {
                Integer before = subtopologyOfTopic.put(topic, s.id());
                if (before != null && before != s.id()) {
                    throw new IllegalArgumentException("topic " + topic + " is read by two sub-topologies ("
                            + before + " and " + s.id() + "); read it once and branch the stream instead");
                }
            }
            for (String name : s.nodes()) {
                if (topology.nodes().get(name) instanceof NodeSpec.Sink sink && sink.internal()
                        && sink.topic() instanceof TopicChooser.Fixed fixed) {
                    repartitionWriters.computeIfAbsent(resolve(fixed.name(), true), t -> new TreeSet<>())
                            .add(s.id());
                }
            }
        }
    }

    public Topology topology() {
        return topology;
    }

    public String applicationId() {
        return applicationId;
    }

    public List<Subtopology> subtopologies() {
        return subtopologies;
    }

    /** A topic name as the broker knows it: internal names get the application id in front. */
    public String resolve(String topic, boolean internal) {
        return internal ? applicationId + "-" + topic : topic;
    }

    public String changelogTopic(String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** Every topic a source names (internal ones resolved); patterns are matched by {@link #matchPatterns}. */
    public Set<String> sourceTopics() {
        return subtopologyOfTopic.keySet();
    }

    /** The repartition topics this application writes and reads. */
    public Set<String> repartitionTopics() {
        return repartitionWriters.keySet();
    }

    /** Adds the topics that pattern sources match, from the broker's topic list at start. */
    public void matchPatterns(Collection<String> existingTopics) {
        for (Subtopology s : subtopologies) {
            for (Pattern p : s.sourcePatterns()) {
                for (String topic : existingTopics) {
                    if (p.matcher(topic).matches() && !subtopologyOfTopic.containsKey(topic)) {
                        subtopologyOfTopic.put(topic, s.id());
                        s.sourceTopics().add(topic);
                    }
                }
            }
        }
    }

    public Subtopology subtopology(int id) {
        return subtopologies.get(id);
    }

    public TaskId taskOf(TopicPartition partition) {
        Integer s = subtopologyOfTopic.get(partition.topic());
        if (s == null) {
            throw new IllegalArgumentException("no sub-topology reads " + partition.topic());
        }
        return new TaskId(s, partition.partition());
    }

    /**
     * Partition counts of the repartition topics: each has as many partitions as the sub-topology that writes it
     * has tasks, which is the largest partition count among that sub-topology's source topics; one that is joined
     * takes instead the largest count among the user topics of its co-partition group, so that the join's sides
     * match.
     * {@code known} gives the counts of existing topics (null when the topic does not exist).
     */
    public Map<String, Integer> repartitionPartitionCounts(Function<String, Integer> known) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, Set<Integer>> e : repartitionWriters.entrySet()) {
                if (counts.containsKey(e.getKey())) {
                    continue;
                }
                Integer joined = copartitionedCount(e.getKey(), known);
                if (joined != null) {
                    // A repartition topic feeding a join takes the partition count of the topics it is joined with.
                    counts.put(e.getKey(), joined);
                    changed = true;
                    continue;
                }
                int max = 0;
                boolean complete = true;
                for (int writer : e.getValue()) {
                    Integer tasks = taskCount(writer, t -> counts.containsKey(t) ? counts.get(t) : known.apply(t));
                    if (tasks == null) {
                        complete = false;
                    } else {
                        max = Math.max(max, tasks);
                    }
                }
                if (complete) {
                    counts.put(e.getKey(), max);
                    changed = true;
                }
            }
        }
        if (counts.size() < repartitionWriters.size()) {
            throw new IllegalStateException("cannot size repartition topics " + repartitionWriters.keySet()
                    + ": a source topic is missing or they feed each other in a cycle");
        }
        return counts;
    }

    /** The number of tasks of a sub-topology: its largest source partition count (null if a count is unknown). */
    public Integer taskCount(int subtopology, Function<String, Integer> partitionCount) {
        int max = 0;
        for (String topic : subtopology(subtopology).sourceTopics()) {
            Integer count = partitionCount.apply(topic);
            if (count == null) {
                return null;
            }
            max = Math.max(max, count);
        }
        return max;
    }

    /** Every task, given every source topic's partition count. */
    public List<TaskId> tasks(Function<String, Integer> partitionCount) {
        List<TaskId> tasks = new ArrayList<>();
        for (Subtopology s : subtopologies) {
            Integer count = taskCount(s.id(), partitionCount);
            for (int p = 0; count != null && p < count; p++) {
                tasks.add(new TaskId(s.id(), p));
            }
        }
        return tasks;
    }

    /**
     * The groups of source topics that must be co-partitioned: for each join processor (marked by
     * {@link CopartitionedSupplier}), the topics feeding it and those feeding the other processors connected to
     * the stores it reads. Internal topics are resolved; pattern sources are left out (unknown until start).
     */
    public List<Set<String>> copartitionGroups() {
        List<Set<String>> groups = new ArrayList<>();
        for (NodeSpec node : topology.nodes().values()) {
            if (!(node instanceof NodeSpec.Processor join) || !(join.supplier() instanceof CopartitionedSupplier)) {
                continue;
            }
            Set<String> topics = new TreeSet<>();
            upstreamTopics(join.name(), topics, new HashSet<>());
            for (NodeSpec other : topology.nodes().values()) {
                if (other instanceof NodeSpec.Processor p && !p.name().equals(join.name())
                        && p.stores().stream().anyMatch(join.stores()::contains)) {
                    upstreamTopics(p.name(), topics, new HashSet<>());
                }
            }
            if (topics.size() > 1 && !groups.contains(topics)) {
                groups.add(topics);
            }
        }
        return groups;
    }

    /**
     * Fails when two topics of a co-partition group have different partition counts: task {@code p} would join
     * partition {@code p} of one with a partition {@code p} of the other that holds other keys, or none.
     * {@code partitionCount} gives each topic's count (repartition topics included); unknown (null) counts pass.
     * For the runtime to call once it knows the counts, before creating tasks.
     */
    public void validateCopartitioning(Function<String, Integer> partitionCount) {
        for (Set<String> group : copartitionGroups()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String topic : group) {
                Integer count = partitionCount.apply(topic);
                if (count != null) {
                    counts.put(topic, count);
                }
            }
            if (counts.values().stream().distinct().count() > 1) {
                throw new IllegalStateException("topics joined with each other must be co-partitioned (the same "
                        + "number of partitions, keys partitioned alike), but the partition counts are " + counts
                        + "; repartition one side (e.g. selectKey then join) or recreate the topics");
            }
        }
    }

    /** The largest known count of the non-repartition topics co-partitioned with {@code topic}; null if none. */
    private Integer copartitionedCount(String topic, Function<String, Integer> known) {
        Integer max = null;
        for (Set<String> group : copartitionGroups()) {
            if (!group.contains(topic)) {
                continue;
            }
            for (String other : group) {
                Integer count = repartitionWriters.containsKey(other) ? null : known.apply(other);
                if (count != null && (max == null || count > max)) {
                    max = count;
                }
            }
        }
        return max;
    }

    private void upstreamTopics(String name, Set<String> topics, Set<String> seen) {
        if (!seen.add(name)) {
            return;
        }
        NodeSpec node = topology.nodes().get(name);
        if (node instanceof NodeSpec.Source s) {
            s.topics().forEach(t -> topics.add(resolve(t, s.internal())));
        }
        for (String parent : node.parents()) {
            upstreamTopics(parent, topics, seen);
        }
    }

    private List<Subtopology> cut(Topology topology) {
        Map<String, String> parent = new HashMap<>();
        for (NodeSpec node : topology.nodes().values()) {
            parent.put(node.name(), node.name());
            for (String p : node.parents()) {
                union(parent, node.name(), p);
            }
        }
        Map<String, String> storeOwner = new HashMap<>();
        for (NodeSpec node : topology.nodes().values()) {
            if (node instanceof NodeSpec.Processor p) {
                for (String store : p.stores()) {
                    String first = storeOwner.putIfAbsent(store, node.name());
                    if (first != null) {
                        union(parent, first, node.name());
                    }
                }
            }
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (NodeSpec node : topology.nodes().values()) {
            groups.computeIfAbsent(find(parent, node.name()), r -> new ArrayList<>()).add(node.name());
        }
        List<Subtopology> result = new ArrayList<>();
        for (List<String> nodes : groups.values()) {
            Set<String> topics = new LinkedHashSet<>();
            List<Pattern> patterns = new ArrayList<>();
            Set<String> stores = new LinkedHashSet<>();
            for (String name : nodes) {
                NodeSpec node = topology.nodes().get(name);
                if (node instanceof NodeSpec.Source s) {
                    s.topics().forEach(t -> topics.add(resolve(t, s.internal())));
                    if (s.pattern() != null) {
                        patterns.add(s.pattern());
                    }
                } else if (node instanceof NodeSpec.Processor p) {
                    stores.addAll(p.stores());
                }
            }
            result.add(new Subtopology(result.size(), List.copyOf(nodes), topics, List.copyOf(patterns),
                    Collections.unmodifiableSet(stores)));
        }
        return List.copyOf(result);
    }

    private static String find(Map<String, String> parent, String x) {
        String root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }
}
