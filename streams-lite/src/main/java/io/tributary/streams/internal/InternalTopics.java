package io.tributary.streams.internal;

import io.tributary.streams.StreamsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the application's internal topics before its threads start: repartition topics (as many partitions as
 * the sub-topology writing them has tasks; {@code cleanup.policy=delete}) and changelogs ({@code compact}, one
 * partition per task of the store's sub-topology). Source topics must exist already — a clear error otherwise, as
 * Kafka Streams' MissingSourceTopicException. Existing internal topics with the wrong partition count are an error
 * too (the state would be split differently than the tasks).
 */
public final class InternalTopics {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopics.class);

    private InternalTopics() {
    }

    public static void prepare(Admin admin, TopologyPlan plan, int replicationFactor) {
        try {
            plan.matchPatterns(admin.listTopics().names().get());
            Map<String, Integer> counts = new HashMap<>(describe(admin, plan.sourceTopics()));
            Set<String> missing = new HashSet<>(plan.sourceTopics());
            missing.removeAll(counts.keySet());
            missing.removeAll(plan.repartitionTopics());
            if (!missing.isEmpty()) {
                throw new StreamsException("source topics " + missing + " do not exist: create them first");
            }
            Map<String, Integer> repartition = plan.repartitionPartitionCounts(t -> counts.get(t) != null
                    && !plan.repartitionTopics().contains(t) ? counts.get(t) : null);
            counts.putAll(repartition);
            plan.validateCopartitioning(counts::get);
            List<NewTopic> wanted = new ArrayList<>();
            Optional<Short> rf = replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
            repartition.forEach((topic, partitions) -> wanted.add(new NewTopic(topic, Optional.of(partitions), rf)
                    .configs(Map.of("cleanup.policy", "delete"))));
            for (TopologyPlan.Subtopology s : plan.subtopologies()) {
                int tasks = plan.taskCount(s.id(), counts::get);
                for (String store : s.stores()) {
                    var spec = plan.topology().stores().get(store);
                    if (spec.logged()) {
                        Map<String, String> configs = new HashMap<>(Map.of("cleanup.policy", "compact"));
                        configs.putAll(spec.changelogConfigs());
                        wanted.add(new NewTopic(plan.changelogTopic(store), Optional.of(tasks), rf).configs(configs));
                    }
                }
            }
            create(admin, wanted);
        } catch (ExecutionException e) {
            throw new StreamsException("cannot prepare the internal topics: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsException("interrupted while preparing the internal topics");
        }
    }

    private static Map<String, Integer> describe(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException {
        Set<String> existing = new HashSet<>(admin.listTopics().names().get());
        existing.retainAll(topics);
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, TopicDescription> e : admin.describeTopics(existing).allTopicNames().get()
                .entrySet()) {
            counts.put(e.getKey(), e.getValue().partitions().size());
        }
        return counts;
    }

    private static void create(Admin admin, List<NewTopic> wanted) throws InterruptedException, ExecutionException {
        Set<String> names = new HashSet<>();
        wanted.forEach(t -> names.add(t.name()));
        Map<String, Integer> existing = describe(admin, names);
        List<NewTopic> toCreate = new ArrayList<>();
        for (NewTopic t : wanted) {
            Integer count = existing.get(t.name());
            if (count == null) {
                toCreate.add(t);
            } else if (count != t.numPartitions()) {
                throw new StreamsException("internal topic " + t.name() + " has " + count + " partitions, but the "
                        + "topology needs " + t.numPartitions() + " (delete it, or reset the application)");
            }
        }
        for (var e : admin.createTopics(toCreate).values().entrySet()) {
            try {
                e.getValue().get();
                LOG.info("created internal topic {}", e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
    }
}
