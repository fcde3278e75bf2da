package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/** What a distributed Connect worker's three internal topics must be on the broker. */
final class InternalTopics {

    private InternalTopics() {
    }

    /**
     * Asserts that {@code <prefix>-configs} has one partition, {@code -offsets} and {@code -status} the given counts,
     * and all three are compacted; their configs by topic name.
     */
    static Map<String, Config> assertCompacted(Admin admin, String prefix, int offsetPartitions,
            int statusPartitions) throws Exception {
        String configsTopic = prefix + "-configs";
        String offsetsTopic = prefix + "-offsets";
        String statusTopic = prefix + "-status";
        List<String> names = List.of(configsTopic, offsetsTopic, statusTopic);
        Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
        assertThat(topics.get(configsTopic).partitions()).as("the config topic has one partition").hasSize(1);
        assertThat(topics.get(offsetsTopic).partitions()).as("offset.storage.partitions").hasSize(offsetPartitions);
        assertThat(topics.get(statusTopic).partitions()).as("status.storage.partitions").hasSize(statusPartitions);
        List<ConfigResource> resources = names.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        Map<String, Config> byName = new TreeMap<>();
        for (ConfigResource r : resources) {
            assertThat(configs.get(r).get("cleanup.policy").value()).as(r.name() + " cleanup.policy")
                    .isEqualTo("compact");
            byName.put(r.name(), configs.get(r));
        }
        return byName;
    }
}
