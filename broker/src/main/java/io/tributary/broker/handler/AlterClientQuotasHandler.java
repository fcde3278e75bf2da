package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerCommand.QuotaAlteration;
import io.tributary.cluster.controller.ControllerCommand.QuotaEntityComponent;
import io.tributary.cluster.controller.ControllerCommand.QuotaOp;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterClientQuotasRequestData;
import io.tributary.protocol.message.AlterClientQuotasResponseData;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * AlterClientQuotas through the controller, as a Kafka broker forwards it: one result per entry, in order, with the
 * controller's verdict (INVALID_REQUEST and why, or none); {@code validateOnly} checks without writing. Answered once
 * this broker's metadata shows the change, so a DescribeClientQuotas here next reads it.
 */
public final class AlterClientQuotasHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    public AlterClientQuotasHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterClientQuotasRequestData request = (AlterClientQuotasRequestData) body;
        List<QuotaAlteration> entries = new ArrayList<>();
        for (AlterClientQuotasRequestData.EntryData e : request.entries()) {
            List<QuotaEntityComponent> entity = new ArrayList<>();
            for (AlterClientQuotasRequestData.EntityData c : e.entity()) {
                entity.add(new QuotaEntityComponent(c.entityType(), c.entityName()));
            }
            List<QuotaOp> ops = new ArrayList<>();
            for (AlterClientQuotasRequestData.OpData op : e.ops()) {
                ops.add(new QuotaOp(op.key(), op.value(), op.remove()));
            }
            entries.add(new QuotaAlteration(entity, ops));
        }
        boolean allowed = access.allowsCluster(context, AclOperation.ALTER_CONFIGS);   // else every entry refused
        CompletableFuture<List<ApiError>> submitted = !allowed
                ? CompletableFuture.completedFuture(java.util.Collections.nCopies(entries.size(),
                        ApiError.of(Errors.CLUSTER_AUTHORIZATION_FAILED, Errors.CLUSTER_AUTHORIZATION_FAILED.message())))
                : entries.isEmpty() ? CompletableFuture.completedFuture(List.of())
                : metadata.submit(new ControllerCommand.AlterClientQuotas(entries, request.validateOnly()));
        return submitted.handle((results, failure) -> {
            List<AlterClientQuotasResponseData.EntryData> out = new ArrayList<>();
            for (int i = 0; i < request.entries().size(); i++) {
                ApiError e = failure != null ? ControllerFailure.of(failure)
                        : i < results.size() ? results.get(i)
                        : ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for this entry");
                List<AlterClientQuotasResponseData.EntityData> entity = new ArrayList<>();
                for (AlterClientQuotasRequestData.EntityData c : request.entries().get(i).entity()) {
                    entity.add(new AlterClientQuotasResponseData.EntityData().setEntityType(c.entityType())
                            .setEntityName(c.entityName()));
                }
                out.add(new AlterClientQuotasResponseData.EntryData().setErrorCode(e.error().code())
                        .setErrorMessage(e.isSuccess() ? null : e.messageOrDefault()).setEntity(entity));
            }
            return (ApiMessage) new AlterClientQuotasResponseData().setEntries(out);
        });
    }
}
