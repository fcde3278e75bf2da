package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterConfigs;
import io.tributary.cluster.controller.ControllerCommand.ConfigOp;
import io.tributary.cluster.controller.ControllerCommand.IncrementalAlterConfigs;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dynamic configs: IncrementalAlterConfigs and AlterConfigs for topics, brokers, the cluster default and groups
 * (checked against the broker settings in {@link ControllerConfig#groupConfigs()}, whether or not the group
 * exists), and the effective value of the configs the controller itself obeys (topic override, then cluster dynamic
 * default, then the static setting).
 */
final class ConfigControl {

    private final ControllerConfig config;

    ConfigControl(ControllerConfig config) {
        this.config = config;
    }

    /** {@code unclean.leader.election.enable} in force for a topic. */
    boolean uncleanLeaderElection(MetadataImage image, String topic) {
        String v = effective(image, topic, "unclean.leader.election.enable", "unclean.leader.election.enable");
        return v == null ? config.uncleanLeaderElection() : Boolean.parseBoolean(v.trim());
    }

    /** {@code min.insync.replicas} in force for a topic. */
    int minInsyncReplicas(MetadataImage image, String topic) {
        String v = effective(image, topic, "min.insync.replicas", "min.insync.replicas");
        return v == null ? config.minInsyncReplicas() : Integer.parseInt(v.trim());
    }

    private static String effective(MetadataImage image, String topic, String topicKey, String brokerKey) {
        String v = image.configs(ConfigResource.topic(topic)).get(topicKey);
        return v != null ? v : image.configs(ConfigResource.CLUSTER).get(brokerKey);
    }

    ControllerResult<Map<ConfigResource, ApiError>> incrementalAlter(MetadataImage image,
                                                                     IncrementalAlterConfigs cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        Map<ConfigResource, ApiError> results = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, List<ConfigOp>> e : sorted(cmd.changes()).entrySet()) {
            ConfigResource resource = e.getKey();
            ApiError error = checkResource(image, resource);
            TreeMap<String, String> values = new TreeMap<>(image.configs(resource));
            for (ConfigOp op : error.isSuccess() ? e.getValue() : List.<ConfigOp>of()) {
                error = applyOp(resource.type(), values, op);
                if (!error.isSuccess()) {
                    break;
                }
            }
            if (error.isSuccess()) {
                error = validate(resource.type(), values);
            }
            results.put(resource, error);
            if (error.isSuccess() && !cmd.validateOnly()) {
                records.addAll(diff(resource, image.configs(resource), values));
            }
        }
        return ControllerResult.of(records, results);
    }

    ControllerResult<Map<ConfigResource, ApiError>> alter(MetadataImage image, AlterConfigs cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        Map<ConfigResource, ApiError> results = new LinkedHashMap<>();
        for (Map.Entry<ConfigResource, Map<String, String>> e : sorted(cmd.configs()).entrySet()) {
            ConfigResource resource = e.getKey();
            ApiError error = checkResource(image, resource);
            TreeMap<String, String> values = new TreeMap<>(e.getValue());
            if (error.isSuccess()) {
                error = validate(resource.type(), values);
            }
            results.put(resource, error);
            if (error.isSuccess() && !cmd.validateOnly()) {
                records.addAll(diff(resource, image.configs(resource), values));
            }
        }
        return ControllerResult.of(records, results);
    }

    private ApiError validate(ConfigResource.Type type, TreeMap<String, String> values) {
        if (type != ConfigResource.Type.GROUP) {
            return validateAll(type, values);
        }
        String problem = config.groupConfigs().validate(values);
        return problem == null ? ApiError.NONE : ApiError.of(Errors.INVALID_CONFIG, problem);
    }

    /** Validates configs given at topic creation: {@link ApiError#NONE} when all are valid. */
    static ApiError validateTopicConfigs(Map<String, String> configs) {
        return validateAll(ConfigResource.Type.TOPIC, new TreeMap<>(configs));
    }

    private static <V> TreeMap<ConfigResource, V> sorted(Map<ConfigResource, V> map) {
        TreeMap<ConfigResource, V> sorted = new TreeMap<>((a, b) -> {
            int byType = a.type().compareTo(b.type());
            return byType != 0 ? byType : a.name().compareTo(b.name());
        });
        sorted.putAll(map);
        return sorted;
    }

    private static ApiError checkResource(MetadataImage image, ConfigResource resource) {
        if (resource.type() == ConfigResource.Type.TOPIC) {
            if (image.topic(resource.name()) == null) {
                return ApiError.of(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "The topic '" + resource.name() + "' does not exist.");
            }
        } else if (resource.type() == ConfigResource.Type.GROUP) {
            if (resource.name().isEmpty()) {
                return ApiError.of(Errors.INVALID_REQUEST, "Group name must not be empty");
            }
        } else if (!resource.name().isEmpty()) {
            try {
                Integer.parseInt(resource.name());
            } catch (NumberFormatException e) {
                return ApiError.of(Errors.INVALID_REQUEST, "Invalid broker id '" + resource.name() + "'");
            }
        }
        return ApiError.NONE;
    }

    private static ApiError applyOp(ConfigResource.Type type, TreeMap<String, String> values, ConfigOp op) {
        if (op.op() == null) {
            return ApiError.of(Errors.INVALID_REQUEST, "Unknown config operation for " + op.key());
        }
        switch (op.op()) {
            case SET -> values.put(op.key(), op.value());
            case DELETE -> values.remove(op.key());
            case APPEND, SUBTRACT -> {
                if (!ConfigDefinitions.isList(type, op.key())) {
                    return ApiError.of(Errors.INVALID_CONFIG,
                            "Config " + op.key() + " is not a list; " + op.op() + " does not apply to it");
                }
                List<String> items = new ArrayList<>();
                String now = values.get(op.key());
                if (now != null && !now.isBlank()) {
                    Arrays.stream(now.split(",")).map(String::trim).forEach(items::add);
                }
                for (String item : op.value() == null ? new String[0] : op.value().split(",")) {
                    String t = item.trim();
                    if (op.op() == ControllerCommand.OpType.APPEND && !items.contains(t)) {
                        items.add(t);
                    } else if (op.op() == ControllerCommand.OpType.SUBTRACT) {
                        items.remove(t);
                    }
                }
                if (items.isEmpty()) {
                    values.remove(op.key());
                } else {
                    values.put(op.key(), String.join(",", items));
                }
            }
            default -> throw new IllegalStateException();
        }
        return ApiError.NONE;
    }

    private static ApiError validateAll(ConfigResource.Type type, TreeMap<String, String> values) {
        for (Map.Entry<String, String> kv : values.entrySet()) {
            String problem = ConfigDefinitions.validate(type, kv.getKey(), kv.getValue());
            if (problem != null) {
                return ApiError.of(Errors.INVALID_CONFIG, problem);
            }
        }
        return ApiError.NONE;
    }

    private static List<MetadataRecord> diff(ConfigResource resource, Map<String, String> before,
                                             Map<String, String> after) {
        List<MetadataRecord> records = new ArrayList<>();
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                records.add(new ConfigRecord(resource, key, null));
            }
        }
        for (Map.Entry<String, String> kv : after.entrySet()) {
            if (!kv.getValue().equals(before.get(kv.getKey()))) {
                records.add(new ConfigRecord(resource, kv.getKey(), kv.getValue()));
            }
        }
        return records;
    }
}
