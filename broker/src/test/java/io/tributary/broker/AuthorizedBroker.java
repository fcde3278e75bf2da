package io.tributary.broker;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * An in-process node with Kafka's StandardAuthorizer semantics on, for authorization tests: a PLAINTEXT listener
 * whose clients are {@code User:ANONYMOUS} — a super user, as Kafka's docs advise for a PLAINTEXT inter-broker
 * listener — used by {@link #admin} to set things up, and a SASL_PLAINTEXT listener with PLAIN users {@code alice},
 * {@code bob} and {@code carol} (password {@code <name>-secret}) whose clients {@link #client} configures. With
 * {@code allow.everyone.if.no.acl.found=false} (Kafka's default) a user may do only what {@link #allow} granted.
 */
final class AuthorizedBroker implements AutoCloseable {

    static final List<String> USERS = List.of("alice", "bob", "carol");

    final BrokerServer server;
    final Admin admin;
    private final int saslPort;

    private AuthorizedBroker(BrokerServer server, Admin admin, int saslPort) {
        this.server = server;
        this.admin = admin;
        this.saslPort = saslPort;
    }

    /**
     * Starts a node in {@code dir} with {@code extra} settings (e.g. {@code group.initial.rebalance.delay.ms}). Free
     * ports are picked, then bound a moment later: if another socket took one meanwhile, the half-started node is
     * closed (so it leaves no JMX names or threads behind) and the start is tried again on new ports.
     */
    static AuthorizedBroker start(Path dir, Map<String, String> extra) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                // a fresh directory each time: the quorum of a failed attempt kept its (old) addresses there
                return startOnFreePorts(dir.resolve("attempt-" + attempt), extra);
            } catch (StartupException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
            }
        }
    }

    private static AuthorizedBroker startOnFreePorts(Path dir, Map<String, String> extra) throws Exception {
        int plain = freePort();
        int sasl = freePort();
        Map<String, String> props = new HashMap<>(extra);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",SASL_PLAINTEXT://127.0.0.1:" + sasl
                + ",CONTROLLER://127.0.0.1:" + freePort());
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        USERS.forEach(u -> jaas.append(" user_").append(u).append("=\"").append(u).append("-secret\""));
        props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:ANONYMOUS");
        BrokerServer server = new BrokerServer(BrokerConfig.from(props));
        try {
            server.start();
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + plain);
        return new AuthorizedBroker(server, Admin.create(adminProps), sasl);
    }

    /** Client settings (any client: Admin, producer, consumer) that log in as {@code user} over SASL/PLAIN. */
    Properties client(String user) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + saslPort);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + user + "-secret\";");
        return p;
    }

    /** Grants {@code User:<user>} {@code operation} on a resource (LITERAL name, any host); waits until stored. */
    void allow(String user, AclOperation operation, ResourceType type, String name) throws Exception {
        allow(user, operation, type, name, PatternType.LITERAL);
    }

    /** As {@link #allow(String, AclOperation, ResourceType, String)} with a pattern type (LITERAL or PREFIXED). */
    void allow(String user, AclOperation operation, ResourceType type, String name, PatternType pattern)
            throws Exception {
        admin.createAcls(List.of(new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
        server.close();
    }
}
