package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.Consumed;
import io.tributary.streams.Grouped;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StateRestoreListener;
import io.tributary.streams.StreamsApplication;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.StreamsException;
import io.tributary.streams.Topology;
import io.tributary.streams.state.ReadOnlyKeyValueStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * streams-lite's runtime against a real node, in this JVM: start-up errors, interactive queries, Kafka Streams'
 * JMX metrics, repartition-topic purging, a clean restart that restores nothing (a persistent store and its
 * checkpoint), and the deserialization exception handler.
 */
class StreamsLiteRuntimeCompatTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static TributaryProcess broker;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "0")).start();
        admin = TransactionClients.admin(broker.bootstrap());
        producer = TransactionClients.plain(broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        producer.close();
        admin.close();
        broker.close();
    }

    @Test
    void aMissingSourceTopicFailsStartWithItsName() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("no-such-topic", Consumed.with(Serdes.String(), Serdes.String())).to("out");
        try (StreamsApplication app = new StreamsApplication(builder.build(), props("missing-source"))) {
            assertThatThrownBy(app::start).isInstanceOf(StreamsException.class)
                    .hasMessageContaining("no-such-topic").hasMessageContaining("do not exist");
        }
    }

    @Test
    void countsAreQueryableMeasuredAndTheRepartitionTopicIsPurged() throws Exception {
        createTopics("iq-lines", "iq-counts");
        Properties p = props("iq");
        p.put("repartition.purge.interval.ms", "200");
        try (StreamsApplication app = new StreamsApplication(wordCount("iq-lines", "iq-counts", null), p)) {
            app.start();
            awaitRunning(app);
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("iq-lines", "k" + i, "alpha beta " + (i % 3 == 0 ? "gamma" : "")));
            }
            producer.flush();
            ReadOnlyKeyValueStore<String, Long> counts = app.store("counts");
            GroupConsumer.await("the counts are queryable", WAIT, () -> Long.valueOf(300).equals(counts.get("alpha"))
                    && Long.valueOf(100).equals(counts.get("gamma")));
            assertThat(counts.get("beta")).isEqualTo(300L);
            assertThat(counts.approximateNumEntries()).isEqualTo(3);

            ObjectName threadBean = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,thread-id=iq-*"), null).iterator().next();
            assertThat((Double) ManagementFactory.getPlatformMBeanServer().getAttribute(threadBean, "process-total"))
                    .isGreaterThanOrEqualTo(300 + 300 * 2 + 100);
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(
                    "kafka.streams:type=stream-metrics,client-id=" + app.metrics().metrics().keySet().stream()
                            .filter(n -> n.group().equals("stream-metrics")).findFirst().orElseThrow().tags()
                            .get("client-id")), "state")).isEqualTo("RUNNING");

            TopicPartition repartition = new TopicPartition("iq-counts-repartition", 0);
            GroupConsumer.await("the repartition topic is purged up to what was committed", WAIT, () -> {
                producer.send(new ProducerRecord<>("iq-lines", "more", "delta"));
                return earliest(repartition) > 0;
            });
        }
    }

    @Test
    void aCleanRestartOfAPersistentStoreRestoresNothing() throws Exception {
        createTopics("rs-lines", "rs-counts");
        Properties p = props("restart");
        p.put("default.dsl.store", "rocksDB");
        p.put("state.dir", dir.resolve("restart-state").toString());
        for (int i = 0; i < 200; i++) {
            producer.send(new ProducerRecord<>("rs-lines", "k" + i, "one two"));
        }
        producer.flush();
        List<String> restores = new CopyOnWriteArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (StreamsApplication app = new StreamsApplication(wordCount("rs-lines", "rs-counts", null), p)) {
                app.setGlobalStateRestoreListener(recording(restores));
                app.start();
                awaitRunning(app);
                ReadOnlyKeyValueStore<String, Long> counts = app.store("counts");
                GroupConsumer.await("counts of run " + run, WAIT, () -> Long.valueOf(200).equals(counts.get("one")));
            }
        }
        // The first run restored from an empty changelog; the second started from the checkpoint at its end.
        assertThat(restores).hasSize(2);
        assertThat(restores.get(1)).startsWith("0 records");
    }

    @Test
    void anUndeserializableRecordStopsTheApplicationOrIsSkipped() throws Exception {
        createTopics("ds-numbers", "ds-out");
        producer.send(new ProducerRecord<>("ds-numbers", "bad", "not a long"));
        try (KafkaProducer<String, Long> longs = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrap()),
                Serdes.String().serializer(), Serdes.Long().serializer())) {
            longs.send(new ProducerRecord<>("ds-numbers", "good", 7L)).get();
        }
        producer.flush();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("ds-numbers", Consumed.with(Serdes.String(), Serdes.Long()))
                .groupByKey().count(Materialized.as("seen"));
        Topology topology = builder.build();

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (StreamsApplication failing = new StreamsApplication(topology, props("ds-fail"))) {
            failing.setUncaughtExceptionHandler(t -> {
                failures.add(t);
                return StreamsApplication.ExceptionResponse.SHUTDOWN_CLIENT;
            });
            failing.start();
            GroupConsumer.await("the application stops in ERROR", WAIT,
                    () -> failing.state() == StreamsApplication.State.ERROR);
            assertThat(failures).singleElement().satisfies(t -> assertThat(t).hasMessageContaining("ds-numbers-0@0")
                    .hasMessageContaining("LogAndFail"));
        }
        Properties tolerant = props("ds-continue");
        tolerant.put("deserialization.exception.handler",
                "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        try (StreamsApplication app = new StreamsApplication(topology, tolerant)) {
            app.start();
            ReadOnlyKeyValueStore<String, Long> seen = app.store("seen");
            GroupConsumer.await("the good record is counted", WAIT, () -> Long.valueOf(1).equals(seen.get("good")));
            assertThat(seen.get("bad")).isNull();
            assertThat(app.state()).isIn(StreamsApplication.State.RUNNING, StreamsApplication.State.REBALANCING);
        }
    }

    private static long earliest(TopicPartition tp) {
        try {
            return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get(10, TimeUnit.SECONDS).get(tp)
                    .offset();
        } catch (Exception e) {
            throw new AssertionError("ListOffsets(earliest) of " + tp + " failed", e);
        }
    }

    private static StateRestoreListener recording(List<String> restores) {
        AtomicLong start = new AtomicLong();
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition changelog, String store, long from, long to) {
                start.set(from);
            }

            @Override
            public void onBatchRestored(TopicPartition changelog, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition changelog, String store, long total) {
                restores.add(total + " records from " + start.get());
            }
        };
    }

    private static Topology wordCount(String input, String output, String unused) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(StreamsWordCountApp::words)
                .groupBy((k, w) -> w, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static void awaitRunning(StreamsApplication app) throws InterruptedException {
        GroupConsumer.await("the application runs", WAIT, () -> app.state() == StreamsApplication.State.RUNNING);
    }

    private static void createTopics(String... names) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    private static Properties props(String applicationId) {
        Properties p = new Properties();
        p.put("application.id", applicationId);
        p.put("bootstrap.servers", broker.bootstrap());
        p.put("state.dir", dir.resolve("state-" + applicationId).toString());
        p.put("commit.interval.ms", "100");
        return p;
    }
}
