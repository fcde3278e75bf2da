package io.tributary.broker.handler;

import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One resource of an AlterConfigs or IncrementalAlterConfigs request: the controller's name for it, or why it
 * never reaches the controller (a resource type Tributary keeps no configs of, the same resource twice, a key
 * given twice).
 *
 * @param type     the resource type code as sent
 * @param name     the resource name as sent
 * @param resource the resource, or null when invalid
 * @param invalid  the error to answer without asking the controller, or null
 */
record RequestedResource(byte type, String name, ConfigResource resource, ApiError invalid) {

    /** Reads the resources of a request; {@code keys} are the config keys of each, in the same order. */
    static List<RequestedResource> of(List<Byte> types, List<String> names, List<List<String>> keys) {
        List<RequestedResource> out = new ArrayList<>();
        Map<ConfigResource, Integer> count = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            ConfigResource.Type type = ConfigResource.Type.forCode(types.get(i));
            String name = names.get(i) == null ? "" : names.get(i);
            if (type == null) {
                out.add(new RequestedResource(types.get(i), names.get(i), null, ApiError.of(Errors.INVALID_REQUEST,
                        "Unsupported resource type: " + types.get(i))));
                continue;
            }
            ConfigResource resource = new ConfigResource(type, name);
            count.merge(resource, 1, Integer::sum);
            ApiError invalid = keys.get(i).size() != keys.get(i).stream().distinct().count()
                    ? ApiError.of(Errors.INVALID_REQUEST, "Error due to duplicate config keys") : null;
            out.add(new RequestedResource(types.get(i), names.get(i), resource, invalid));
        }
        List<RequestedResource> checked = new ArrayList<>();
        for (RequestedResource r : out) {
            checked.add(r.resource() != null && r.invalid() == null && count.get(r.resource()) > 1
                    ? new RequestedResource(r.type(), r.name(), r.resource(),
                    ApiError.of(Errors.INVALID_REQUEST, "Duplicate resource in the request"))
                    : r);
        }
        return checked;
    }

    /** This resource, or Kafka's authorization error for it if the principal may not ALTER_CONFIGS on it. */
    RequestedResource authorized(RequestContext context, Access access) {
        if (resource == null && type == DescribeConfigsHandler.BROKER_LOGGER
                && !access.allowsCluster(context, AclOperation.ALTER_CONFIGS)) {
            // Kafka asks ALTER_CONFIGS on the cluster for loggers first (Tributary's cannot change: INVALID_REQUEST)
            return new RequestedResource(type, name, null, ApiError.of(Errors.CLUSTER_AUTHORIZATION_FAILED));
        }
        if (invalid != null || resource == null) {
            return this;
        }
        ApiError denied = access.configsDenied(context, AclOperation.ALTER_CONFIGS,
                resource.type(), resource.name());
        return denied == null ? this : new RequestedResource(type, name, resource, denied);
    }

    /** The outcome to answer for this resource, given the controller's results (null if it failed). */
    ApiError outcome(Map<ConfigResource, ApiError> results, Throwable failure) {
        if (invalid != null) {
            return invalid;
        }
        if (failure != null) {
            return ControllerFailure.of(failure);
        }
        ApiError e = results.get(resource);
        return e != null ? e : ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer");
    }
}
