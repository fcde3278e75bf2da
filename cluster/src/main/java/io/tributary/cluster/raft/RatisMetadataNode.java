package io.tributary.cluster.raft;

import io.tributary.cluster.MetadataListener;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.QuorumConfig;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.cluster.controller.ControllerLogic;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MetadataNode} on Apache Ratis: one Raft server per node (Netty transport), the
 * {@link MetadataStateMachine}, and — on voters — the {@link ControllerEventLoop}. Voters are the peers of
 * {@code controller.quorum.voters}; a broker that is not a voter joins the group as a Ratis
 * <em>listener</em> (a non-voting member that receives and applies every committed entry), adding itself to
 * the configuration through the leader when it starts.
 */
public final class RatisMetadataNode implements MetadataNode {
    private static final Logger LOG = LoggerFactory.getLogger(RatisMetadataNode.class);

    private final QuorumConfig config;
    private final RaftGroupId groupId;
    private final RaftPeerId selfId;
    private final RaftServer server;
    private final MetadataStateMachine stateMachine;
    private final ControllerEventLoop controller;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final RaftProperties properties;
    private volatile boolean closed;

    private RatisMetadataNode(QuorumConfig config, ControllerConfig controllerConfig, Clock clock)
            throws IOException {
        this.config = config;
        this.groupId = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
                ("tributary-metadata:" + config.clusterId()).getBytes(StandardCharsets.UTF_8)));
        this.selfId = peerId(config.nodeId());
        this.properties = RatisSettings.properties(config);
        if (config.isVoter()) {
            SecureRandom random = new SecureRandom();
            ControllerLogic logic = new ControllerLogic(controllerConfig,
                    () -> new UUID(random.nextLong(), random.nextLong()));
            long checkEvery = Math.max(50, Math.min(1000, controllerConfig.sessionTimeoutMs() / 4));
            this.controller = new ControllerEventLoop(config.nodeId(), logic, clock, this::append,
                    this::controllerId, checkEvery);
        } else {
            this.controller = null;
        }
        this.stateMachine = new MetadataStateMachine(new MetadataStateMachine.Events() {
            @Override
            public void applied(MetadataDelta delta, MetadataImage image) {
                publish(delta, image);
            }

            @Override
            public void leaderReady(MetadataImage image, long term) {
                if (controller != null) {
                    controller.activate(image, term);
                }
            }

            @Override
            public void leaderLost() {
                if (controller != null) {
                    controller.deactivate();
                }
            }
        });
        List<RaftPeer> peers = new ArrayList<>(voterPeers());
        if (!config.isVoter()) {
            peers.add(listenerPeer());
        }
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(RaftGroup.valueOf(groupId, peers))
                .setStateMachine(stateMachine)
                .setProperties(properties)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
    }

    /** Starts the node; a listener also asks the quorum to add it (in the background, with retries). */
    public static RatisMetadataNode start(QuorumConfig config, ControllerConfig controllerConfig, Clock clock)
            throws IOException {
        RatisMetadataNode node = new RatisMetadataNode(config, controllerConfig, clock);
        node.server.start();
        if (!config.isVoter()) {
            Thread join = new Thread(node::joinAsListener, "metadata-join-" + config.nodeId());
            join.setDaemon(true);
            join.start();
        }
        return node;
    }

    private List<RaftPeer> voterPeers() {
        List<RaftPeer> peers = new ArrayList<>();
        for (Map.Entry<Integer, InetSocketAddress> v : config.voters().entrySet()) {
            peers.add(RaftPeer.newBuilder().setId(peerId(v.getKey())).setAddress(address(v.getValue())).build());
        }
        return peers;
    }

    private RaftPeer listenerPeer() {
        return RaftPeer.newBuilder().setId(selfId).setAddress(address(config.listenerAddress()))
                .setStartupRole(RaftPeerRole.LISTENER).build();
    }

    /** Adds this node to the group's listeners through the leader; retried until it succeeds or we close. */
    private void joinAsListener() {
        SetConfigurationRequest.Arguments add = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(List.of())
                .setListenersInNewConf(List.of(listenerPeer()))
                .setMode(SetConfigurationRequest.Mode.ADD)
                .build();
        try (RaftClient client = RaftClient.newBuilder().setProperties(properties)
                .setRaftGroup(RaftGroup.valueOf(groupId, voterPeers())).build()) {
            while (!closed) {
                try {
                    RaftClientReply reply = client.admin().setConfiguration(add);
                    if (reply.isSuccess()) {
                        LOG.info("node {}: joined the metadata quorum as a listener", config.nodeId());
                        return;
                    }
                    LOG.info("node {}: joining as listener failed: {}", config.nodeId(), reply.getException());
                } catch (IOException e) {
                    LOG.info("node {}: joining as listener failed: {}", config.nodeId(), e.toString());
                }
                Thread.sleep(200); // retry pacing for a background task, not a test wait
            }
        } catch (IOException e) {
            LOG.warn("node {}: could not create the join client", config.nodeId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<Void> append(byte[] batch) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClientId)
                .setServerId(selfId)
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(ByteString.copyFrom(batch)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request).thenApply(reply -> {
                if (!reply.isSuccess()) {
                    throw new NotControllerException("append failed: " + reply.getException(), controllerId());
                }
                return null;
            });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void publish(MetadataDelta delta, MetadataImage image) {
        for (MetadataListener l : listeners) {
            try {
                l.onMetadataUpdate(delta, image);
            } catch (RuntimeException e) {
                LOG.error("node {}: metadata listener failed", config.nodeId(), e);
            }
        }
    }

    @Override
    public int nodeId() {
        return config.nodeId();
    }

    @Override
    public MetadataImage image() {
        return stateMachine.image();
    }

    @Override
    public void subscribe(MetadataListener listener) {
        listeners.add(listener);
    }

    @Override
    public void unsubscribe(MetadataListener listener) {
        listeners.remove(listener);
    }

    @Override
    public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        if (controller == null) {
            return CompletableFuture.failedFuture(new NotControllerException(
                    "node " + config.nodeId() + " is not a controller", controllerId()));
        }
        return controller.submit(command);
    }

    @Override
    public boolean isActiveController() {
        return controller != null && controller.isActive();
    }

    @Override
    public OptionalInt controllerId() {
        RaftPeerId leader = stateMachine.leaderId();
        return leader == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(leader.toString()));
    }

    @Override
    public long latestSnapshotOffset() {
        SnapshotInfo snapshot = stateMachine.getLatestSnapshot();
        return snapshot == null ? -1 : snapshot.getIndex();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            server.close();
        } finally {
            if (controller != null) {
                controller.close();
            }
        }
    }

    private static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf(Integer.toString(nodeId));
    }

    private static String address(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
