package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.CreatePartitions;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics;
import io.tributary.cluster.controller.ControllerCommand.CreateTopics.TopicResult;
import io.tributary.cluster.controller.ControllerCommand.DeleteTopics;
import io.tributary.cluster.controller.ControllerCommand.NewTopic;
import io.tributary.cluster.controller.ControllerCommand.PartitionIncrease;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.PartitionRecord;
import io.tributary.cluster.metadata.RemoveTopicRecord;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.cluster.metadata.TopicRecord;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Topic lifecycle: CreateTopics (name, count, replication factor and config validation, placement),
 * DeleteTopics and CreatePartitions. New replicas go to active brokers only, so a new partition's ISR is
 * its whole replica set and its leader is its first replica.
 */
final class TopicControl {

    private final ControllerConfig config;
    private final Supplier<UUID> topicIds;

    TopicControl(ControllerConfig config, Supplier<UUID> topicIds) {
        this.config = config;
        this.topicIds = topicIds;
    }

    ControllerResult<Map<String, TopicResult>> create(MetadataImage image, CreateTopics cmd) {
        Map<String, Integer> occurrences = new HashMap<>();
        for (NewTopic t : cmd.topics()) {
            occurrences.merge(t.name(), 1, Integer::sum);
        }
        Set<String> collisionKeys = new HashSet<>();
        for (String name : image.topics().keySet()) {
            collisionKeys.add(TopicNames.collisionKey(name));
        }
        List<BrokerRegistration> usable = usableBrokers(image);
        ReplicaPlacer placer = new ReplicaPlacer(image);
        List<MetadataRecord> records = new ArrayList<>();
        Map<String, TopicResult> results = new LinkedHashMap<>();
        for (NewTopic t : cmd.topics()) {
            if (occurrences.getOrDefault(t.name(), 0) > 1) {
                results.put(t.name(), failed(Errors.INVALID_REQUEST, "Duplicate topic name in the request."));
                continue;
            }
            TopicResult result = createOne(image, t, usable, placer, collisionKeys, cmd.validateOnly(), records);
            results.put(t.name(), result);
        }
        return ControllerResult.of(records, results);
    }

    private TopicResult createOne(MetadataImage image, NewTopic t, List<BrokerRegistration> usable,
                                  ReplicaPlacer placer, Set<String> collisionKeys, boolean validateOnly,
                                  List<MetadataRecord> records) {
        String illegal = TopicNames.whyIllegal(t.name());
        if (illegal != null) {
            return failed(Errors.INVALID_TOPIC_EXCEPTION, illegal);
        }
        if (image.topic(t.name()) != null) {
            return failed(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + t.name() + "' already exists.");
        }
        if (collisionKeys.contains(TopicNames.collisionKey(t.name()))) {
            return failed(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + t.name() + "' collides with an existing "
                    + "topic: names differing only in '.' and '_' collide.");
        }
        List<List<Integer>> assignment = null;
        int partitions;
        int rf;
        if (!t.assignments().isEmpty()) {
            if (t.numPartitions() != -1 || t.replicationFactor() != -1) {
                return failed(Errors.INVALID_REQUEST, "Both numPartitions or replicationFactor and "
                        + "replicasAssignments were set. Both cannot be used at the same time.");
            }
            TreeMap<Integer, List<Integer>> byIndex = new TreeMap<>(t.assignments());
            if (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
                return failed(Errors.INVALID_REPLICA_ASSIGNMENT, "Partitions must be numbered 0 to n-1.");
            }
            assignment = new ArrayList<>(byIndex.values());
            ApiError bad = checkAssignment(image, assignment, assignment.get(0).size());
            if (bad != null) {
                return new TopicResult(bad, null, -1, -1);
            }
            partitions = assignment.size();
            rf = assignment.get(0).size();
        } else {
            partitions = t.numPartitions() == -1 ? config.numPartitions() : t.numPartitions();
            rf = t.replicationFactor() == -1 ? config.defaultReplicationFactor() : t.replicationFactor();
            if (partitions <= 0) {
                return failed(Errors.INVALID_PARTITIONS, "Number of partitions was set to an invalid non-positive "
                        + "value.");
            }
            if (rf <= 0) {
                return failed(Errors.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0, or -1 "
                        + "to use the default value.");
            }
            if (rf > usable.size()) {
                return failed(Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition " + rf
                        + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                        + usable.size() + " broker(s) are registered.");
            }
        }
        ApiError badConfig = ConfigControl.validateTopicConfigs(t.configs());
        if (!badConfig.isSuccess()) {
            return new TopicResult(badConfig, null, -1, -1);
        }
        if (validateOnly) {
            return new TopicResult(ApiError.NONE, null, partitions, rf);
        }
        if (assignment == null) {
            assignment = new ArrayList<>(partitions);
            for (int p = 0; p < partitions; p++) {
                assignment.add(placer.place(usable, rf));
            }
        }
        UUID id = newTopicId(image);
        records.add(new TopicRecord(t.name(), id));
        for (int p = 0; p < assignment.size(); p++) {
            List<Integer> replicas = assignment.get(p);
            records.add(new PartitionRecord(id, p, replicas, replicas, List.of(), replicas.get(0), 0, 0));
        }
        for (Map.Entry<String, String> c : new TreeMap<>(t.configs()).entrySet()) {
            records.add(new ConfigRecord(ConfigResource.topic(t.name()), c.getKey(), c.getValue()));
        }
        collisionKeys.add(TopicNames.collisionKey(t.name()));
        return new TopicResult(ApiError.NONE, id, assignment.size(), rf);
    }

    /** Null if every partition's replicas are distinct, active brokers and all have {@code rf} replicas. */
    private static ApiError checkAssignment(MetadataImage image, List<List<Integer>> assignment, int rf) {
        for (List<Integer> replicas : assignment) {
            if (replicas.isEmpty() || replicas.size() != rf) {
                return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "All partitions must have the same, non-zero number of replicas.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT, "Duplicate replica in " + replicas);
            }
            for (int r : replicas) {
                BrokerRegistration b = image.broker(r);
                if (b == null || !b.isActive()) {
                    return ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "Broker " + r + " is not registered or is fenced.");
                }
            }
        }
        return null;
    }

    private UUID newTopicId(MetadataImage image) {
        UUID id = topicIds.get();
        while (image.topic(id) != null || id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
            id = topicIds.get();
        }
        return id;
    }

    private static TopicResult failed(Errors error, String message) {
        return new TopicResult(ApiError.of(error, message), null, -1, -1);
    }

    private static List<BrokerRegistration> usableBrokers(MetadataImage image) {
        List<BrokerRegistration> usable = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (b.isActive()) {
                usable.add(b);
            }
        }
        return usable;
    }

    ControllerResult<DeleteTopics.Result> delete(MetadataImage image, DeleteTopics cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        Set<UUID> removed = new HashSet<>();
        Map<String, ApiError> byName = new LinkedHashMap<>();
        Map<UUID, ApiError> byId = new LinkedHashMap<>();
        for (String name : cmd.names()) {
            TopicImage t = image.topic(name);
            if (t == null) {
                byName.put(name, ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION));
            } else {
                if (removed.add(t.id())) {
                    records.add(new RemoveTopicRecord(t.id()));
                }
                byName.put(name, ApiError.NONE);
            }
        }
        for (UUID id : cmd.ids()) {
            TopicImage t = image.topic(id);
            if (t == null) {
                byId.put(id, ApiError.of(Errors.UNKNOWN_TOPIC_ID));
            } else {
                if (removed.add(id)) {
                    records.add(new RemoveTopicRecord(id));
                }
                byId.put(id, ApiError.NONE);
            }
        }
        return ControllerResult.of(records, new DeleteTopics.Result(byName, byId));
    }

    ControllerResult<Map<String, ApiError>> createPartitions(MetadataImage image, CreatePartitions cmd) {
        Map<String, Integer> occurrences = new HashMap<>();
        for (PartitionIncrease inc : cmd.topics()) {
            occurrences.merge(inc.topic(), 1, Integer::sum);
        }
        List<BrokerRegistration> usable = usableBrokers(image);
        ReplicaPlacer placer = new ReplicaPlacer(image);
        List<MetadataRecord> records = new ArrayList<>();
        Map<String, ApiError> results = new LinkedHashMap<>();
        for (PartitionIncrease inc : cmd.topics()) {
            if (occurrences.get(inc.topic()) > 1) {
                results.put(inc.topic(), ApiError.of(Errors.INVALID_REQUEST, "Duplicate topic in the request."));
                continue;
            }
            TopicImage t = image.topic(inc.topic());
            if (t == null) {
                results.put(inc.topic(), ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            int current = t.partitionCount();
            if (inc.totalCount() < current) {
                results.put(inc.topic(), ApiError.of(Errors.INVALID_PARTITIONS, "Topic currently has " + current
                        + " partitions, which is higher than the requested " + inc.totalCount() + "."));
                continue;
            }
            if (inc.totalCount() == current) {
                results.put(inc.topic(), ApiError.of(Errors.INVALID_PARTITIONS,
                        "Topic already has " + current + " partitions."));
                continue;
            }
            int added = inc.totalCount() - current;
            int rf = t.partition(0).targetReplicas().size();
            List<List<Integer>> assignment;
            if (!inc.assignments().isEmpty()) {
                if (inc.assignments().size() != added) {
                    results.put(inc.topic(), ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT, "Increasing the "
                            + "number of partitions by " + added + " but " + inc.assignments().size()
                            + " assignments provided."));
                    continue;
                }
                ApiError bad = checkAssignment(image, inc.assignments(), rf);
                if (bad != null) {
                    results.put(inc.topic(), bad);
                    continue;
                }
                assignment = inc.assignments();
            } else {
                if (rf > usable.size()) {
                    results.put(inc.topic(), ApiError.of(Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate "
                            + "the partition " + rf + " time(s): only " + usable.size()
                            + " broker(s) are active."));
                    continue;
                }
                assignment = new ArrayList<>();
                if (!cmd.validateOnly()) {
                    for (int i = 0; i < added; i++) {
                        assignment.add(placer.place(usable, rf));
                    }
                }
            }
            results.put(inc.topic(), ApiError.NONE);
            if (!cmd.validateOnly()) {
                for (int i = 0; i < added; i++) {
                    List<Integer> replicas = assignment.get(i);
                    records.add(new PartitionRecord(t.id(), current + i, replicas, replicas, List.of(),
                            replicas.get(0), 0, 0));
                }
            }
        }
        return ControllerResult.of(records, results);
    }
}
