package io.tributary.cluster.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The cluster metadata at one point of the metadata log: every broker, topic, partition and dynamic config,
 * the producer-id allocation cursor, the users' SCRAM credentials and the ACLs ({@link AclsImage}). Immutable; a new
 * image is made by {@link MetadataDelta#apply}.
 *
 * <p>Iteration orders are deterministic (brokers by id, topics by name, configs by resource then key), so
 * controller decisions made from an image are the same on every member.
 */
public final class MetadataImage {

    /** The image before any record: offset -1, nothing registered. */
    public static final MetadataImage EMPTY = new MetadataImage(-1, new TreeMap<>(), new TreeMap<>(), Map.of(),
            new TreeMap<>(MetadataImage::compareResources), 0, 0, ScramImage.EMPTY, AclsImage.EMPTY,
            ClientQuotasImage.EMPTY);

    private final long offset;
    private final SortedMap<Integer, BrokerRegistration> brokers;
    private final SortedMap<String, TopicImage> topicsByName;
    private final Map<UUID, String> topicNamesById;
    private final SortedMap<ConfigResource, SortedMap<String, String>> configs;
    private final long nextProducerId;
    private final long lastBrokerEpoch;
    private final ScramImage scram;
    private final AclsImage acls;
    private final ClientQuotasImage quotas;

    MetadataImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                  SortedMap<String, TopicImage> topicsByName, Map<UUID, String> topicNamesById,
                  SortedMap<ConfigResource, SortedMap<String, String>> configs, long nextProducerId,
                  long lastBrokerEpoch, ScramImage scram, AclsImage acls,
                  ClientQuotasImage quotas) {
        this.offset = offset;
        this.brokers = Collections.unmodifiableSortedMap(brokers);
        this.topicsByName = Collections.unmodifiableSortedMap(topicsByName);
        this.topicNamesById = Collections.unmodifiableMap(topicNamesById);
        this.configs = Collections.unmodifiableSortedMap(configs);
        this.nextProducerId = nextProducerId;
        this.lastBrokerEpoch = lastBrokerEpoch;
        this.scram = scram;
        this.acls = acls;
        this.quotas = quotas;
    }

    static int compareResources(ConfigResource a, ConfigResource b) {
        int byType = a.type().compareTo(b.type());
        return byType != 0 ? byType : a.name().compareTo(b.name());
    }

    /** Index of the last metadata-log entry applied to this image; -1 for the empty image. */
    public long offset() {
        return offset;
    }

    /** Every registered broker, by id. */
    public SortedMap<Integer, BrokerRegistration> brokers() {
        return brokers;
    }

    /** The broker's registration, or null. */
    public BrokerRegistration broker(int id) {
        return brokers.get(id);
    }

    /** Every topic, by name. */
    public SortedMap<String, TopicImage> topics() {
        return topicsByName;
    }

    /** The topic with this name, or null. */
    public TopicImage topic(String name) {
        return topicsByName.get(name);
    }

    /** The topic with this id, or null. */
    public TopicImage topic(UUID id) {
        String name = topicNamesById.get(id);
        return name == null ? null : topicsByName.get(name);
    }

    Map<UUID, String> topicNamesById() {
        return topicNamesById;
    }

    /** The registration of one partition, or null. */
    public PartitionRegistration partition(TopicIdPartition tp) {
        TopicImage topic = topic(tp.topicId());
        return topic == null ? null : topic.partition(tp.partition());
    }

    /** Total number of partitions of all topics. */
    public int partitionCount() {
        int n = 0;
        for (TopicImage t : topicsByName.values()) {
            n += t.partitionCount();
        }
        return n;
    }

    /** The dynamic configs set on a resource (empty if none), by key. */
    public SortedMap<String, String> configs(ConfigResource resource) {
        SortedMap<String, String> c = configs.get(resource);
        return c == null ? Collections.emptySortedMap() : c;
    }

    /** Every resource that has dynamic configs. */
    public SortedMap<ConfigResource, SortedMap<String, String>> allConfigs() {
        return configs;
    }

    /** The first producer id not yet handed out. */
    public long nextProducerId() {
        return nextProducerId;
    }

    /** The client quotas (AlterClientQuotas). */
    public ClientQuotasImage clientQuotas() {
        return quotas;
    }

    /** Every ACL. */
    public AclsImage acls() {
        return acls;
    }

    /** The highest broker epoch assigned by a registration this image holds. */
    public long lastBrokerEpoch() {
        return lastBrokerEpoch;
    }

    /** The users' SCRAM credentials. */
    public ScramImage scram() {
        return scram;
    }

    /** The credential a SCRAM login as {@code user} with {@code mechanism} is checked against, if any. */
    public Optional<ScramCredential> scramCredential(String user, ScramMechanism mechanism) {
        return scram.lookup(user, mechanism);
    }

    /**
     * Records that rebuild this image from {@link #EMPTY} (what a snapshot holds): brokers, topics with their
     * partitions, configs, the producer-id cursor, then the SCRAM credentials.
     * partitions, configs, the producer-id cursor, then the ACLs.
     */
    public List<MetadataRecord> toRecords() {
        List<MetadataRecord> records = new ArrayList<>();
        for (BrokerRegistration b : brokers.values()) {
            records.add(new RegisterBrokerRecord(b.id(), b.incarnationId(), b.epoch(), b.endpoints(), b.rack(),
                    b.fenced()));
            if (b.inControlledShutdown()) {
                records.add(new BrokerChangeRecord(b.id(), b.epoch(), null, true));
            }
        }
        for (TopicImage t : topicsByName.values()) {
            records.add(new TopicRecord(t.name(), t.id()));
            List<PartitionRegistration> partitions = t.partitions();
            for (int i = 0; i < partitions.size(); i++) {
                records.add(PartitionRecord.of(t.id(), i, partitions.get(i)));
            }
        }
        for (Map.Entry<ConfigResource, SortedMap<String, String>> e : configs.entrySet()) {
            for (Map.Entry<String, String> kv : e.getValue().entrySet()) {
                records.add(new ConfigRecord(e.getKey(), kv.getKey(), kv.getValue()));
            }
        }
        if (nextProducerId > 0) {
            records.add(new ProducerIdsRecord(-1, -1, nextProducerId));
        }
        records.addAll(scram.toRecords());
        acls.byId().forEach((id, acl) -> records.add(new AccessControlEntryRecord(id, acl)));
        records.addAll(quotas.toRecords());
        return records;
    }

    /** Same content (offset excluded): what recovery and replication tests compare. */
    public boolean sameContent(MetadataImage other) {
        return brokers.equals(other.brokers) && topicsByName.equals(other.topicsByName)
                && configs.equals(other.configs) && nextProducerId == other.nextProducerId
                && scram.equals(other.scram)
                && acls.equals(other.acls)
                && quotas.equals(other.quotas);
    }

    /** All partitions of all topics, in topic-name then index order. */
    public Collection<TopicIdPartition> allPartitions() {
        List<TopicIdPartition> all = new ArrayList<>(partitionCount());
        for (TopicImage t : topicsByName.values()) {
            for (int i = 0; i < t.partitionCount(); i++) {
                all.add(new TopicIdPartition(t.id(), i));
            }
        }
        return all;
    }

    @Override
    public String toString() {
        return "MetadataImage(offset=" + offset + ", brokers=" + brokers.size() + ", topics=" + topicsByName.size()
                + ", partitions=" + partitionCount() + ")";
    }
}
