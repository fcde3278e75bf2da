package io.tributary.cluster.quorum;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.QuorumConfig;
import io.tributary.cluster.controller.ControllerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Metadata nodes on loopback in one JVM, each with its own storage directory and port, that a test can stop
 * and restart on the same storage.
 */
final class TestQuorum implements AutoCloseable {

    /** Long enough that simulated brokers, which do not heartbeat, stay unfenced for a whole test. */
    static final ControllerConfig CONTROLLER = ControllerConfig.DEFAULTS.withSessionTimeoutMs(600_000);

    private final Path root;
    private final String voters;
    private final Map<Integer, Map<String, String>> configs = new LinkedHashMap<>();
    private final Map<Integer, MetadataNode> running = new HashMap<>();

    TestQuorum(Path root, int voterCount, int listenerCount, long snapshotEntries) {
        this.root = root;
        StringJoiner v = new StringJoiner(",");
        for (int id = 1; id <= voterCount; id++) {
            v.add(id + "@127.0.0.1:" + freePort());
        }
        this.voters = v.toString();
        for (int id = 1; id <= voterCount + listenerCount; id++) {
            Map<String, String> props = new HashMap<>();
            props.put("node.id", Integer.toString(id));
            props.put("controller.quorum.voters", voters);
            props.put("metadata.log.dir", root.resolve("node-" + id).toString());
            props.put("metadata.snapshot.entries", Long.toString(snapshotEntries));
            if (id > voterCount) {
                props.put("process.roles", "broker");
                props.put("metadata.listener.address", "127.0.0.1:" + freePort());
            }
            configs.put(id, props);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MetadataNode start(int id) throws IOException {
        MetadataNode node = MetadataNode.start(QuorumConfig.fromProperties(configs.get(id)), CONTROLLER,
                Clock.systemUTC());
        running.put(id, node);
        return node;
    }

    void startAll() throws IOException {
        for (int id : configs.keySet()) {
            start(id);
        }
    }

    void stop(int id) throws IOException {
        MetadataNode node = running.remove(id);
        if (node != null) {
            node.close();
        }
    }

    void stopAll() throws IOException {
        for (int id : new ArrayList<>(running.keySet())) {
            stop(id);
        }
    }

    MetadataNode node(int id) {
        return running.get(id);
    }

    List<MetadataNode> nodes() {
        return new ArrayList<>(running.values());
    }

    /** The running active controller, waiting for one to be elected. */
    MetadataNode awaitController(Duration timeout) {
        MetadataNode[] found = new MetadataNode[1];
        await(timeout, "an active controller", () -> {
            for (MetadataNode n : running.values()) {
                if (n.isActiveController()) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Polls {@code condition} until it holds or the deadline passes (then fails naming {@code what}). */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(10_000_000L); // poll interval; the deadline above bounds the wait
        }
    }

    @Override
    public void close() throws IOException {
        stopAll();
    }
}
