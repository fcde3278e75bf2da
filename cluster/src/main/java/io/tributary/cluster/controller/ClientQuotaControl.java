package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterClientQuotas;
import io.tributary.cluster.controller.ControllerCommand.QuotaAlteration;
import io.tributary.cluster.controller.ControllerCommand.QuotaEntityComponent;
import io.tributary.cluster.controller.ControllerCommand.QuotaOp;
import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.cluster.metadata.ClientQuotaRecord;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.protocol.Errors;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * AlterClientQuotas as Kafka's controller decides it: each entry is checked on its own (entity types known and
 * combined as Kafka allows: user, client-id, user + client-id, or ip alone; keys known for the entity; values
 * positive; every failure INVALID_REQUEST) and the accepted entries' changes are written, one
 * {@link ClientQuotaRecord} per op. Removing a quota that is not set is accepted and writes a no-op record, as Kafka.
 */
final class ClientQuotaControl {

    /** Keys for user and client-id entities (and their combination). */
    static final Set<String> CLIENT_KEYS = Set.of("producer_byte_rate", "consumer_byte_rate",
            "request_percentage", "controller_mutation_rate");
    /** Keys for ip entities. */
    static final Set<String> IP_KEYS = Set.of("connection_creation_rate");

    ControllerResult<List<ApiError>> alter(AlterClientQuotas cmd) {
        List<MetadataRecord> records = new ArrayList<>();
        List<ApiError> results = new ArrayList<>();
        for (QuotaAlteration entry : cmd.entries()) {
            List<MetadataRecord> mine = new ArrayList<>();
            ApiError error = check(entry, mine);
            results.add(error);
            if (error.isSuccess() && !cmd.validateOnly()) {
                records.addAll(mine);
            }
        }
        return ControllerResult.of(records, results);
    }

    /** Checks one entry and, when it is valid, adds its records to {@code out}. */
    private static ApiError check(QuotaAlteration entry, List<MetadataRecord> out) {
        if (entry.entity().isEmpty()) {
            return invalid("Invalid empty client quota entity");
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (QuotaEntityComponent c : entry.entity()) {
            if (!ClientQuotaEntity.USER.equals(c.type()) && !ClientQuotaEntity.CLIENT_ID.equals(c.type())
                    && !ClientQuotaEntity.IP.equals(c.type())) {
                return invalid("Unhandled client quota entity type: " + c.type());
            }
            if (c.name() != null && c.name().isEmpty()) {
                return invalid("Empty " + c.type() + " not supported");
            }
            if (entries.containsKey(c.type())) {
                return invalid("Duplicate " + c.type() + " entity in client quota entity");
            }
            entries.put(c.type(), c.name());
        }
        boolean ip = entries.containsKey(ClientQuotaEntity.IP);
        if (ip && entries.size() > 1) {
            return invalid("Invalid quota entity combination, IP entity should not be combined with User or "
                    + "ClientId entity");
        }
        if (ip && entries.get(ClientQuotaEntity.IP) != null && !isIpLiteral(entries.get(ClientQuotaEntity.IP))) {
            return invalid(entries.get(ClientQuotaEntity.IP) + " is not a valid IP or resolvable host.");
        }
        Set<String> allowed = ip ? IP_KEYS : CLIENT_KEYS;
        Set<String> seen = new HashSet<>();
        ClientQuotaEntity entity = new ClientQuotaEntity(entries);
        List<MetadataRecord> mine = new ArrayList<>();
        for (QuotaOp op : entry.ops()) {
            if (!seen.add(op.key())) {
                return invalid("Duplicate quota key " + op.key() + " not updating quota for entity " + entries);
            }
            if (!allowed.contains(op.key())) {
                return invalid("Invalid configuration key " + op.key());
            }
            if (!op.remove() && !(op.value() > 0)) {
                // NaN and infinities are refused too: a quota must be a positive finite number
                return invalid("Invalid value " + op.value() + " for configuration key " + op.key()
                        + ": must be positive");
            }
            if (!op.remove() && Double.isInfinite(op.value())) {
                return invalid("Invalid value " + op.value() + " for configuration key " + op.key());
            }
            mine.add(new ClientQuotaRecord(entity, op.key(), op.remove() ? 0 : op.value(), op.remove()));
        }
        out.addAll(mine);
        return ApiError.NONE;
    }

    /** An IP literal (v4 or v6), never a name lookup: the controller must not block on DNS. */
    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static ApiError invalid(String message) {
        return ApiError.of(Errors.INVALID_REQUEST, message);
    }
}
