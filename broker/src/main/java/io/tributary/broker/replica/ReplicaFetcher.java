package io.tributary.broker.replica;

import io.tributary.broker.KafkaSocket;
import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.broker.Partition;
import io.tributary.log.LeaderEpochCache;
import io.tributary.log.Log;
import io.tributary.log.LogException;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.Records;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies, on a thread of its own ({@code replica-fetcher-<leader>}), every partition this broker follows from one
 * leader: one sessionless Fetch for all of them at a time, as a follower (replica id and broker epoch set, the
 * current leader epoch and the epoch of its last batch per partition), over one {@link KafkaSocket}.
 *
 * <p>Each answer is appended as the leader wrote it ({@link Partition#appendFromLeader}), with the leader's high
 * watermark. A diverging epoch in the answer (this log holds records the leader's epoch history does not) truncates
 * this log to where the two agree — never blindly to the high watermark — and the next fetch checks again from there.
 * A partition whose leader answers an error (it moved, the epochs disagree) rests for {@code replica.fetch.backoff.ms}
 * until the metadata points it elsewhere; a failed connection is retried after the same pause.
 */
final class ReplicaFetcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(ReplicaFetcher.class.getName());
    /** Fetch v13+ names topics by id; v15+ carries the follower in ReplicaState. */
    private static final short VERSION = ApiKey.FETCH.highestVersion();

    /** A followed partition and the leader epoch it is followed in. */
    private static final class Followed {
        final Partition partition;
        final int leaderEpoch;
        long restUntilMs;

        Followed(Partition partition, int leaderEpoch) {
            this.partition = partition;
            this.leaderEpoch = leaderEpoch;
        }
    }

    private final int leaderId;
    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private final Supplier<InetSocketAddress> leaderAddress;
    private final ReplicationConfig config;
    private final java.util.function.Consumer<Partition> appended;
    private final Map<TopicPartition, Followed> followed = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaSocket socket;
    private final InterBrokerSecurity security;
    private String lastFailure;

    ReplicaFetcher(int leaderId, int brokerId, LongSupplier brokerEpoch, Supplier<InetSocketAddress> leaderAddress,
                   ReplicationConfig config, java.util.function.Consumer<Partition> appended,
                   InterBrokerSecurity security) {
        this.security = security;
        this.appended = appended;
        this.leaderId = leaderId;
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.leaderAddress = leaderAddress;
        this.config = config;
        this.thread = new Thread(this, "replica-fetcher-" + leaderId);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void add(Partition partition, int leaderEpoch) {
        Followed now = followed.get(key(partition));
        if (now != null && now.partition == partition && now.leaderEpoch == leaderEpoch) {
            return;   // an ISR change, not a new leadership: keep fetching as before
        }
        followed.put(key(partition), new Followed(partition, leaderEpoch));
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    void remove(Partition partition) {
        followed.remove(key(partition));
    }

    boolean isEmpty() {
        return followed.isEmpty();
    }

    void shutdown() {
        running = false;
        thread.interrupt();
        KafkaSocket s = socket;
        if (s != null) {
            s.close();   // unblocks a read in progress
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private static TopicPartition key(Partition p) {
        return new TopicPartition(p.topic(), p.index());
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!fetchOnce()) {
                    synchronized (changed) {
                        changed.wait(Math.max(10, config.fetchBackoffMs()));
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                disconnect();
                String why = e.toString();
                if (!why.equals(lastFailure)) {
                    LOG.log(running ? Level.WARNING : Level.FINE, "broker " + brokerId + ": fetching from leader "
                            + leaderId + " failed (retrying every " + config.fetchBackoffMs() + " ms): " + why);
                }
                lastFailure = why;
                pause(config.fetchBackoffMs());
            }
        }
        disconnect();
    }

    private void pause(long ms) {
        try {
            synchronized (changed) {
                changed.wait(Math.max(1, ms));
            }
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** One fetch round; false when there was nothing to fetch (every partition resting or none followed). */
    private boolean fetchOnce() throws IOException {
        long now = System.currentTimeMillis();
        Map<UUID, List<Followed>> byTopic = new LinkedHashMap<>();
        for (Followed f : followed.values()) {
            if (f.restUntilMs <= now) {
                byTopic.computeIfAbsent(f.partition.topicId(), id -> new ArrayList<>()).add(f);
            }
        }
        if (byTopic.isEmpty()) {
            return false;
        }
        Map<UUID, Map<Integer, Followed>> asked = new HashMap<>();
        List<FetchRequestData.FetchTopic> topics = new ArrayList<>();
        byTopic.forEach((topicId, list) -> {
            List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
            for (Followed f : list) {
                Log log = f.partition.log();
                partitions.add(new FetchRequestData.FetchPartition().setPartition(f.partition.index())
                        .setCurrentLeaderEpoch(f.leaderEpoch).setFetchOffset(log.logEndOffset())
                        .setLastFetchedEpoch(log.leaderEpochCache().latestEpoch())
                        .setLogStartOffset(log.logStartOffset()).setPartitionMaxBytes(config.fetchMaxBytes()));
                asked.computeIfAbsent(topicId, id -> new HashMap<>()).put(f.partition.index(), f);
            }
            topics.add(new FetchRequestData.FetchTopic().setTopic(list.get(0).partition.topic()).setTopicId(topicId)
                    .setPartitions(partitions));
        });
        FetchRequestData request = new FetchRequestData().setReplicaId(brokerId)
                .setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(brokerId)
                        .setReplicaEpoch(brokerEpoch.getAsLong()))
                .setMaxWaitMs(config.fetchWaitMaxMs()).setMinBytes(config.fetchMinBytes())
                .setMaxBytes(config.fetchResponseMaxBytes()).setIsolationLevel((byte) 0)
                .setSessionId(0).setSessionEpoch(-1).setTopics(topics);
        if (socket == null) {
            socket = KafkaSocket.connect(leaderAddress.get(), "tributary-replica-fetcher-" + brokerId,
                    config.socketTimeoutMs() + config.fetchWaitMaxMs(), config.fetchResponseMaxBytes() + (1 << 20),
                    security);
        }
        FetchResponseData response = (FetchResponseData) socket.exchange(request, VERSION);
        lastFailure = null;
        if (response.errorCode() != Errors.NONE.code()) {
            throw new IOException("the leader answered " + Errors.forCode(response.errorCode()));
        }
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            Map<Integer, Followed> partitions = asked.getOrDefault(topic.topicId(), Map.of());
            for (FetchResponseData.PartitionData data : topic.partitions()) {
                Followed f = partitions.get(data.partitionIndex());
                if (f != null && followed.get(key(f.partition)) == f) {
                    apply(f, data);
                }
            }
        }
        return true;
    }

    private void apply(Followed f, FetchResponseData.PartitionData data) {
        Errors error = Errors.forCode(data.errorCode());
        Partition p = f.partition;
        try {
            if (error == Errors.NONE) {
                FetchResponseData.EpochEndOffset diverging = data.divergingEpoch();
                if (diverging != null && diverging.epoch() >= 0) {
                    p.truncateAsFollower(f.leaderEpoch, p.log().leaderEpochCache().divergencePoint(
                            new LeaderEpochCache.EpochEnd(diverging.epoch(), diverging.endOffset()),
                            p.log().logEndOffset()));
                } else {
                    if (p.appendFromLeader(f.leaderEpoch, wholeBatches(data.records()), data.highWatermark())) {
                        appended.accept(p);
                    }
                }
            } else if (error == Errors.OFFSET_OUT_OF_RANGE) {
                outOfRange(f, data);
            } else {
                rest(f, error.name());
            }
        } catch (LogException e) {
            rest(f, e.getMessage());
        }
    }

    /**
     * The fetch offset is outside the leader's log: behind its start (retention removed it: start over there), or
     * past its end with no epoch to compare (fall back to the leader's high watermark, as Kafka does).
     */
    private void outOfRange(Followed f, FetchResponseData.PartitionData data) {
        Log log = f.partition.log();
        if (data.logStartOffset() > log.logEndOffset()) {
            LOG.info("broker " + brokerId + ": " + key(f.partition) + " restarts at the leader's log start "
                    + data.logStartOffset());
            f.partition.restartAsFollowerAt(f.leaderEpoch, data.logStartOffset());
        } else if (data.highWatermark() >= 0 && data.highWatermark() < log.logEndOffset()) {
            LOG.warning("broker " + brokerId + ": " + key(f.partition) + " is past the leader's log end; truncating"
                    + " to its high watermark " + data.highWatermark());
            f.partition.truncateAsFollower(f.leaderEpoch, data.highWatermark());
        } else {
            rest(f, Errors.OFFSET_OUT_OF_RANGE.name());
        }
    }

    private void rest(Followed f, String why) {
        f.restUntilMs = System.currentTimeMillis() + config.fetchBackoffMs();
        LOG.fine(() -> "broker " + brokerId + ": " + key(f.partition) + " from leader " + leaderId + ": " + why);
    }

    /** The record bytes up to the last whole batch (a leader may cut the last one short at the byte limit). */
    static ByteBuffer wholeBatches(Records records) {
        if (records == null || records.sizeInBytes() == 0) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer buffer;
        if (records instanceof HeapRecords heap) {
            buffer = heap.buffer().duplicate();
        } else {
            buffer = ByteBuffer.allocate(records.sizeInBytes());
            records.copyTo(buffer);
            buffer.flip();
        }
        int start = buffer.position();
        int pos = start;
        while (buffer.limit() - pos >= 12) {
            int size = 12 + buffer.getInt(pos + 8);
            if (size < 12 || buffer.limit() - pos < size) {
                break;
            }
            pos += size;
        }
        buffer.limit(pos);
        return buffer.slice();
    }

    private void disconnect() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
