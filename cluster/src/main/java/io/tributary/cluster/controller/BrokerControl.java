package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.metadata.BrokerChangeRecord;
import io.tributary.cluster.metadata.BrokerRegistration;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.RegisterBrokerRecord;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.cluster.metadata.UnregisterBrokerRecord;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Broker lifecycle: registration, heartbeats, fencing on session expiry, unfencing, controlled shutdown and
 * unregistration. A broker registers fenced; a heartbeat that no longer wants to be fenced unfences it; a
 * session silent for {@code broker.session.timeout.ms} fences it; a heartbeat that wants to shut down moves
 * its leaderships away and, once it leads nothing, fences it and tells it to stop.
 */
final class BrokerControl {

    private final ReplicationControl replication;
    private final BrokerSessions sessions;

    BrokerControl(ReplicationControl replication, long sessionTimeoutMs) {
        this.replication = replication;
        this.sessions = new BrokerSessions(sessionTimeoutMs);
    }

    /** A new active controller: every registered broker gets a fresh session from now. */
    void activate(MetadataImage image, long nowMs) {
        sessions.reset(image.brokers().keySet(), nowMs);
    }

    ControllerResult<RegisterBroker.Result> register(MetadataImage image, RegisterBroker cmd, long nowMs) {
        BrokerRegistration existing = image.broker(cmd.brokerId());
        List<MetadataRecord> records = new ArrayList<>();
        if (existing != null) {
            if (existing.incarnationId().equals(cmd.incarnationId())) {
                sessions.touch(cmd.brokerId(), nowMs);
                return ControllerResult.noRecords(new RegisterBroker.Result(ApiError.NONE, existing.epoch()));
            }
            // Refused only if the registered incarnation is alive as far as this controller knows: one it has not
            // heard from since it became active (its own node restarted — a single node after SIGKILL) is
            // presumed gone, so the new incarnation need not wait out broker.session.timeout.ms.
            if (!existing.fenced() && sessions.isAlive(cmd.brokerId(), nowMs)
                    && sessions.heardSinceActivation(cmd.brokerId())) {
                return ControllerResult.noRecords(new RegisterBroker.Result(
                        ApiError.of(Errors.DUPLICATE_BROKER_REGISTRATION, "Another broker is registered with id "
                                + cmd.brokerId() + " and its session has not expired"), -1));
            }
            if (!existing.fenced()) {
                records.addAll(fence(image, existing));
            }
        }
        long epoch = image.lastBrokerEpoch() + 1;
        records.add(new RegisterBrokerRecord(cmd.brokerId(), cmd.incarnationId(), epoch, cmd.endpoints(),
                cmd.rack(), true));
        sessions.touch(cmd.brokerId(), nowMs);
        return ControllerResult.of(records, new RegisterBroker.Result(ApiError.NONE, epoch));
    }

    ControllerResult<BrokerHeartbeat.Result> heartbeat(MetadataImage image, BrokerHeartbeat cmd, long nowMs) {
        BrokerRegistration b = image.broker(cmd.brokerId());
        if (b == null) {
            return ControllerResult.noRecords(new BrokerHeartbeat.Result(
                    ApiError.of(Errors.BROKER_ID_NOT_REGISTERED), true, false, false));
        }
        if (b.epoch() != cmd.brokerEpoch()) {
            return ControllerResult.noRecords(new BrokerHeartbeat.Result(
                    ApiError.of(Errors.STALE_BROKER_EPOCH), b.fenced(), b.inControlledShutdown(), false));
        }
        sessions.touch(b.id(), nowMs);
        List<MetadataRecord> records = new ArrayList<>();
        if (cmd.wantShutdown()) {
            if (b.fenced()) {
                return ControllerResult.noRecords(new BrokerHeartbeat.Result(ApiError.NONE, true, false, true));
            }
            if (!b.inControlledShutdown()) {
                records.add(new BrokerChangeRecord(b.id(), b.epoch(), null, true));
            }
            records.addAll(replication.removeBroker(image, b.id()));
            MetadataImage after = new MetadataDelta(image).replayAll(records).apply(image.offset());
            if (leadsNothing(after, b.id())) {
                records.add(new BrokerChangeRecord(b.id(), b.epoch(), true, false));
                return ControllerResult.of(records, new BrokerHeartbeat.Result(ApiError.NONE, true, false, true));
            }
            return ControllerResult.of(records, new BrokerHeartbeat.Result(ApiError.NONE, false, true, false));
        }
        if (b.fenced() && !cmd.wantFence()) {
            records.add(new BrokerChangeRecord(b.id(), b.epoch(), false, null));
            records.addAll(replication.brokerAvailable(image, b.id()));
            return ControllerResult.of(records, new BrokerHeartbeat.Result(ApiError.NONE, false,
                    b.inControlledShutdown(), false));
        }
        if (!b.fenced() && cmd.wantFence()) {
            records.addAll(fence(image, b));
            return ControllerResult.of(records, new BrokerHeartbeat.Result(ApiError.NONE, true, false, false));
        }
        return ControllerResult.noRecords(new BrokerHeartbeat.Result(ApiError.NONE, b.fenced(),
                b.inControlledShutdown(), false));
    }

    /** Fences a broker found gone (see {@link ControllerCommand.FenceBroker}); its session ends too. */
    ControllerResult<Boolean> fenceGone(MetadataImage image, ControllerCommand.FenceBroker cmd) {
        BrokerRegistration b = image.broker(cmd.brokerId());
        if (b == null || b.fenced() || b.epoch() != cmd.brokerEpoch()) {
            return ControllerResult.noRecords(false);
        }
        sessions.remove(b.id());
        return ControllerResult.of(fence(image, b), true);
    }

    ControllerResult<ApiError> unregister(MetadataImage image, int brokerId) {
        BrokerRegistration b = image.broker(brokerId);
        if (b == null) {
            return ControllerResult.noRecords(ApiError.of(Errors.BROKER_ID_NOT_REGISTERED));
        }
        List<MetadataRecord> records = new ArrayList<>(replication.removeBroker(image, brokerId));
        records.add(new UnregisterBrokerRecord(brokerId, b.epoch()));
        sessions.remove(brokerId);
        return ControllerResult.of(records, ApiError.NONE);
    }

    /** Fences every unfenced broker whose session expired at {@code nowMs}. */
    ControllerResult<List<Integer>> expireSessions(MetadataImage image, long nowMs) {
        List<Integer> unfenced = new ArrayList<>();
        image.brokers().values().forEach(b -> {
            if (!b.fenced()) {
                unfenced.add(b.id());
            }
        });
        List<Integer> expired = sessions.expired(unfenced, nowMs);
        List<MetadataRecord> records = new ArrayList<>();
        MetadataImage current = image;
        for (int id : expired) {
            List<MetadataRecord> fencing = fence(current, current.broker(id));
            records.addAll(fencing);
            current = new MetadataDelta(current).replayAll(fencing).apply(current.offset());
        }
        return ControllerResult.of(records, expired);
    }

    /** When the next session could expire (for scheduling the next check). */
    long nextSessionExpiryMs() {
        return sessions.nextExpiryMs();
    }

    /** Records fencing {@code b}: out of every ISR and leadership, then marked fenced. */
    private List<MetadataRecord> fence(MetadataImage image, BrokerRegistration b) {
        List<MetadataRecord> records = new ArrayList<>(replication.removeBroker(image, b.id()));
        records.add(new BrokerChangeRecord(b.id(), b.epoch(), true, false));
        return records;
    }

    private static boolean leadsNothing(MetadataImage image, int brokerId) {
        for (TopicImage t : image.topics().values()) {
            for (int p = 0; p < t.partitionCount(); p++) {
                if (t.partition(p).leader() == brokerId) {
                    return false;
                }
            }
        }
        return true;
    }
}
