package io.tributary.broker;

import io.tributary.broker.config.TopicConfigResolver;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.handler.ApiVersionsHandler;
import io.tributary.broker.handler.Handlers;
import io.tributary.broker.network.KafkaListener;
import io.tributary.broker.network.ListenerConfig;
import io.tributary.broker.security.ImageScramCredentials;
import io.tributary.broker.security.ScramServerFactory;
import io.tributary.broker.network.RequestRouter;
import io.tributary.broker.replica.ReplicaFetchers;
import io.tributary.broker.security.Authorizer;
import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.broker.security.StandardAuthorizer;
import io.tributary.broker.config.GroupConfigResolver;
import io.tributary.broker.share.ShareCoordinatorService;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.broker.share.ShareSessions;
import io.tributary.broker.share.ShareStateClient;
import io.tributary.broker.share.ShareStatePersister;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionMarkers;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.log.LogManager;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ApiKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Tributary node: the metadata quorum member (and controller, in combined mode), the partition logs, and the
 * Kafka listener with its request handlers. {@link #start} returns once clients can connect: the listener is bound
 * and this broker is registered and unfenced, so Metadata answers list it.
 */
public final class BrokerServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BrokerServer.class.getName());
    private static final long HEARTBEAT_MS = 2000;
    /** How long a command sent to another node's controller is tried (and each request waited for). */
    private static final int CONTROLLER_REQUEST_TIMEOUT_MS = 10_000;
    private static final long CONTROLLED_SHUTDOWN_MS = 30_000;
    private static final long CONTROLLED_SHUTDOWN_SILENCE_MS = 5_000;

    private final BrokerConfig config;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService requestExecutor;
    /** SCRAM logins read the credentials of the newest metadata image (the quorum starts after the listeners). */
    private final KafkaListener listener = new KafkaListener(new ScramServerFactory(
            new ImageScramCredentials(() -> this.metadata.image()), new java.security.SecureRandom()));
    private final BrokerMetrics metrics = new BrokerMetrics();
    private volatile boolean closed;
    private volatile boolean shuttingDown;
    private MetadataNode metadata;
    private ControllerChannel controllerChannel;
    /** {@link #metadata} with the broker's commands forwarded to the active controller when it is elsewhere */
    private MetadataNode controller;
    private final AtomicReference<String> lastWarning = new AtomicReference<>();
    private LogManager logManager;
    private PartitionManager partitions;
    private GroupCoordinatorService groups;
    private TransactionCoordinatorService transactions;
    private ShareCoordinatorService shareCoordinator;
    private volatile ShareStatePersister shareStates;
    private SharePartitionManager shareLeaders;
    private ReplicaFetchers fetchers;
    private InterBrokerClient interBroker;
    private GoneBrokerDetector goneBrokers;
    /** The authorizer when {@code authorizer.class.name} is set: the handlers ask it (handler.Access). */
    private Optional<StandardAuthorizer> authorizer = Optional.empty();
    private volatile long brokerEpoch = -1;
    private InetSocketAddress boundAddress;
    private final Map<String, InetSocketAddress> boundListeners = new java.util.LinkedHashMap<>();
    private final ShareStatePersister sharePersister;

    public BrokerServer(BrokerConfig config) {
        this(config, null);
    }

    /**
     * A node whose share-partition state lives in {@code sharePersister} (tests: an in-memory one) instead of the
     * share coordinator; null: the broker's own.
     */
    BrokerServer(BrokerConfig config, ShareStatePersister sharePersister) {
        this.config = config;
        this.sharePersister = sharePersister;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("tributary-scheduler"));
        this.requestExecutor = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors()),
                daemon("request-handler"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts every part; returns the address the Kafka listener is bound to. */
    public InetSocketAddress start() throws IOException, InterruptedException {
        // Accept connections at once; requests wait until the router opens at the end of startup.
        RequestRouter router = new RequestRouter();
        for (ListenerConfig l : config.listeners()) {
            InetSocketAddress bound;
            try {
                bound = listener.start(l, router, requestExecutor, metrics, config.socketRequestMaxBytes(),
                        config.connectionsMaxIdleMs());
            } catch (IllegalArgumentException e) {
                throw new StartupException("listener " + l.name() + ": " + e.getMessage(), e);
            } catch (Exception e) {   // Netty rethrows the bind's BindException undeclared
                if (e instanceof java.net.BindException) {
                    throw new StartupException("cannot listen on " + hostPort(l.bind()) + " (listeners, " + l.name()
                            + "): " + e.getMessage(), e);
                }
                throw e;
            }
            boundListeners.put(l.name(), bound);
        }
        boundAddress = boundListeners.get(config.interBrokerListener());
        try {
            metadata = MetadataNode.start(config.quorum(), config.controller(), Clock.systemUTC());
        } catch (IOException e) {
            throw new StartupException("cannot start the metadata quorum on " + hostPort(config.quorum().raftAddress())
                    + " (listeners, CONTROLLER; metadata.log.dir): " + rootMessage(e), e);
        }
        awaitController();
        logManager = new LogManager(config.logDirs(), Clock.systemUTC(), scheduler);
        TopicConfigResolver topicConfigs = new TopicConfigResolver(config);
        logManager.startup(tp -> topicConfigs.logConfig(metadata.image(), tp.topic()), config.logIntervals());
        partitions = new PartitionManager(config.nodeId(), logManager, topicConfigs);
        InterBrokerSecurity interBrokerSecurity;
        try {
            interBrokerSecurity = config.interBrokerSecurity();
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        controllerChannel = new ControllerChannel(ControllerChannel.locator(metadata, config.interBrokerListener()),
                "tributary-broker-" + config.nodeId(), CONTROLLER_REQUEST_TIMEOUT_MS, interBrokerSecurity);
        controller = new ForwardingMetadataNode(metadata, controllerChannel, partitions::awaitPublished, scheduler,
                config.quorum().clusterId(), CONTROLLER_REQUEST_TIMEOUT_MS);
        GroupConfigResolver groupConfigs = new GroupConfigResolver(metadata, config.groups(), config.shares());
        groups = new GroupCoordinatorService(config.groups(), config.shares(), groupConfigs::share,
                new OffsetsTopic(controller, config.groups()), partitions, config.nodeId(), Clock.systemUTC());
        partitions.addLeadershipListener(groups);
        ProducerIdBlocks producerIds = new ProducerIdBlocks(controller, config.nodeId(), () -> brokerEpoch);
        interBroker = new InterBrokerClient(metadata, config.interBrokerListener(),
                "tributary-broker-" + config.nodeId(),
                CONTROLLER_REQUEST_TIMEOUT_MS, interBrokerSecurity);
        TransactionMarkers markers = new TransactionMarkers(partitions, config.nodeId(), groups::completeTransaction,
                interBroker);
        transactions = new TransactionCoordinatorService(config.transactions(), controller, partitions, markers,
                producerIds::next, config.nodeId(), Clock.systemUTC());
        partitions.addLeadershipListener(transactions);
        shareCoordinator = new ShareCoordinatorService(config.shares(), controller, partitions, config.nodeId(),
                Clock.systemUTC());
        partitions.addLeadershipListener(shareCoordinator);
        shareStates = sharePersister != null ? sharePersister : new ShareStateClient(config.nodeId(),
                shareCoordinator, shareCoordinator.stateTopic(), interBroker::send, scheduler, Clock.systemUTC(),
                ShareStateClient.DEFAULT_TIMEOUT_MS);
        shareLeaders = new SharePartitionManager(partitions, shareStates, groupConfigs::share, Clock.systemUTC());
        partitions.addLeadershipListener(shareLeaders);
        fetchers = new ReplicaFetchers(config.nodeId(), () -> brokerEpoch, interBroker::kafkaAddress,
                config.replication(),
                partitions::highWatermarkMoved, interBrokerSecurity);
        partitions.startReplication(this::proposeIsr, fetchers, scheduler, config.replication().lagTimeMaxMs());
        // before the partitions: a client answered "ACL created" (once this broker published the change) is
        // then already authorized by it
        authorizer = config.authorizer().enabled() ? Optional.of(new StandardAuthorizer(config.authorizer()))
                : Optional.empty();
        authorizer.ifPresent(a -> {
            metadata.subscribe(a);
            a.load(metadata.image());
        });
        metadata.subscribe(partitions);
        partitions.reconcile(metadata.image());
        metrics.watch(partitions::count, logManager);
        metrics.watchReplication(partitions, metadata);

        // ApiVersions lists what a Kafka broker listener lists: not the controller APIs served beside them
        ApiVersionsHandler apiVersions = new ApiVersionsHandler(() -> clientApis(router.served()));
        Handlers.registerAll(router, apiVersions, new ReadYourWritesMetadata(controller, partitions), partitions,
                logManager, producerIds, config, metrics, groups, transactions, markers, interBroker,
                shareCoordinator, shareStates, shareLeaders,
                new ShareSessions(config.shares().maxShareSessions()), authorizer.map(a -> (Authorizer) a));
        Handlers.registerControllerApis(router, metadata, config.quorum().clusterId(),
                authorizer.map(a -> (Authorizer) a));
        router.onUnsupportedApiVersions(() -> apiVersions.response(Errors.UNSUPPORTED_VERSION));
        register();
        if (config.livenessProbe()) {
            goneBrokers = new GoneBrokerDetector(metadata, config.interBrokerListener());
            goneBrokers.start();
        }
        router.open();
        return boundAddress;
    }

    /** Sends a led partition's ISR change to the controller; completes with the committed registration or null. */
    private CompletableFuture<PartitionRegistration> proposeIsr(Partition partition, PartitionRegistration basis,
                                                                List<Integer> newIsr) {
        TopicIdPartition tp = new TopicIdPartition(partition.topicId(), partition.index());
        ControllerCommand.AlterPartition command = new ControllerCommand.AlterPartition(config.nodeId(), brokerEpoch,
                List.of(new ControllerCommand.IsrChange(tp, basis.leaderEpoch(), basis.partitionEpoch(), newIsr)));
        return controller.submit(command).orTimeout(CONTROLLER_REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    String name = partition.topic() + "-" + partition.index();
                    if (failure != null) {
                        LOG.fine(() -> "ISR change of " + name + " to " + newIsr + " failed: " + reason(failure));
                        return null;
                    }
                    ControllerCommand.AlterPartition.PartitionResult r = result.partitions().get(tp);
                    if (result.error() != Errors.NONE || r == null || !r.error().isSuccess()) {
                        LOG.info("ISR change of " + name + " to " + newIsr + " refused: "
                                + (result.error() != Errors.NONE ? result.error() : r == null ? "no answer" : r.error()));
                        return null;
                    }
                    LOG.fine(() -> "ISR of " + name + " is now " + newIsr);
                    return r.registration();
                });
    }

    private static Set<ApiKey> clientApis(Set<ApiKey> served) {
        Set<ApiKey> apis = EnumSet.noneOf(ApiKey.class);
        apis.addAll(served);
        apis.removeAll(Handlers.CONTROLLER_APIS);
        return apis;
    }

    private String voters() {
        StringBuilder out = new StringBuilder();
        config.quorum().voters().forEach((id, address) -> out.append(out.length() == 0 ? "" : ",").append(id)
                .append('@').append(hostPort(address)));
        return out.toString();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private void awaitController() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        boolean warned = false;
        while (metadata.controllerId().isEmpty() && System.nanoTime() < deadline) {
            if (!warned && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(5)) {
                warned = true;
                LOG.warning("node " + config.nodeId() + " is waiting for the metadata quorum to elect a controller:"
                        + " a majority of controller.quorum.voters (" + voters() + ") must be running and reachable");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (metadata.controllerId().isEmpty()) {
            throw new IllegalStateException("no controller elected within 60 s among "
                    + config.quorum().voters().keySet());
        }
    }

    /** Registers with the controller, then heartbeats; returns once the controller has unfenced this broker. */
    private void register() throws InterruptedException {
        List<Endpoint> endpoints = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            InetSocketAddress advertised = l.advertised();
            int port = advertised.getPort() == 0 ? boundListeners.get(l.name()).getPort() : advertised.getPort();
            endpoints.add(new Endpoint(l.name(), advertised.getHostString(), port, l.protocol().id));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        UUID incarnation = UUID.randomUUID();
        while (System.nanoTime() < deadline) {
            try {
                ControllerCommand.RegisterBroker.Result r = controller.submit(new ControllerCommand.RegisterBroker(
                        config.nodeId(), incarnation, List.copyOf(endpoints), config.rack())).get(30, TimeUnit.SECONDS);
                if (r.error().error() == Errors.NONE) {
                    brokerEpoch = r.brokerEpoch();
                    lastWarning.set(null);
                    break;
                }
                warnOnce("node " + config.nodeId() + ": the controller refused its registration: " + r.error());
            } catch (ExecutionException | TimeoutException e) {
                warnOnce("node " + config.nodeId() + " is waiting to register with the active controller ("
                        + controllerName() + "): " + reason(e));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (brokerEpoch < 0) {
            throw new IllegalStateException("could not register node " + config.nodeId()
                    + " with the active controller within 60 s; last: " + lastWarning.get());
        }
        while (System.nanoTime() < deadline) {
            try {
                ControllerCommand.BrokerHeartbeat.Result r = heartbeat().get(30, TimeUnit.SECONDS);
                if (r.error().error() != Errors.NONE) {
                    warnOnce("node " + config.nodeId() + ": the controller refused its heartbeat: " + r.error());
                } else if (!r.fenced()) {
                    lastWarning.set(null);
                    scheduler.schedule(this::heartbeatLoop, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                warnOnce("node " + config.nodeId() + " is waiting for the active controller (" + controllerName()
                        + ") to unfence it: " + reason(e));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the controller (" + controllerName() + ") did not unfence node "
                + config.nodeId() + " within 60 s");
    }

    private CompletableFuture<ControllerCommand.BrokerHeartbeat.Result> heartbeat() {
        return controller.submit(new ControllerCommand.BrokerHeartbeat(config.nodeId(), brokerEpoch, false,
                shuttingDown));
    }

    /**
     * Controlled shutdown (Kafka's, on by default: {@code controlled.shutdown.enable}): heartbeats asking to shut
     * down until the controller has moved this broker's leaderships to other in-sync replicas and says it may stop,
     * so clients see only a retriable NOT_LEADER_OR_FOLLOWER. Gives up after {@link #CONTROLLED_SHUTDOWN_MS}, or
     * after {@link #CONTROLLED_SHUTDOWN_SILENCE_MS} without any answer (no controller reachable: nothing to wait for).
     */
    private void controlledShutdown() {
        shuttingDown = true;
        long start = System.nanoTime();
        long lastAnswer = start;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(CONTROLLED_SHUTDOWN_MS)
                && System.nanoTime() - lastAnswer < TimeUnit.MILLISECONDS.toNanos(CONTROLLED_SHUTDOWN_SILENCE_MS)) {
            try {
                ControllerCommand.BrokerHeartbeat.Result r = heartbeat().get(CONTROLLED_SHUTDOWN_SILENCE_MS,
                        TimeUnit.MILLISECONDS);
                lastAnswer = System.nanoTime();
                if (r.error().error() == Errors.NONE && r.shouldShutdown()) {
                    LOG.info("node " + config.nodeId() + ": controlled shutdown done (leaderships moved) in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOG.fine(() -> "controlled shutdown heartbeat failed: " + reason(e));
            }
        }
        LOG.warning("node " + config.nodeId() + ": controlled shutdown did not complete; stopping anyway");
    }

    /** Heartbeats every {@link #HEARTBEAT_MS} from the end of the previous one, without holding a thread. */
    private void heartbeatLoop() {
        if (closed) {
            return;
        }
        heartbeat().orTimeout(30, TimeUnit.SECONDS).whenComplete((r, failure) -> {
            if (failure != null) {
                warnOnce("node " + config.nodeId() + ": heartbeat to the active controller (" + controllerName()
                        + ") failed: " + reason(failure));
            } else if (r.error().error() != Errors.NONE) {
                warnOnce("node " + config.nodeId() + ": the controller refused its heartbeat: " + r.error());
            } else {
                lastWarning.set(null);
            }
            if (!closed) {
                try {
                    scheduler.schedule(this::heartbeatLoop, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // closing
                }
            }
        });
    }

    private String controllerName() {
        OptionalInt id = metadata.controllerId();
        return id.isEmpty() ? "none elected yet" : "node " + id.getAsInt();
    }

    private static String reason(Throwable failure) {
        Throwable cause = ForwardingMetadataNode.unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "no answer within 30 s";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** Logs a WARNING unless it is the one logged last (a node waiting says so once per distinct reason). */
    private void warnOnce(String message) {
        if (!message.equals(lastWarning.getAndSet(message))) {
            LOG.warning(message);
        }
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    /** Where the inter-broker listener is bound. */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** Where each Kafka listener is bound, by listener name, in the order of {@code listeners}. */
    public Map<String, InetSocketAddress> boundListeners() {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(boundListeners));
    }

    /**
     * Share-partition state from anywhere in the cluster: the share coordinator of each key, on this broker or
     * reached over the wire (share-partition leaders and the group coordinator use it); null before {@link #start}.
     */
    public ShareStatePersister shareStates() {
        return shareStates;
    }

    /** The hosted partitions (tests look at their logs). */
    PartitionManager partitions() {
        return partitions;
    }

    /** The authorizer, when {@code authorizer.class.name} is set. */
    public Optional<Authorizer> authorizer() {
        return authorizer.map(a -> a);
    }

    /** This node's committed metadata image (tests read it). */
    io.tributary.cluster.metadata.MetadataImage metadataImage() {
        return metadata.image();
    }

    /** Whether {@link #close} has begun (a start racing with it may then fail; that is no error). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        close(config.controlledShutdown());
    }

    /**
     * Stops at once, as with {@code controlled.shutdown.enable=false}: for test clusters tearing down, where nothing
     * observes the leaderships move and the last voter's controlled shutdown, its quorum gone, would only wait out
     * {@link #CONTROLLED_SHUTDOWN_SILENCE_MS}.
     */
    void closeWithoutControlledShutdown() {
        close(false);
    }

    private void close(boolean controlled) {
        // Alone, there is nowhere to move leaderships to: the partitions would only go offline until the restart.
        if (!closed && brokerEpoch >= 0 && controller != null && controlled
                && metadata.image().brokers().size() > 1) {
            controlledShutdown();
        }
        closed = true;
        if (goneBrokers != null) {
            goneBrokers.close();
        }
        scheduler.shutdownNow();
        if (controllerChannel != null) {
            controllerChannel.close();
        }
        listener.close();
        requestExecutor.shutdownNow();
        if (fetchers != null) {
            fetchers.close();
        }
        if (interBroker != null) {
            interBroker.close();
        }
        if (transactions != null) {
            transactions.close();
        }
        if (shareLeaders != null) {
            shareLeaders.close();
        }
        if (shareCoordinator != null) {
            shareCoordinator.close();
        }
        if (groups != null) {
            groups.close();
        }
        if (partitions != null) {
            partitions.close();
        }
        try {
            if (logManager != null) {
                logManager.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the logs failed", e);
        }
        metrics.close();
        try {
            if (metadata != null) {
                metadata.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "leaving the metadata quorum failed", e);
        }
    }
}
