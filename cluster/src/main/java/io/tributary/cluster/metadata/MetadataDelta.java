package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Records replayed on top of a base image, and what they changed. {@link #replay} accepts records in log
 * order; {@link #apply} builds the next image. The delta is also what listeners receive: which brokers,
 * topics and partitions changed, and for one broker, {@link #localChanges which of its replicas} changed.
 *
 * <p>A record that cannot apply to the image (a partition of an unknown topic, a duplicate topic) throws
 * {@link IllegalStateException}; the caller then discards the whole delta. So does the removal of a SCRAM credential
 * that is not there (the controller checks that before it writes one). Records addressed to an older
 * registration of a broker (by broker epoch) are ignored, as Kafka does.
 */
public final class MetadataDelta {

    private final MetadataImage base;
    private TreeMap<Integer, BrokerRegistration> brokers;
    private final Set<Integer> changedBrokers = new LinkedHashSet<>();
    /** Topics created or changed in this delta, by id. */
    private final Map<UUID, TopicBuilder> changedTopics = new LinkedHashMap<>();
    /** Base-image topics removed by this delta, by id. */
    private final Map<UUID, TopicImage> deletedTopics = new LinkedHashMap<>();
    private TreeMap<ConfigResource, SortedMap<String, String>> configs;
    private long nextProducerId;
    private long lastBrokerEpoch;
    private final ScramImage.Builder scram;
    private final AclsDelta acls;
    private final ClientQuotasImage.Builder quotas;

    /** A topic being changed: its partitions as a mutable list, with the indexes touched. */
    private static final class TopicBuilder {
        final String name;
        final UUID id;
        final boolean created;
        final List<PartitionRegistration> partitions;
        final Set<Integer> changed = new LinkedHashSet<>();

        TopicBuilder(String name, UUID id, boolean created, List<PartitionRegistration> partitions) {
            this.name = name;
            this.id = id;
            this.created = created;
            this.partitions = new ArrayList<>(partitions);
        }
    }

    public MetadataDelta(MetadataImage base) {
        this.base = base;
        this.nextProducerId = base.nextProducerId();
        this.lastBrokerEpoch = base.lastBrokerEpoch();
        this.scram = new ScramImage.Builder(base.scram());
        this.acls = new AclsDelta(base.acls());
        this.quotas = new ClientQuotasImage.Builder(base.clientQuotas());
    }

    public MetadataImage base() {
        return base;
    }

    /** Replays every record, in order. */
    public MetadataDelta replayAll(Iterable<? extends MetadataRecord> records) {
        for (MetadataRecord r : records) {
            replay(r);
        }
        return this;
    }

    /** Replays one record. */
    public void replay(MetadataRecord record) {
        if (record instanceof RegisterBrokerRecord r) {
            mutableBrokers().put(r.brokerId(), new BrokerRegistration(r.brokerId(), r.incarnationId(),
                    r.brokerEpoch(), r.endpoints(), r.rack(), r.fenced(), false));
            lastBrokerEpoch = Math.max(lastBrokerEpoch, r.brokerEpoch());
            changedBrokers.add(r.brokerId());
        } else if (record instanceof BrokerChangeRecord r) {
            BrokerRegistration current = broker(r.brokerId());
            if (current != null && current.epoch() == r.brokerEpoch()) {
                mutableBrokers().put(r.brokerId(), current.withFencing(r.fenced(), r.inControlledShutdown()));
                changedBrokers.add(r.brokerId());
            }
        } else if (record instanceof UnregisterBrokerRecord r) {
            BrokerRegistration current = broker(r.brokerId());
            if (current != null && current.epoch() == r.brokerEpoch()) {
                mutableBrokers().remove(r.brokerId());
                changedBrokers.add(r.brokerId());
            }
        } else if (record instanceof TopicRecord r) {
            if (topicId(r.name()) != null || topicExists(r.topicId())) {
                throw new IllegalStateException("topic " + r.name() + " or id " + r.topicId() + " already exists");
            }
            changedTopics.put(r.topicId(), new TopicBuilder(r.name(), r.topicId(), true, List.of()));
        } else if (record instanceof PartitionRecord r) {
            TopicBuilder t = changedTopic(r.topicId());
            if (r.partitionId() == t.partitions.size()) {
                t.partitions.add(r.registration());
            } else if (r.partitionId() >= 0 && r.partitionId() < t.partitions.size()) {
                t.partitions.set(r.partitionId(), r.registration());
            } else {
                throw new IllegalStateException("partition " + r.partitionId() + " of " + t.name
                        + " is not the next one (" + t.partitions.size() + ")");
            }
            t.changed.add(r.partitionId());
        } else if (record instanceof PartitionChangeRecord r) {
            TopicBuilder t = changedTopic(r.topicId());
            if (r.partitionId() < 0 || r.partitionId() >= t.partitions.size()) {
                throw new IllegalStateException("no partition " + r.partitionId() + " in " + t.name);
            }
            t.partitions.set(r.partitionId(), t.partitions.get(r.partitionId()).apply(r));
            t.changed.add(r.partitionId());
        } else if (record instanceof RemoveTopicRecord r) {
            removeTopic(r.topicId());
        } else if (record instanceof ConfigRecord r) {
            TreeMap<ConfigResource, SortedMap<String, String>> all = mutableConfigs();
            TreeMap<String, String> values = new TreeMap<>(all.getOrDefault(r.resource(), Collections.emptySortedMap()));
            if (r.value() == null) {
                values.remove(r.key());
            } else {
                values.put(r.key(), r.value());
            }
            if (values.isEmpty()) {
                all.remove(r.resource());
            } else {
                all.put(r.resource(), Collections.unmodifiableSortedMap(values));
            }
        } else if (record instanceof ProducerIdsRecord r) {
            nextProducerId = r.nextProducerId();
        } else if (record instanceof UserScramCredentialRecord r) {
            scram.set(r.user(), r.mechanism(), r.credential());
        } else if (record instanceof RemoveUserScramCredentialRecord r) {
            scram.remove(r.user(), r.mechanism());
        } else if (record instanceof AccessControlEntryRecord || record instanceof RemoveAccessControlEntryRecord) {
            acls.replay(record);
        } else if (record instanceof ClientQuotaRecord r) {
            quotas.replay(r);
        } else {
            throw new IllegalStateException("unknown record " + record);
        }
    }

    private void removeTopic(UUID id) {
        TopicBuilder changed = changedTopics.remove(id);
        String name;
        if (changed != null) {
            name = changed.name;
            if (!changed.created) {
                deletedTopics.put(id, base.topic(id));
            }
        } else {
            TopicImage existing = base.topic(id);
            if (existing == null || deletedTopics.containsKey(id)) {
                throw new IllegalStateException("no topic with id " + id);
            }
            name = existing.name();
            deletedTopics.put(id, existing);
        }
        ConfigResource resource = ConfigResource.topic(name);
        if (configs != null || base.allConfigs().containsKey(resource)) {
            mutableConfigs().remove(resource);
        }
    }

    private BrokerRegistration broker(int id) {
        return brokers != null ? brokers.get(id) : base.broker(id);
    }

    private TreeMap<Integer, BrokerRegistration> mutableBrokers() {
        if (brokers == null) {
            brokers = new TreeMap<>(base.brokers());
        }
        return brokers;
    }

    private TreeMap<ConfigResource, SortedMap<String, String>> mutableConfigs() {
        if (configs == null) {
            configs = new TreeMap<>(MetadataImage::compareResources);
            configs.putAll(base.allConfigs());
        }
        return configs;
    }

    private boolean topicExists(UUID id) {
        return changedTopics.containsKey(id) || (base.topic(id) != null && !deletedTopics.containsKey(id));
    }

    private UUID topicId(String name) {
        for (TopicBuilder t : changedTopics.values()) {
            if (t.name.equals(name)) {
                return t.id;
            }
        }
        TopicImage existing = base.topic(name);
        return existing != null && !deletedTopics.containsKey(existing.id()) ? existing.id() : null;
    }

    private TopicBuilder changedTopic(UUID id) {
        TopicBuilder t = changedTopics.get(id);
        if (t == null) {
            TopicImage existing = deletedTopics.containsKey(id) ? null : base.topic(id);
            if (existing == null) {
                throw new IllegalStateException("no topic with id " + id);
            }
            t = new TopicBuilder(existing.name(), id, false, existing.partitions());
            changedTopics.put(id, t);
        }
        return t;
    }

    /** The image after every replayed record; {@code offset} is the log index of the last one. */
    public MetadataImage apply(long offset) {
        SortedMap<String, TopicImage> topics = base.topics();
        Map<UUID, String> names = base.topicNamesById();
        if (!changedTopics.isEmpty() || !deletedTopics.isEmpty()) {
            TreeMap<String, TopicImage> newTopics = new TreeMap<>(base.topics());
            HashMap<UUID, String> newNames = new HashMap<>(base.topicNamesById());
            for (TopicImage deleted : deletedTopics.values()) {
                newTopics.remove(deleted.name());
                newNames.remove(deleted.id());
            }
            for (TopicBuilder t : changedTopics.values()) {
                newTopics.put(t.name, new TopicImage(t.name, t.id, t.partitions));
                newNames.put(t.id, t.name);
            }
            topics = newTopics;
            names = newNames;
        }
        return new MetadataImage(offset, brokers != null ? brokers : base.brokers(), topics, names,
                configs != null ? configs : base.allConfigs(), nextProducerId, lastBrokerEpoch,
                scram.build(), acls.apply(), quotas.build());
    }

    /** Whether an ACL was created or deleted (what an authorizer's decisions depend on). */
    public boolean aclsChanged() {
        return acls.changed();
    }

    /** Whether a client quota was set or removed (what a broker's quota cache depends on). */
    public boolean clientQuotasChanged() {
        return quotas.changed();
    }

    /** Brokers whose registration was added, changed or removed. */
    public Set<Integer> changedBrokers() {
        return Collections.unmodifiableSet(changedBrokers);
    }

    /** Ids of topics created by this delta. */
    public Set<UUID> createdTopics() {
        Set<UUID> created = new LinkedHashSet<>();
        changedTopics.forEach((id, t) -> {
            if (t.created) {
                created.add(id);
            }
        });
        return created;
    }

    /** Topics of the base image deleted by this delta, as they were before. */
    public Map<UUID, TopicImage> deletedTopics() {
        return Collections.unmodifiableMap(deletedTopics);
    }

    /** Partitions created or changed by this delta, with their new registration. */
    public Map<TopicIdPartition, PartitionRegistration> changedPartitions() {
        Map<TopicIdPartition, PartitionRegistration> changed = new LinkedHashMap<>();
        for (TopicBuilder t : changedTopics.values()) {
            for (int p : t.changed) {
                changed.put(new TopicIdPartition(t.id, p), t.partitions.get(p));
            }
        }
        return changed;
    }

    /** What this delta means to the replicas hosted by one broker. */
    public LocalReplicaChanges localChanges(int brokerId) {
        Map<TopicIdPartition, PartitionRegistration> leaders = new LinkedHashMap<>();
        Map<TopicIdPartition, PartitionRegistration> followers = new LinkedHashMap<>();
        Set<TopicIdPartition> deleted = new LinkedHashSet<>();
        for (TopicImage t : deletedTopics.values()) {
            for (int p = 0; p < t.partitionCount(); p++) {
                if (t.partition(p).replicas().contains(brokerId)) {
                    deleted.add(new TopicIdPartition(t.id(), p));
                }
            }
        }
        for (TopicBuilder t : changedTopics.values()) {
            TopicImage before = t.created ? null : base.topic(t.id);
            for (int p : t.changed) {
                TopicIdPartition tp = new TopicIdPartition(t.id, p);
                PartitionRegistration now = t.partitions.get(p);
                PartitionRegistration was = before == null ? null : before.partition(p);
                boolean hostedNow = now.replicas().contains(brokerId);
                if (!hostedNow) {
                    if (was != null && was.replicas().contains(brokerId)) {
                        deleted.add(tp);
                    }
                } else if (now.leader() == brokerId) {
                    // a leader also takes new replicas (a reassignment's adding replicas, which it lets join the ISR)
                    if (was == null || was.leader() != brokerId || was.leaderEpoch() != now.leaderEpoch()
                            || !was.isr().equals(now.isr()) || !was.replicas().equals(now.replicas())) {
                        leaders.put(tp, now);
                    }
                } else if (was == null || was.leader() != now.leader() || was.leaderEpoch() != now.leaderEpoch()
                        || !was.replicas().equals(now.replicas())) {
                    followers.put(tp, now);
                }
            }
        }
        return new LocalReplicaChanges(leaders, followers, deleted);
    }
}
