package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeClientQuotasRequestData;
import io.tributary.protocol.message.DescribeClientQuotasResponseData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeClientQuotas from this broker's metadata image: the entities a {@link ClientQuotaFilter} selects, each with
 * its quotas; a bad filter is INVALID_REQUEST for the whole response, as in Kafka.
 */
public final class DescribeClientQuotasHandler implements ApiHandler {

    private final MetadataNode metadata;
    private final Access access;

    public DescribeClientQuotasHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        if (!access.allowsCluster(context, AclOperation.DESCRIBE_CONFIGS)) {   // as Kafka: the whole answer
            return CompletableFuture.completedFuture(new DescribeClientQuotasResponseData()
                    .setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                    .setErrorMessage(Errors.CLUSTER_AUTHORIZATION_FAILED.message()).setEntries(null));
        }
        DescribeClientQuotasRequestData request = (DescribeClientQuotasRequestData) body;
        ClientQuotaFilter filter;
        try {
            filter = ClientQuotaFilter.of(request.components(), request.strict());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new DescribeClientQuotasResponseData()
                    .setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage()).setEntries(null));
        }
        List<DescribeClientQuotasResponseData.EntryData> entries = new ArrayList<>();
        for (Map.Entry<ClientQuotaEntity, Map<String, Double>> e
                : metadata.image().clientQuotas().entities().entrySet()) {
            if (!filter.matches(e.getKey())) {
                continue;
            }
            List<DescribeClientQuotasResponseData.EntityData> entity = new ArrayList<>();
            e.getKey().entries().forEach((type, name) -> entity.add(
                    new DescribeClientQuotasResponseData.EntityData().setEntityType(type).setEntityName(name)));
            List<DescribeClientQuotasResponseData.ValueData> values = new ArrayList<>();
            e.getValue().forEach((key, value) -> values.add(
                    new DescribeClientQuotasResponseData.ValueData().setKey(key).setValue(value)));
            entries.add(new DescribeClientQuotasResponseData.EntryData().setEntity(entity).setValues(values));
        }
        return CompletableFuture.completedFuture(new DescribeClientQuotasResponseData().setEntries(entries));
    }
}
