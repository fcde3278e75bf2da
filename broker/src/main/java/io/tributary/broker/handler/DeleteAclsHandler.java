package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.DeleteAclsRequestData;
import io.tributary.protocol.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import io.tributary.protocol.message.DeleteAclsResponseData.DeleteAclsMatchingAcl;
import io.tributary.protocol.message.DeleteAclsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteAcls through the controller: one result per filter, in order, listing the ACLs it selected and deleted
 * ({@link AclBindingFilter}; an ACL selected by several filters is listed under each). A filter with an unknown
 * value is INVALID_REQUEST; without an authorizer every filter is SECURITY_DISABLED, as in Kafka.
 */
public final class DeleteAclsHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    /** @param access ACLs are served only with an authorizer (else SECURITY_DISABLED), to whom it allows */
    public DeleteAclsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DeleteAclsRequestData request = (DeleteAclsRequestData) body;
        int n = request.filters().size();
        if (!access.enabled() || n == 0) {
            return CompletableFuture.completedFuture(failed(n, AclWire.SECURITY_DISABLED));
        }
        if (!access.allowsCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(failed(n, Access.clusterDenied(AclOperation.ALTER)));
        }
        List<AclBindingFilter> filters = new ArrayList<>(n);
        for (DeleteAclsRequestData.DeleteAclsFilter f : request.filters()) {
            filters.add(AclWire.filter(f.resourceTypeFilter(), f.resourceNameFilter(), f.patternTypeFilter(),
                    f.principalFilter(), f.hostFilter(), f.operation(), f.permissionType()));
        }
        return metadata.submit(new ControllerCommand.DeleteAcls(filters)).handle((results, failure) -> {
            if (failure != null) {
                return failed(n, ControllerFailure.of(failure));
            }
            List<DeleteAclsFilterResult> out = new ArrayList<>(n);
            for (ControllerCommand.DeleteAcls.FilterResult r : results) {
                List<DeleteAclsMatchingAcl> matching = new ArrayList<>();
                for (AclBinding acl : r.deleted()) {
                    matching.add(new DeleteAclsMatchingAcl().setErrorMessage(null)
                            .setResourceType(acl.resourceType().code()).setResourceName(acl.resourceName())
                            .setPatternType(acl.patternType().code()).setPrincipal(acl.principal())
                            .setHost(acl.host()).setOperation(acl.operation().code())
                            .setPermissionType(acl.permission().code()));
                }
                out.add(result(r.error()).setMatchingAcls(matching));
            }
            return (ApiMessage) new DeleteAclsResponseData().setFilterResults(out);
        });
    }

    private static ApiMessage failed(int n, ApiError error) {
        List<DeleteAclsFilterResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(result(error));
        }
        return new DeleteAclsResponseData().setFilterResults(out);
    }

    private static DeleteAclsFilterResult result(ApiError error) {
        return new DeleteAclsFilterResult().setErrorCode(error.error().code())
                .setErrorMessage(error.isSuccess() ? null : error.messageOrDefault());
    }
}
