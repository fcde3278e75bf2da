package io.tributary.broker;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.message.ApiKey;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A quorum member whose answers the test scripts: its id, the controller it knows (itself when it is the active
 * one), a fixed image, and a function answering each {@linkplain #submit submitted command}. Listeners are
 * ignored, there is never a snapshot, and closing does nothing.
 *
 * <p>Also the one way the handler tests hand a request to a handler: {@link #handle}.
 */
public final class ScriptedMetadataNode implements MetadataNode {

    private final int nodeId;
    private final OptionalInt controllerId;
    private final MetadataImage image;
    private final Function<ControllerCommand<?>, CompletableFuture<?>> answers;

    public ScriptedMetadataNode(int nodeId, OptionalInt controllerId, MetadataImage image,
                                Function<ControllerCommand<?>, CompletableFuture<?>> answers) {
        this.nodeId = nodeId;
        this.controllerId = controllerId;
        this.image = image;
        this.answers = answers;
    }

    /** Node 1, the active controller, with an empty image, answering every command with {@code answers}. */
    public static ScriptedMetadataNode activeController(
            Function<ControllerCommand<?>, CompletableFuture<?>> answers) {
        return new ScriptedMetadataNode(1, OptionalInt.of(1), MetadataImage.EMPTY, answers);
    }

    /**
     * Node 1, the active controller, with an empty image, answering commands of {@code type} with {@code answers};
     * a command of any other type fails the test with a {@link ClassCastException}.
     */
    public static <C extends ControllerCommand<R>, R> ScriptedMetadataNode activeController(Class<C> type,
            Function<? super C, ? extends CompletableFuture<R>> answers) {
        return activeController(command -> answers.apply(type.cast(command)));
    }

    /** A node with an empty image that knows {@code controllerId} leads and fails every command NOT_CONTROLLER. */
    public static ScriptedMetadataNode notTheController(int nodeId, int controllerId) {
        return new ScriptedMetadataNode(nodeId, OptionalInt.of(controllerId), MetadataImage.EMPTY,
                command -> CompletableFuture.failedFuture(new NotControllerException(
                        "node " + nodeId + " is not the controller", OptionalInt.of(controllerId))));
    }

    /**
     * Hands {@code request} to {@code handler} as a client of that API version would (no header, peer or event
     * loop) and waits for the answer.
     */
    public static ApiMessage handle(ApiHandler handler, ApiKey api, short version, ApiMessage request) {
        return handler.handle(new RequestContext(api, version, null, null, null, null), request).join();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        return (CompletableFuture<R>) answers.apply(command);
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public void subscribe(MetadataListener listener) {
    }

    @Override
    public void unsubscribe(MetadataListener listener) {
    }

    @Override
    public boolean isActiveController() {
        return controllerId.isPresent() && controllerId.getAsInt() == nodeId;
    }

    @Override
    public OptionalInt controllerId() {
        return controllerId;
    }

    @Override
    public long latestSnapshotOffset() {
        return -1;
    }

    @Override
    public void close() {
    }
}
