package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * On the active controller: finds brokers whose process has exited, so their leaderships move in about a second
 * rather than after {@code broker.session.timeout.ms} (9 s by default). Every {@link #PERIOD_MS} it opens (and
 * closes) a TCP connection to each unfenced broker's Kafka listener; a broker whose listener <em>refuses</em> the
 * connection {@link #REFUSALS} times in a row is fenced ({@link ControllerCommand.FenceBroker}). Only a refusal
 * counts — the kernel's answer for a port nothing listens on — never a timeout: a paused, overloaded or cut-off
 * broker is left to its session timeout, so a busy machine does not cause false failovers. A fenced broker that is
 * in fact alive (its advertised address refuses the controller, yet it heartbeats) is unfenced by its next heartbeat
 * and rejoins the ISRs; it is not probed again, so it cannot flap.
 *
 * <p>This goes beyond Kafka, which waits for the session timeout; it is on by default and turned off with
 * {@code broker.liveness.probe.enable=false}.
 */
final class GoneBrokerDetector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GoneBrokerDetector.class.getName());
    static final long PERIOD_MS = 250;
    static final int REFUSALS = 2;
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private final MetadataNode metadata;
    /** The inter-broker listener: the one probed. */
    private final String listener;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-liveness");
        t.setDaemon(true);
        return t;
    });
    /** Consecutive refusals per broker epoch (a new registration starts afresh). */
    private final Map<Long, Integer> refusals = new HashMap<>();
    /** Broker epochs this detector had fenced. */
    private final java.util.Set<Long> fencedByProbe = new java.util.HashSet<>();
    /** Brokers that were unfenced after the probe fenced them: their listener refuses us but they live. */
    private final java.util.Set<Integer> notProbed = new java.util.HashSet<>();

    GoneBrokerDetector(MetadataNode metadata, String listener) {
        this.metadata = metadata;
        this.listener = listener;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::probeAll, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void probeAll() {
        if (!metadata.isActiveController()) {
            refusals.clear();
            return;
        }
        Map<Long, Integer> seen = new HashMap<>();
        for (BrokerRegistration b : metadata.image().brokers().values()) {
            Endpoint e = b.endpoint(listener);
            if (b.fenced() || b.id() == metadata.nodeId() || e == null || notProbed.contains(b.id())) {
                continue;
            }
            if (fencedByProbe.contains(b.epoch())) {
                notProbed.add(b.id());
                LOG.warning("broker " + b.id() + " heartbeats although its listener " + e.host() + ":" + e.port()
                        + " refused this controller's connections; it is no longer probed (check its"
                        + " advertised.listeners)");
                continue;
            }
            int count = refused(new InetSocketAddress(e.host(), e.port())) ? refusals.getOrDefault(b.epoch(), 0) + 1 : 0;
            seen.put(b.epoch(), count);
            if (count == REFUSALS) {
                LOG.warning("broker " + b.id() + " refuses connections on " + e.host() + ":" + e.port()
                        + " (its process is gone): fencing it now rather than after its session timeout");
                fencedByProbe.add(b.epoch());
                metadata.submit(new ControllerCommand.FenceBroker(b.id(), b.epoch()));
            }
        }
        refusals.clear();
        refusals.putAll(seen);
    }

    /** Whether a connection to {@code address} is refused (nothing listens there); false if it opens or times out. */
    private static boolean refused(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, CONNECT_TIMEOUT_MS);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
