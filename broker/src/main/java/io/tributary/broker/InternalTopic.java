package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.TopicImage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A coordinator's internal topic ({@code __consumer_offsets}, {@code __transaction_state}): which partition a key
 * (group id, transactional id) belongs to — Kafka's rule, so a key lands where Kafka would put it — and the topic's
 * creation through the controller the first time a coordinator is looked up.
 */
public final class InternalTopic {

    private static final Logger LOG = Logger.getLogger(InternalTopic.class.getName());

    private final MetadataNode metadata;
    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final Map<String, String> configs;
    private final AtomicReference<CompletableFuture<?>> creating = new AtomicReference<>();
    /** When a creation was first held back for registered brokers still starting (0: never). */
    private volatile long heldSinceMs;
    private final Clock clock;

    /** How long a creation waits for registered but not yet active brokers before it settles for the active ones. */
    static final long WAIT_FOR_STARTING_BROKERS_MS = 10_000;

    /**
     * @param configs the topic configs it is created with (e.g. {@code cleanup.policy=compact})
     */
    public InternalTopic(MetadataNode metadata, String name, int partitions, short replicationFactor,
                         Map<String, String> configs) {
        this(metadata, name, partitions, replicationFactor, configs, Clock.systemUTC());
    }

    /** @param clock how long a creation has been waiting for starting brokers is measured with it */
    public InternalTopic(MetadataNode metadata, String name, int partitions, short replicationFactor,
                         Map<String, String> configs, Clock clock) {
        this.clock = clock;
        this.metadata = metadata;
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.configs = Map.copyOf(configs);
    }

    public String name() {
        return name;
    }

    /** Kafka's partition of a key: the absolute value (0 for MIN_VALUE) of its hash, mod the count. */
    public static int partitionFor(String key, int partitionCount) {
        int hash = key.hashCode();
        int abs = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
        return abs % partitionCount;
    }

    /** The key's partition of the topic as it exists now, or -1 while the topic does not exist. */
    public int partitionFor(String key) {
        TopicImage topic = image();
        return topic == null ? -1 : partitionFor(key, topic.partitionCount());
    }

    /** The topic as committed, or null if it does not exist yet. */
    public TopicImage image() {
        return metadata.image().topic(name);
    }

    /**
     * The replication factor to create the topic with: the configured one, or as many brokers as are active if there
     * are fewer (a single node works with Kafka's default of 3; Kafka would refuse until enough brokers run). While
     * more brokers are registered than active (a cluster still starting: they register fenced) it answers -1 — wait —
     * for up to {@link #WAIT_FOR_STARTING_BROKERS_MS}, so a starting cluster does not get its internal topics with one
     * replica for good.
     */
    private short replicas() {
        long active = metadata.image().brokers().values().stream().filter(b -> b.isActive()).count();
        if (active >= replicationFactor || active == 0) {
            return replicationFactor;
        }
        long registered = metadata.image().brokers().size();
        if (registered > active) {
            long now = clock.millis();
            if (heldSinceMs == 0) {
                heldSinceMs = now;
            }
            if (now - heldSinceMs < WAIT_FOR_STARTING_BROKERS_MS) {
                LOG.fine(() -> "not creating " + name + " yet: " + registered + " brokers registered, " + active
                        + " active");
                return -1;
            }
        }
        LOG.info("creating " + name + " with " + active + " replica(s): only " + active + " broker(s) are active (its"
                + " replication factor setting is " + replicationFactor + ")");
        return (short) active;
    }

    /**
     * Asks the controller to create the topic, unless a request is already on its way; the caller answers
     * COORDINATOR_NOT_AVAILABLE meanwhile and the client asks again.
     */
    public void create() {
        short replicas = replicas();
        if (replicas < 0) {
            return;   // registered brokers are still starting: the caller answers COORDINATOR_NOT_AVAILABLE meanwhile
        }
        CompletableFuture<?> mine = new CompletableFuture<>();
        if (!creating.compareAndSet(null, mine)) {
            return;
        }
        ControllerCommand.NewTopic topic = new ControllerCommand.NewTopic(name, partitions, replicas,
                Map.of(), configs);
        metadata.submit(new ControllerCommand.CreateTopics(List.of(topic), false)).whenComplete((r, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "could not create " + name + ": " + failure.getMessage());
            }
            creating.set(null);
            mine.complete(null);
        });
    }
}
