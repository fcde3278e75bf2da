package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.ConfigOp;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData;
import io.tributary.protocol.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import io.tributary.protocol.message.IncrementalAlterConfigsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * IncrementalAlterConfigs through the controller: SET, DELETE, APPEND and SUBTRACT on topic, broker,
 * cluster-default and group configs, all of a resource's operations applied or none; {@code validateOnly} checks
 * only. Group configs are checked against the controller's broker settings (out of range: INVALID_CONFIG naming the
 * range and the settings).
 * Per-resource errors are the controller's (INVALID_CONFIG for an unknown key or a bad value,
 * UNKNOWN_TOPIC_OR_PARTITION, …); an unknown operation, resource type, repeated resource or repeated key is
 * INVALID_REQUEST. Committed topic changes reach the partition logs through the metadata listener.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public IncrementalAlterConfigsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        IncrementalAlterConfigsRequestData request = (IncrementalAlterConfigsRequestData) body;
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
        Map<ConfigResource, List<ConfigOp>> changes = new HashMap<>();
        List<RequestedResource> checked = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            RequestedResource r = resources.get(i);
            List<ConfigOp> ops = new ArrayList<>();
            for (AlterableConfig c : request.resources().get(i).configs()) {
                ControllerCommand.OpType op = opType(c.configOperation());
                if (op == null && r.invalid() == null) {
                    r = new RequestedResource(r.type(), r.name(), r.resource(), ApiError.of(Errors.INVALID_REQUEST,
                            "Unknown config operation " + c.configOperation() + " for " + c.name()));
                }
                ops.add(new ConfigOp(c.name(), op, c.value()));
            }
            if (r.invalid() == null) {
                changes.put(r.resource(), ops);
            }
            checked.add(r);
        }
        CompletableFuture<Map<ConfigResource, ApiError>> submitted = changes.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : metadata.submit(new ControllerCommand.IncrementalAlterConfigs(changes, request.validateOnly()));
        return submitted.handle((results, failure) -> {
            List<AlterConfigsResourceResponse> out = new ArrayList<>();
            for (RequestedResource r : checked) {
                ApiError e = r.outcome(results, failure);
                out.add(new AlterConfigsResourceResponse().setResourceType(r.type()).setResourceName(r.name())
                        .setErrorCode(e.error().code()).setErrorMessage(e.isSuccess() ? null : e.messageOrDefault()));
            }
            return (ApiMessage) new IncrementalAlterConfigsResponseData().setResponses(out);
        });
    }

    private static ControllerCommand.OpType opType(byte code) {
        return switch (code) {
            case 0 -> ControllerCommand.OpType.SET;
            case 1 -> ControllerCommand.OpType.DELETE;
            case 2 -> ControllerCommand.OpType.APPEND;
            case 3 -> ControllerCommand.OpType.SUBTRACT;
            default -> null;
        };
    }
}
