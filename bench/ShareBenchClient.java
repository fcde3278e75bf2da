// Share-group helpers for bench/share-compare.sh (KIP-932), compiled at run time with javac against the kafka-clients
// that ship with Kafka's tools (bench/maven/kafka-tools). Two commands:
//
//   group-config BOOTSTRAP GROUP KEY=VALUE...
//       Sets dynamic group configs (Admin incrementalAlterConfigs on ConfigResource.Type.GROUP, what
//       `kafka-configs --entity-type groups --alter` sends), reads them back (describeConfigs), and prints the
//       cluster's finalized share.version. Prints: CONFIG group=.. share_version=.. KEY=VALUE...
//
//   consume BOOTSTRAP TOPIC RECORDS GROUP CONSUMERS implicit|explicit [KEY=VALUE...]
//       Sets the group's share.auto.offset.reset=earliest as group-config does (not timed), then CONSUMERS
//       KafkaShareConsumers of GROUP, one thread each, subscribed to TOPIC, consume until all RECORDS records (the
//       topic's whole content) have been delivered and acknowledged:
//         implicit  share.acknowledgement.mode=implicit: a poll's records are acknowledged (ACCEPT) by the next poll;
//                   the last ones by a final commitSync();
//         explicit  share.acknowledgement.mode=explicit: every record acknowledge(record) (ACCEPT), then commitSync()
//                   after every poll, so each poll waits for its acknowledgements to be answered.
//       KEY=VALUE pairs are more share-consumer configs. Timed from the moment the threads start polling (the group
//       join, done by the first poll, included) until every consumer's final commitSync() has returned, once every
//       record has been delivered to some member. Acknowledgements are counted as the brokers confirm them
//       (AcknowledgementCommitCallback, distinct offsets), so a result is only printed when all RECORDS records were
//       acknowledged without error. Prints one line:
//       SHARE records=N bytes=.. consumers=C mode=.. elapsed_ms=.. records_per_s=.. mb_per_s=.. first_record_ms=..
//             fetch_records_per_s=.. deliveries=.. redeliveries=.. polls=.. empty_polls=.. acked=.. ack_errors=..
//             per_consumer=a/b/c share_version=..
//       (mb_per_s: record keys and values, 1 MB = 1,048,576 B, as Kafka's ConsumerPerformance; first_record_ms: start
//       until a member first received records, i.e. the join; fetch_records_per_s: RECORDS over the time after that.)
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public final class ShareBenchClient {

    /** No record delivered to any member for this long: the run fails instead of waiting for the tool timeout. */
    private static final long STALL_MS = 60_000;

    /** When the members were let go (System.nanoTime()): the start of the timed run. */
    private static volatile long startNs;

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("group-config")) {
            Map<String, String> configs = keyValues(args, 3);
            String shareVersion = setGroupConfigs(args[1], args[2], configs);
            StringBuilder line = new StringBuilder("CONFIG group=" + args[2] + " share_version=" + shareVersion);
            configs.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
        } else if (args.length >= 7 && args[0].equals("consume")
                && (args[6].equals("implicit") || args[6].equals("explicit"))) {
            consume(args[1], args[2], Long.parseLong(args[3]), args[4], Integer.parseInt(args[5]), args[6],
                    keyValues(args, 7));
        } else {
            System.err.println("usage: ShareBenchClient group-config BOOTSTRAP GROUP KEY=VALUE...\n"
                    + "       ShareBenchClient consume BOOTSTRAP TOPIC RECORDS GROUP CONSUMERS implicit|explicit [KEY=VALUE...]");
            System.exit(2);
        }
    }

    private static Map<String, String> keyValues(String[] args, int from) {
        Map<String, String> map = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not KEY=VALUE: " + args[i]);
            }
            map.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return map;
    }

    /** Sets and reads back the group's configs; returns the cluster's finalized share.version ("none" if absent). */
    static String setGroupConfigs(String bootstrap, String group, Map<String, String> configs) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(60, TimeUnit.SECONDS);
            Config described = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
            for (Map.Entry<String, String> wanted : configs.entrySet()) {
                ConfigEntry entry = described == null ? null : described.get(wanted.getKey());
                if (entry == null || !wanted.getValue().equals(entry.value())) {
                    throw new IllegalStateException("group " + group + ": " + wanted.getKey() + " reads back as "
                            + (entry == null ? "absent" : entry.value()) + ", not " + wanted.getValue());
                }
            }
            FeatureMetadata features = admin.describeFeatures().featureMetadata().get(60, TimeUnit.SECONDS);
            FinalizedVersionRange share = features.finalizedFeatures().get("share.version");
            return share == null ? "none" : String.valueOf(share.maxVersionLevel());
        }
    }

    /** Every partition's offsets seen so far (delivered or acknowledged), counted once each. */
    private static final class OffsetSet {
        private final Map<Integer, BitSet> byPartition = new HashMap<>();
        private long distinct;

        /** Adds the offsets; returns how many were new. */
        synchronized long add(int partition, Iterable<Long> offsets) {
            BitSet bits = byPartition.computeIfAbsent(partition, p -> new BitSet());
            long added = 0;
            for (long offset : offsets) {
                int o = Math.toIntExact(offset);
                if (!bits.get(o)) {
                    bits.set(o);
                    added++;
                }
            }
            distinct += added;
            return added;
        }

        synchronized long distinct() {
            return distinct;
        }
    }

    static void consume(String bootstrap, String topic, long records, String group, int consumers, String mode,
                        Map<String, String> extra) throws Exception {
        String shareVersion = setGroupConfigs(bootstrap, group, Map.of("share.auto.offset.reset", "earliest"));
        boolean explicit = mode.equals("explicit");

        OffsetSet delivered = new OffsetSet();
        OffsetSet acked = new OffsetSet();
        AtomicLong deliveries = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong polls = new AtomicLong();
        AtomicLong emptyPolls = new AtomicLong();
        AtomicLong ackErrors = new AtomicLong();
        AtomicLong firstRecordNs = new AtomicLong();
        AtomicLong lastDeliveryNs = new AtomicLong();
        AtomicReference<String> firstAckError = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] perConsumer = new long[consumers];

        List<KafkaShareConsumer<byte[], byte[]>> members = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", group);
            props.put("client.id", "share-bench-" + (i + 1));
            props.put("share.acknowledgement.mode", mode);
            props.putAll(extra);
            KafkaShareConsumer<byte[], byte[]> consumer =
                    new KafkaShareConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            // Runs on the member's own thread, inside poll/commitSync/close, once the broker has answered.
            consumer.setAcknowledgementCommitCallback((offsets, exception) -> {
                if (exception != null) {
                    long n = offsets.values().stream().mapToLong(Set::size).sum();
                    ackErrors.addAndGet(n);
                    firstAckError.compareAndSet(null, exception.toString());
                    return;
                }
                for (Map.Entry<TopicIdPartition, Set<Long>> e : offsets.entrySet()) {
                    acked.add(e.getKey().partition(), e.getValue());
                }
            });
            consumer.subscribe(List.of(topic));
            members.add(consumer);
        }

        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(consumers);
        Thread[] threads = new Thread[consumers];
        Runnable wakeAll = () -> members.forEach(KafkaShareConsumer::wakeup);
        // Set once every record has been delivered to some member (or the run failed): the members stop polling.
        AtomicBoolean done = new AtomicBoolean();
        for (int i = 0; i < consumers; i++) {
            final int index = i;
            final KafkaShareConsumer<byte[], byte[]> consumer = members.get(i);
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                    while (!done.get()) {
                        ConsumerRecords<byte[], byte[]> batch;
                        try {
                            batch = consumer.poll(Duration.ofMillis(1000));
                        } catch (WakeupException e) {
                            break;
                        }
                        polls.incrementAndGet();
                        if (batch.isEmpty()) {
                            emptyPolls.incrementAndGet();
                            if (System.nanoTime() - lastDeliveryNs.get() > STALL_MS * 1_000_000L) {
                                throw new IllegalStateException("no record delivered for " + STALL_MS / 1000
                                        + " s; " + delivered.distinct() + " of " + records + " delivered");
                            }
                            continue;
                        }
                        long now = System.nanoTime();
                        firstRecordNs.compareAndSet(0, now);
                        lastDeliveryNs.set(now);
                        int count = 0;
                        long size = 0;
                        Map<Integer, List<Long>> offsets = new HashMap<>();
                        for (ConsumerRecord<byte[], byte[]> record : batch) {
                            count++;
                            if (record.key() != null) {
                                size += record.key().length;
                            }
                            if (record.value() != null) {
                                size += record.value().length;
                            }
                            offsets.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.offset());
                            if (explicit) {
                                consumer.acknowledge(record, AcknowledgeType.ACCEPT);
                            }
                        }
                        deliveries.addAndGet(count);
                        bytes.addAndGet(size);
                        perConsumer[index] += count;
                        for (Map.Entry<Integer, List<Long>> e : offsets.entrySet()) {
                            delivered.add(e.getKey(), e.getValue());
                        }
                        long distinct = delivered.distinct();
                        if (explicit) {
                            commit(consumer);
                        }
                        if (distinct >= records && done.compareAndSet(false, true)) {
                            wakeAll.run();
                        }
                    }
                    // The records of the last poll (implicit mode), acknowledged and answered before the clock stops.
                    commit(consumer);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    done.set(true);
                    wakeAll.run();
                } finally {
                    finished.countDown();
                }
            }, "share-bench-" + (i + 1));
            threads[i].start();
        }
        startNs = System.nanoTime();
        lastDeliveryNs.set(startNs);
        go.countDown();
        finished.await();
        long endNs = System.nanoTime();
        for (KafkaShareConsumer<byte[], byte[]> consumer : members) {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        }
        if (failure.get() != null) {
            failure.get().printStackTrace();
            System.err.println("FAILED: " + failure.get());
            System.exit(1);
        }
        long ackedDistinct = acked.distinct();
        if (ackedDistinct != records || ackErrors.get() != 0) {
            System.err.printf(Locale.ROOT, "FAILED: %d of %d records acknowledged, %d acknowledgement errors (first: %s),"
                    + " %d delivered%n", ackedDistinct, records, ackErrors.get(), firstAckError.get(), delivered.distinct());
            System.exit(1);
        }
        double elapsedS = (endNs - startNs) / 1e9;
        double fetchS = (endNs - firstRecordNs.get()) / 1e9;
        StringBuilder split = new StringBuilder();
        for (long n : perConsumer) {
            split.append(split.length() == 0 ? "" : "/").append(n);
        }
        System.out.printf(Locale.ROOT, "SHARE records=%d bytes=%d consumers=%d mode=%s elapsed_ms=%.1f records_per_s=%.1f"
                        + " mb_per_s=%.3f first_record_ms=%.1f fetch_records_per_s=%.1f deliveries=%d redeliveries=%d"
                        + " polls=%d empty_polls=%d acked=%d ack_errors=%d per_consumer=%s share_version=%s%n",
                records, bytes.get(), consumers, mode, elapsedS * 1e3, records / elapsedS,
                bytes.get() / 1048576.0 / elapsedS, (firstRecordNs.get() - startNs) / 1e6, records / fetchS,
                deliveries.get(), deliveries.get() - delivered.distinct(), polls.get(), emptyPolls.get(), ackedDistinct,
                ackErrors.get(), split, shareVersion);
    }

    /** commitSync, retried once if a wakeup meant for the poll loop lands on it instead; errors are fatal. */
    private static void commit(KafkaShareConsumer<byte[], byte[]> consumer) {
        Map<TopicIdPartition, Optional<KafkaException>> result;
        try {
            result = consumer.commitSync(Duration.ofSeconds(30));
        } catch (WakeupException e) {
            result = consumer.commitSync(Duration.ofSeconds(30));
        }
        for (Map.Entry<TopicIdPartition, Optional<KafkaException>> e : result.entrySet()) {
            if (e.getValue().isPresent()) {
                throw new IllegalStateException("acknowledgement of " + e.getKey() + " failed", e.getValue().get());
            }
        }
    }
}
