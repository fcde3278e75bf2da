package io.tributary.cluster;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where this node stands in the metadata quorum, read from Kafka-named properties.
 *
 * <ul>
 *   <li>{@code node.id} (required): this node's id.</li>
 *   <li>{@code process.roles}: {@code broker}, {@code controller} or both (default {@code broker,controller},
 *       the single-node "combined" mode).</li>
 *   <li>{@code controller.quorum.voters}: the voters as {@code id@host:port,id@host:port}; default
 *       {@code <node.id>@localhost:9093}. A node with the controller role must be a voter; a broker-only node
 *       must not be.</li>
 *   <li>{@code metadata.log.dir}: where the Raft log and snapshots live (default
 *       {@code ./data/__cluster_metadata}).</li>
 *   <li>{@code metadata.listener.address} (Tributary's own, brokers that are not voters only):
 *       {@code host:port} this node's Raft listener (a non-voting member that receives the log) binds.</li>
 *   <li>{@code metadata.snapshot.entries} (Tributary's own): log entries between snapshots (default 1024).</li>
 *   <li>{@code cluster.id}: names the Raft group (default {@code tributary}).</li>
 * </ul>
 *
 * @param nodeId          this node's id
 * @param roles           this node's roles
 * @param voters          voter id → Raft address
 * @param listenerAddress this node's Raft address when it is not a voter, else null
 * @param metadataLogDir  Raft storage directory
 * @param snapshotEntries entries between automatic snapshots
 * @param clusterId       cluster id (names the Raft group)
 */
public record QuorumConfig(int nodeId, Set<Role> roles, Map<Integer, InetSocketAddress> voters,
                           InetSocketAddress listenerAddress, Path metadataLogDir, long snapshotEntries,
                           String clusterId) {

    /** {@code process.roles} values. */
    public enum Role { BROKER, CONTROLLER }

    public QuorumConfig {
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
        voters = Collections.unmodifiableMap(new TreeMap<>(voters));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("controller.quorum.voters must name at least one voter");
        }
        if (roles.contains(Role.CONTROLLER) && !voters.containsKey(nodeId)) {
            throw new IllegalArgumentException("If process.roles contains controller, node.id " + nodeId
                    + " must be one of controller.quorum.voters " + voters.keySet());
        }
        if (!roles.contains(Role.CONTROLLER) && voters.containsKey(nodeId)) {
            throw new IllegalArgumentException("node.id " + nodeId + " is in controller.quorum.voters but "
                    + "process.roles does not contain controller");
        }
        if (!isVoter(nodeId, voters) && listenerAddress == null) {
            throw new IllegalArgumentException("A broker that is not a voter needs metadata.listener.address");
        }
        if (snapshotEntries < 1) {
            throw new IllegalArgumentException("metadata.snapshot.entries must be positive");
        }
    }

    private static boolean isVoter(int nodeId, Map<Integer, InetSocketAddress> voters) {
        return voters.containsKey(nodeId);
    }

    /** Whether this node votes (runs a controller); otherwise it follows the log as a listener. */
    public boolean isVoter() {
        return voters.containsKey(nodeId);
    }

    /** The address this node's Raft server binds. */
    public InetSocketAddress raftAddress() {
        return isVoter() ? voters.get(nodeId) : listenerAddress;
    }

    /**
     * Reads the quorum settings.
     *
     * @throws IllegalArgumentException naming the property that is missing or invalid
     */
    public static QuorumConfig fromProperties(Map<String, String> props) {
        String id = props.get("node.id");
        if (id == null) {
            throw new IllegalArgumentException("Missing required configuration node.id");
        }
        int nodeId;
        try {
            nodeId = Integer.parseInt(id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value " + id + " for configuration node.id");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : props.getOrDefault("process.roles", "broker,controller").split(",")) {
            String role = r.trim().toUpperCase(Locale.ROOT);
            try {
                roles.add(Role.valueOf(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown process role '" + r.trim() + "' in process.roles");
            }
        }
        Map<Integer, InetSocketAddress> voters = parseVoters(
                props.getOrDefault("controller.quorum.voters", nodeId + "@localhost:9093"));
        String listener = props.get("metadata.listener.address");
        long snapshotEntries = Long.parseLong(props.getOrDefault("metadata.snapshot.entries", "1024").trim());
        return new QuorumConfig(nodeId, roles, voters, listener == null ? null : parseHostPort(listener,
                "metadata.listener.address"), Path.of(props.getOrDefault("metadata.log.dir",
                "./data/__cluster_metadata")), snapshotEntries, props.getOrDefault("cluster.id", "tributary"));
    }

    /** Parses Kafka's {@code id@host:port,id@host:port} voter list. */
    public static Map<Integer, InetSocketAddress> parseVoters(String value) {
        Map<Integer, InetSocketAddress> voters = new TreeMap<>();
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int at = e.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("controller.quorum.voters entry '" + e
                        + "' is not of the form id@host:port");
            }
            int id;
            try {
                id = Integer.parseInt(e.substring(0, at));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("controller.quorum.voters entry '" + e + "' has a bad id");
            }
            if (voters.put(id, parseHostPort(e.substring(at + 1), "controller.quorum.voters")) != null) {
                throw new IllegalArgumentException("controller.quorum.voters names voter " + id + " twice");
            }
        }
        return voters;
    }

    private static InetSocketAddress parseHostPort(String value, String key) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(key + " value '" + value + "' is not of the form host:port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " value '" + value + "' has a bad port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(key + " value '" + value + "' has a port out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
