package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeAclsRequestData;
import io.tributary.protocol.message.DescribeAclsResponseData.AclDescription;
import io.tributary.protocol.message.DescribeAclsResponseData.DescribeAclsResource;
import io.tributary.protocol.message.DescribeAclsResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeAcls from this broker's image (the ACLs it has applied, so a client reads back what it just created here):
 * the ACLs the filter selects ({@link AclBindingFilter}: ANY, MATCH, exact principal and host), grouped by resource
 * pattern as Kafka answers. A filter with an unknown value is INVALID_REQUEST; without an authorizer the answer is
 * SECURITY_DISABLED, as in Kafka.
 */
public final class DescribeAclsHandler implements ApiHandler {

    private record Pattern(ResourceType type, String name, PatternType patternType) {
    }

    private final MetadataNode metadata;
    private final Access access;

    /** @param access ACLs are served only with an authorizer (else SECURITY_DISABLED), to whom it allows */
    public DescribeAclsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeAclsRequestData request = (DescribeAclsRequestData) body;
        DescribeAclsResponseData response = new DescribeAclsResponseData();
        if (!access.enabled()) {
            return CompletableFuture.completedFuture(response.setErrorCode(AclWire.SECURITY_DISABLED.error().code())
                    .setErrorMessage(AclWire.SECURITY_DISABLED.message()));
        }
        if (!access.allowsCluster(context, AclOperation.DESCRIBE)) {
            ApiError denied = Access.clusterDenied(AclOperation.DESCRIBE);
            return CompletableFuture.completedFuture(response.setErrorCode(denied.error().code())
                    .setErrorMessage(denied.message()));
        }
        AclBindingFilter filter = AclWire.filter(request.resourceTypeFilter(), request.resourceNameFilter(),
                request.patternTypeFilter(), request.principalFilter(), request.hostFilter(), request.operation(),
                request.permissionType());
        String problem = filter.problem();
        if (problem != null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage(problem));
        }
        Map<Pattern, List<AclDescription>> byPattern = new LinkedHashMap<>();
        for (AclBinding acl : metadata.image().acls().matching(filter)) {
            byPattern.computeIfAbsent(new Pattern(acl.resourceType(), acl.resourceName(), acl.patternType()),
                    p -> new ArrayList<>()).add(new AclDescription().setPrincipal(acl.principal()).setHost(acl.host())
                    .setOperation(acl.operation().code()).setPermissionType(acl.permission().code()));
        }
        List<DescribeAclsResource> resources = new ArrayList<>(byPattern.size());
        byPattern.forEach((p, acls) -> resources.add(new DescribeAclsResource().setResourceType(p.type().code())
                .setResourceName(p.name()).setPatternType(p.patternType().code()).setAcls(acls)));
        return CompletableFuture.completedFuture(response.setResources(resources));
    }
}
