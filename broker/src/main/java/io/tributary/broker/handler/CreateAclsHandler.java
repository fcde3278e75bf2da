package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.CreateAclsRequestData;
import io.tributary.protocol.message.CreateAclsResponseData.AclCreationResult;
import io.tributary.protocol.message.CreateAclsResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * CreateAcls through the controller: one result per creation, in order — NONE (also for an ACL that already exists),
 * or INVALID_REQUEST with the controller's reason (ANY/MATCH/unknown values, a bad principal, an operation the
 * resource type does not have, …). Without an authorizer every creation is SECURITY_DISABLED, as in Kafka.
 */
public final class CreateAclsHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    /** @param access ACLs are served only with an authorizer (else SECURITY_DISABLED), to whom it allows */
    public CreateAclsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        CreateAclsRequestData request = (CreateAclsRequestData) body;
        int n = request.creations().size();
        if (!access.enabled() || n == 0) {
            return CompletableFuture.completedFuture(response(n, i -> AclWire.SECURITY_DISABLED));
        }
        if (!access.allowsCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(response(n, i -> Access.clusterDenied(AclOperation.ALTER)));
        }
        List<AclBinding> acls = new ArrayList<>(n);
        for (CreateAclsRequestData.AclCreation c : request.creations()) {
            acls.add(AclWire.binding(c.resourceType(), c.resourceName(), c.resourcePatternType(), c.principal(),
                    c.host(), c.operation(), c.permissionType()));
        }
        return metadata.submit(new ControllerCommand.CreateAcls(acls)).handle((results, failure) -> {
            ApiError whole = failure == null ? null : ControllerFailure.of(failure);
            return response(n, i -> whole != null ? whole : results.get(i));
        });
    }

    private static ApiMessage response(int n, java.util.function.IntFunction<ApiError> outcome) {
        List<AclCreationResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ApiError e = outcome.apply(i);
            out.add(new AclCreationResult().setErrorCode(e.error().code())
                    .setErrorMessage(e.isSuccess() ? null : e.messageOrDefault()));
        }
        return new CreateAclsResponseData().setResults(out);
    }
}
