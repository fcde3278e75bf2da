package io.tributary.connect.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * KIP-158: a source connector whose config has {@code topic.creation.default.replication.factor} and
 * {@code .partitions} gets each topic it writes to created with them (other {@code topic.creation.default.*} keys
 * become topic configs) before its first record is sent. Without them the broker's auto-creation applies.
 */
final class TopicCreator {

    private static final Logger LOG = Logger.getLogger(TopicCreator.class.getName());
    static final String PREFIX = "topic.creation.default.";

    private final Admin admin;
    private final short replicationFactor;
    private final int partitions;
    private final Map<String, String> topicConfigs = new HashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private TopicCreator(Admin admin, short replicationFactor, int partitions, Map<String, String> settings) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.partitions = partitions;
        settings.forEach((k, v) -> {
            if (!k.equals("replication.factor") && !k.equals("partitions") && !k.equals("include")
                    && !k.equals("exclude")) {
                topicConfigs.put(k, v);
            }
        });
    }

    /** The creator this config asks for, or null when it asks for none. */
    static TopicCreator of(ConnectorConfig config, Admin admin) {
        Map<String, String> settings = config.withPrefix(PREFIX);
        if (!settings.containsKey("replication.factor") || !settings.containsKey("partitions")) {
            return null;
        }
        return new TopicCreator(admin, Short.parseShort(settings.get("replication.factor").trim()),
                Integer.parseInt(settings.get("partitions").trim()), settings);
    }

    void ensure(String topic) {
        if (known.contains(topic)) {
            return;
        }
        NewTopic t = new NewTopic(topic, partitions == -1 ? java.util.Optional.empty() : java.util.Optional.of(partitions),
                replicationFactor == -1 ? java.util.Optional.empty() : java.util.Optional.of(replicationFactor))
                .configs(topicConfigs);
        try {
            admin.createTopics(List.of(t)).all().get();
            LOG.info("Created topic " + topic + " (" + partitions + " partitions, replication factor "
                    + replicationFactor + ")");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not create topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating topic " + topic);
        }
        known.add(topic);
    }
}
