package io.tributary.broker;

import io.tributary.broker.config.TopicConfigResolver;
import io.tributary.broker.group.GroupCoordinatorService;
import io.tributary.broker.group.OffsetsTopic;
import io.tributary.broker.handler.ApiVersionsHandler;
import io.tributary.broker.handler.Handlers;
import io.tributary.broker.network.KafkaListener;
import io.tributary.broker.network.RequestRouter;
import io.tributary.broker.txn.TransactionCoordinatorService;
import io.tributary.broker.txn.TransactionMarkers;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.log.LogManager;
import io.tributary.protocol.Errors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final BrokerConfig config;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService requestExecutor;
    private final KafkaListener listener = new KafkaListener();
    private final BrokerMetrics metrics = new BrokerMetrics();
    private volatile boolean closed;
    private MetadataNode metadata;
    private LogManager logManager;
    private PartitionManager partitions;
    private GroupCoordinatorService groups;
    private TransactionCoordinatorService transactions;
    private volatile long brokerEpoch = -1;
    private InetSocketAddress boundAddress;

    public BrokerServer(BrokerConfig config) {
        this.config = config;
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
        try {
            boundAddress = listener.start(config.listener(), router, requestExecutor, metrics,
                    config.socketRequestMaxBytes(), config.connectionsMaxIdleMs());
        } catch (Exception e) {   // Netty rethrows the bind's BindException undeclared
            if (e instanceof java.net.BindException) {
                throw new StartupException("cannot listen on " + hostPort(config.listener()) + " (listeners, PLAINTEXT): "
                        + e.getMessage(), e);
            }
            throw e;
        }
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
        groups = new GroupCoordinatorService(config.groups(), new OffsetsTopic(metadata, config.groups()), partitions,
                config.nodeId(), Clock.systemUTC());
        partitions.addLeadershipListener(groups);
        ProducerIdBlocks producerIds = new ProducerIdBlocks(metadata, config.nodeId(), () -> brokerEpoch);
        TransactionMarkers markers = new TransactionMarkers(partitions, config.nodeId(), groups::completeTransaction);
        transactions = new TransactionCoordinatorService(config.transactions(), metadata, partitions, markers,
                producerIds::next, config.nodeId(), Clock.systemUTC());
        partitions.addLeadershipListener(transactions);
        metadata.subscribe(partitions);
        partitions.reconcile(metadata.image());
        metrics.watch(partitions::count, logManager);

        ApiVersionsHandler apiVersions = new ApiVersionsHandler(router::served);
        Handlers.registerAll(router, apiVersions, new ReadYourWritesMetadata(metadata, partitions), partitions,
                logManager, producerIds, config, metrics, groups, transactions, markers);
        router.onUnsupportedApiVersions(() -> apiVersions.response(Errors.UNSUPPORTED_VERSION));
        register();
        router.open();
        return boundAddress;
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (metadata.controllerId().isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (metadata.controllerId().isEmpty()) {
            throw new IllegalStateException("no controller elected within 60 s among "
                    + config.quorum().voters().keySet());
        }
    }

    /** Registers with the controller, then heartbeats; returns once the controller has unfenced this broker. */
    private void register() throws InterruptedException {
        InetSocketAddress advertised = config.advertised();
        int port = advertised.getPort() == 0 ? boundAddress.getPort() : advertised.getPort();
        Endpoint endpoint = new Endpoint("PLAINTEXT", advertised.getHostString(), port, (short) 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                ControllerCommand.RegisterBroker.Result r = metadata.submit(new ControllerCommand.RegisterBroker(
                        config.nodeId(), UUID.randomUUID(), List.of(endpoint), null)).get(10, TimeUnit.SECONDS);
                if (r.error().error() == Errors.NONE) {
                    brokerEpoch = r.brokerEpoch();
                    break;
                }
                LOG.warning("broker registration refused: " + r.error());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.log(Level.FINE, "broker registration not yet possible", e);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (brokerEpoch < 0) {
            throw new IllegalStateException("could not register node " + config.nodeId() + " with the controller");
        }
        while (System.nanoTime() < deadline) {
            if (!heartbeat()) {
                scheduler.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the controller did not unfence node " + config.nodeId());
    }

    /** One heartbeat; returns whether the broker is still fenced. */
    private boolean heartbeat() {
        try {
            ControllerCommand.BrokerHeartbeat.Result r = metadata.submit(new ControllerCommand.BrokerHeartbeat(
                    config.nodeId(), brokerEpoch, false, false)).get(10, TimeUnit.SECONDS);
            return r.fenced();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "heartbeat failed: " + e.getMessage());
            return true;
        }
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** The hosted partitions (tests look at their logs). */
    PartitionManager partitions() {
        return partitions;
    }

    /** Whether {@link #close} has begun (a start racing with it may then fail; that is no error). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        listener.close();
        requestExecutor.shutdownNow();
        if (transactions != null) {
            transactions.close();
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
