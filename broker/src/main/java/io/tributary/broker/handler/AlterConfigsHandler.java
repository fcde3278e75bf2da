package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.AlterConfigsRequestData.AlterConfigsResource;
import io.tributary.protocol.message.AlterConfigsRequestData.AlterableConfig;
import io.tributary.protocol.message.AlterConfigsRequestData;
import io.tributary.protocol.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import io.tributary.protocol.message.AlterConfigsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterConfigs (the legacy, non-incremental API) through the controller: each resource's dynamic configs are
 * replaced by the given set (topics, brokers, the cluster default and groups); {@code validateOnly} checks only.
 * Per-resource errors are the controller's (INVALID_CONFIG for an unknown key or a bad value,
 * UNKNOWN_TOPIC_OR_PARTITION, …); an unknown resource type, repeated resource or repeated key is INVALID_REQUEST.
 */
public final class AlterConfigsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public AlterConfigsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterConfigsRequestData request = (AlterConfigsRequestData) body;
        List<Byte> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<String>> keys = new ArrayList<>();
        for (AlterConfigsResource r : request.resources()) {
            types.add(r.resourceType());
            names.add(r.resourceName());
            keys.add(r.configs().stream().map(AlterableConfig::name).toList());
        }
        List<RequestedResource> resources = RequestedResource.of(types, names, keys).stream()
                .map(r -> r.authorized(context, access)).toList();
        Map<ConfigResource, Map<String, String>> configs = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).invalid() == null) {
                Map<String, String> values = new HashMap<>();
                for (AlterableConfig c : request.resources().get(i).configs()) {
                    values.put(c.name(), c.value());
                }
                configs.put(resources.get(i).resource(), values);
            }
        }
        CompletableFuture<Map<ConfigResource, ApiError>> submitted = configs.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : metadata.submit(new ControllerCommand.AlterConfigs(configs, request.validateOnly()));
        return submitted.handle((results, failure) -> {
            List<AlterConfigsResourceResponse> out = new ArrayList<>();
            for (RequestedResource r : resources) {
                ApiError e = r.outcome(results, failure);
                out.add(new AlterConfigsResourceResponse().setResourceType(r.type()).setResourceName(r.name())
                        .setErrorCode(e.error().code()).setErrorMessage(e.isSuccess() ? null : e.messageOrDefault()));
            }
            return (ApiMessage) new AlterConfigsResponseData().setResponses(out);
        });
    }
}
