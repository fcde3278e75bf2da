package io.tributary.broker.handler;

import io.tributary.broker.BrokerConfig;
import io.tributary.broker.config.BrokerConfigResolver;
import io.tributary.broker.config.BrokerLoggers;
import io.tributary.broker.config.ConfigSynonym;
import io.tributary.broker.config.GroupConfigDescriber;
import io.tributary.broker.config.ResolvedConfig;
import io.tributary.broker.config.TopicConfigResolver;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeConfigsRequestData;
import io.tributary.protocol.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import io.tributary.protocol.message.DescribeConfigsResponseData.DescribeConfigsResult;
import io.tributary.protocol.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import io.tributary.protocol.message.DescribeConfigsResponseData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs for topics and brokers, as Kafka reports them: every known config with the value in force and
 * its source, the synonyms behind it when asked, documentation when asked, the value type (v3+), read-only and
 * sensitive flags; only the listed keys when the request names some. An unknown topic is
 * UNKNOWN_TOPIC_OR_PARTITION; a broker resource must name this node (or be "" for the cluster-wide dynamic
 * defaults), else INVALID_REQUEST, as Kafka answers. A group (whether or not it exists) shows every group config with
 * its own value (GROUP_CONFIG) or the broker's default; an empty group name is INVALID_REQUEST. A BROKER_LOGGER
 * resource (this node's id; DESCRIBE_CONFIGS on the cluster, as Kafka asks) shows the loggers and levels
 * ({@link BrokerLoggers}).
 * Other resource types are INVALID_REQUEST.
 */
public final class DescribeConfigsHandler implements ApiHandler {

    /** Kafka's code of the BROKER_LOGGER resource type (no configs of Tributary's: its loggers, read-only). */
    static final byte BROKER_LOGGER = 8;

    private final MetadataNode metadata;
    private final BrokerConfig config;
    private final TopicConfigResolver topics;
    private final BrokerConfigResolver brokers;
    private final GroupConfigDescriber groups;

    private final Access access;

    public DescribeConfigsHandler(MetadataNode metadata, BrokerConfig config, Access access) {
        this.access = access;
        this.metadata = metadata;
        this.config = config;
        this.topics = new TopicConfigResolver(config);
        this.brokers = new BrokerConfigResolver(config);
        this.groups = new GroupConfigDescriber(config);
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeConfigsRequestData request = (DescribeConfigsRequestData) body;
        MetadataImage image = metadata.image();
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsRequestData.DescribeConfigsResource r : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(r.resourceType())
                    .setResourceName(r.resourceName()).setConfigs(new ArrayList<>());
            ConfigResource.Type type = ConfigResource.Type.forCode(r.resourceType());
            String name = r.resourceName() == null ? "" : r.resourceName();
            ApiError denied = type == null ? null
                    : access.configsDenied(context, AclOperation.DESCRIBE_CONFIGS, type, name);
            if (r.resourceType() == BROKER_LOGGER) {
                if (!access.allowsCluster(context, AclOperation.DESCRIBE_CONFIGS)) {
                    error(result, Errors.CLUSTER_AUTHORIZATION_FAILED, null);
                } else if (name.isEmpty()) {
                    error(result, Errors.INVALID_REQUEST, "Broker id must not be empty");
                } else if (thisNode(result, name)) {
                    result.setConfigs(entries(BrokerLoggers.describe(), r, request));
                }
            } else if (denied != null) {
                error(result, denied.error(), null);
            } else if (type == ConfigResource.Type.TOPIC) {
                if (name.isEmpty()) {
                    error(result, Errors.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be empty");
                } else if (image.topic(name) == null) {
                    error(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, null);
                } else {
                    result.setConfigs(entries(topics.describe(image, name), r, request));
                }
            } else if (type == ConfigResource.Type.BROKER) {
                describeBroker(result, name, image, r, request);
            } else if (type == ConfigResource.Type.GROUP) {
                if (name.isEmpty()) {
                    error(result, Errors.INVALID_REQUEST, "Group name must not be empty");
                } else {
                    result.setConfigs(entries(groups.describe(image, name), r, request));
                }
            } else {
                error(result, Errors.INVALID_REQUEST, "Unsupported resource type: " + r.resourceType());
            }
            results.add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponseData().setResults(results));
    }

    private void describeBroker(DescribeConfigsResult result, String name, MetadataImage image,
                                DescribeConfigsRequestData.DescribeConfigsResource r,
                                DescribeConfigsRequestData request) {
        if (name.isEmpty()) {
            result.setConfigs(entries(brokers.describeClusterDefaults(image), r, request));
            return;
        }
        if (thisNode(result, name)) {
            result.setConfigs(entries(brokers.describeNode(image), r, request));
        }
    }

    /** Whether {@code name} is this node's id; if not, the result says so (INVALID_REQUEST, Kafka's messages). */
    private boolean thisNode(DescribeConfigsResult result, String name) {
        int id;
        try {
            id = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            error(result, Errors.INVALID_REQUEST, "Broker id must be an integer, but it is: " + name);
            return false;
        }
        if (id != config.nodeId()) {
            error(result, Errors.INVALID_REQUEST, "Unexpected broker id, expected " + config.nodeId()
                    + " or empty string, but received " + name);
            return false;
        }
        return true;
    }

    private static void error(DescribeConfigsResult result, Errors error, String message) {
        result.setErrorCode(error.code()).setErrorMessage(message == null ? error.message() : message);
    }

    private static List<DescribeConfigsResourceResult> entries(List<ResolvedConfig> configs,
                                                               DescribeConfigsRequestData.DescribeConfigsResource r,
                                                               DescribeConfigsRequestData request) {
        Set<String> wanted = r.configurationKeys() == null ? null : new HashSet<>(r.configurationKeys());
        List<DescribeConfigsResourceResult> out = new ArrayList<>();
        for (ResolvedConfig c : configs) {
            if (wanted != null && !wanted.contains(c.name())) {
                continue;
            }
            List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
            if (request.includeSynonyms()) {
                for (ConfigSynonym s : c.synonyms()) {
                    synonyms.add(new DescribeConfigsSynonym().setName(s.name()).setValue(s.value())
                            .setSource(s.source().code()));
                }
            }
            out.add(new DescribeConfigsResourceResult().setName(c.name()).setValue(c.value())
                    .setReadOnly(c.readOnly()).setConfigSource(c.source().code()).setIsSensitive(c.sensitive())
                    .setSynonyms(synonyms).setConfigType(c.type().code())
                    .setDocumentation(request.includeDocumentation() ? c.documentation() : null));
        }
        return out;
    }
}
