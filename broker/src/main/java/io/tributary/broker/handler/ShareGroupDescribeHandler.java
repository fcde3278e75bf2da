package io.tributary.broker.handler;

import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ShareGroupDescribeRequestData;
import io.tributary.protocol.message.ShareGroupDescribeResponseData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ShareGroupDescribe: share groups with their state (Empty/Stable), epochs, assignor ({@code simple}) and members
 * with their assignments; GROUP_ID_NOT_FOUND (state Dead) for an unknown group or one of another kind.
 */
public final class ShareGroupDescribeHandler implements ApiHandler {

    private final GroupCoordinatorService coordinator;
    private final MetadataNode metadata;

    public ShareGroupDescribeHandler(GroupCoordinatorService coordinator, MetadataNode metadata) {
        this.coordinator = coordinator;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        ShareGroupDescribeRequestData request = (ShareGroupDescribeRequestData) body;
        ImageTopicCatalog catalog = new ImageTopicCatalog(metadata.image());
        return coordinator.run((c, now) -> {
            List<ShareGroupDescribeResponseData.DescribedGroup> groups = new ArrayList<>();
            for (String groupId : request.groupIds()) {
                groups.add(c.describeShareGroup(groupId, catalog));
            }
            return new ShareGroupDescribeResponseData().setGroups(groups);
        });
    }
}
