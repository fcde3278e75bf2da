package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ConsumerGroupDescribeRequestData;
import io.tributary.protocol.message.ConsumerGroupDescribeResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupDescribe: consumer-protocol groups with their epochs, assignor and members (current and target
 * assignments). A classic group answers GROUP_ID_NOT_FOUND, which makes Kafka's Admin client fall back to
 * DescribeGroups.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;

    public ConsumerGroupDescribeHandler(GroupCoordinatorService coordinator, MetadataNode metadata) {
        this.coordinator = coordinator;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ConsumerGroupDescribeRequestData request = (ConsumerGroupDescribeRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        return coordinator.run((c, now) -> {
            List<ConsumerGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
            for (String groupId : request.groupIds()) {
                groups.add(c.describeConsumerGroup(groupId, catalog));
            }
            return new ConsumerGroupDescribeResponseData().setGroups(groups);
        });
    }
}
