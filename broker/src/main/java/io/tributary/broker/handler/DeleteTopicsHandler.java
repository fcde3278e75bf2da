package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.Message;
import io.tributary.protocol.message.DeleteTopicsRequestData;
import io.tributary.protocol.message.DeleteTopicsResponseData.DeletableTopicResult;
import io.tributary.protocol.message.DeleteTopicsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * DeleteTopics through the controller, by name (v0–v5) or by name or id (v6+). Each topic is answered on its own:
 * UNKNOWN_TOPIC_OR_PARTITION for an unknown name, UNKNOWN_TOPIC_ID for an unknown id, INVALID_REQUEST for an entry
 * naming both or neither, or a topic named twice. The answer comes once the removal is committed; the partitions'
 * logs are then deleted from disk in the background.
 */
public final class DeleteTopicsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public DeleteTopicsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    /**
     * One requested deletion: exactly one of name and id is set once validated; {@code hideName} when it was named
     * by id and the principal may not describe it.
     */
    private record Item(String name, UUID id, ApiError invalid, boolean hideName) {
        Item(String name, UUID id, ApiError invalid) {
            this(name, id, invalid, false);
        }
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        MetadataImage before = metadata.image();
        List<Item> items = authorized(context, items((DeleteTopicsRequestData) body), before);
        List<String> names = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Item item : items) {
            if (item.invalid() == null && item.name() != null) {
                names.add(item.name());
            } else if (item.invalid() == null) {
                ids.add(item.id());
            }
        }
        CompletableFuture<ControllerCommand.DeleteTopics.Result> submitted = names.isEmpty() && ids.isEmpty()
                ? CompletableFuture.completedFuture(new ControllerCommand.DeleteTopics.Result(Map.of(), Map.of()))
                : metadata.submit(new ControllerCommand.DeleteTopics(names, ids));
        return submitted.handle((result, failure) -> {
            List<DeletableTopicResult> out = new ArrayList<>();
            for (Item item : items) {
                ApiError error = item.invalid() != null ? item.invalid()
                        : failure != null ? ControllerFailure.of(failure)
                        : item.name() != null ? result.byName().get(item.name()) : result.byId().get(item.id());
                if (error == null) {
                    error = ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for this topic");
                }
                out.add(answer(item, error, before));
            }
            return (ApiMessage) new DeleteTopicsResponseData().setResponses(out);
        });
    }

    private static DeletableTopicResult answer(Item item, ApiError error, MetadataImage before) {
        TopicImage topic = item.name() != null ? before.topic(item.name())
                : item.id() != null ? before.topic(item.id()) : null;
        String name = item.name() != null ? item.name() : topic != null && !item.hideName() ? topic.name() : null;
        UUID id = item.id() != null ? item.id() : topic != null ? topic.id() : Message.ZERO_UUID;
        return new DeletableTopicResult().setName(name).setTopicId(id).setErrorCode(error.error().code())
                .setErrorMessage(error.isSuccess() ? null : error.messageOrDefault());
    }

    /**
     * Kafka's checks (its controller's): DELETE on the cluster covers every topic; else a topic named must be
     * describable (or it is TOPIC_AUTHORIZATION_FAILED whether it exists or not), and an existing one deletable.
     */
    private List<Item> authorized(RequestContext context, List<Item> items, MetadataImage image) {
        if (access.allowsCluster(context, AclOperation.DELETE)) {
            return items;
        }
        Predicate<String> mayDescribe = access.allowing(context, AclOperation.DESCRIBE, ResourceType.TOPIC);
        Predicate<String> mayDelete = access.allowing(context, AclOperation.DELETE, ResourceType.TOPIC);
        ApiError denied = ApiError.of(Errors.TOPIC_AUTHORIZATION_FAILED);
        List<Item> out = new ArrayList<>();
        for (Item item : items) {
            TopicImage topic = item.invalid() != null ? null
                    : item.name() != null ? image.topic(item.name()) : image.topic(item.id());
            if (item.invalid() == null && item.name() != null && !mayDescribe.test(item.name())) {
                out.add(new Item(item.name(), item.id(), denied));
            } else if (topic != null && !mayDelete.test(topic.name())) {
                out.add(new Item(item.name(), item.id(), denied,
                        item.name() == null && !mayDescribe.test(topic.name())));
            } else {
                out.add(item);   // allowed, or unknown: the controller answers that
            }
        }
        return out;
    }

    /** The requested deletions, with the invalid ones marked. */
    private static List<Item> items(DeleteTopicsRequestData request) {
        List<Item> items = new ArrayList<>();
        if (request.topics() != null && !request.topics().isEmpty()) {
            for (DeleteTopicsRequestData.DeleteTopicState t : request.topics()) {
                boolean hasId = t.topicId() != null && !t.topicId().equals(Message.ZERO_UUID);
                UUID id = hasId ? t.topicId() : null;
                if (t.name() != null && hasId) {
                    items.add(new Item(t.name(), null, ApiError.of(Errors.INVALID_REQUEST,
                            "You may not specify both topic name and topic id.")));
                } else if (t.name() == null && !hasId) {
                    items.add(new Item(null, null, ApiError.of(Errors.INVALID_REQUEST,
                            "Neither topic name nor id were specified.")));
                } else {
                    items.add(new Item(t.name(), id, null));
                }
            }
        } else if (request.topicNames() != null) {
            for (String name : request.topicNames()) {
                items.add(new Item(name, null, null));
            }
        }
        Map<Object, Integer> seen = new HashMap<>();
        for (Item item : items) {
            if (item.invalid() == null) {
                seen.merge(item.name() != null ? item.name() : item.id(), 1, Integer::sum);
            }
        }
        List<Item> checked = new ArrayList<>();
        for (Item item : items) {
            boolean duplicate = item.invalid() == null && seen.get(item.name() != null ? item.name() : item.id()) > 1;
            checked.add(duplicate ? new Item(item.name(), item.id(), ApiError.of(Errors.INVALID_REQUEST,
                    item.name() != null ? "Duplicate topic name." : "Duplicate topic id.")) : item);
        }
        return checked;
    }
}
