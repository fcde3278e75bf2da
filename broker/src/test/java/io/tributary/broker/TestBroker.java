package io.tributary.broker;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** An in-process Tributary node on free loopback ports, with an Admin client, for tests that share one node. */
final class TestBroker implements AutoCloseable {

    final BrokerServer server;
    final Admin admin;
    final Path dataDir;
    private final Map<String, String> props;

    private TestBroker(BrokerServer server, Admin admin, Path dataDir, Map<String, String> props) {
        this.server = server;
        this.admin = admin;
        this.dataDir = dataDir;
        this.props = props;
    }

    static TestBroker start(Path dir, Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(extra);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + freePort() + ",CONTROLLER://127.0.0.1:" + freePort());
        props.put("log.dirs", dir.resolve("data").toString());
        return start(props);
    }

    private static TestBroker start(Map<String, String> props) throws Exception {
        BrokerServer server = new BrokerServer(BrokerConfig.from(props));
        server.start();
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + server.boundAddress().getPort());
        return new TestBroker(server, Admin.create(adminProps), Path.of(props.get("log.dirs")), props);
    }

    /** Starts this (closed) node again on the same directories and ports. */
    TestBroker startAgain() throws Exception {
        return start(props);
    }

    String bootstrap() {
        return "127.0.0.1:" + server.boundAddress().getPort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until the condition holds, failing after the deadline. */
    static void await(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        server.close();
    }
}
