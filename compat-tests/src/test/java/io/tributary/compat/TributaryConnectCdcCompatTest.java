package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debezium's PostgreSQL connector 3.6.1 on Tributary's Connect worker (distributed mode, one worker) against a real
 * PostgreSQL ({@link PostgresProcess}) and a Tributary broker: the initial snapshot, then inserts, updates (also of
 * the primary key) and deletes streamed while the worker is SIGKILLed, more made while it is down and in one
 * transaction; after the restart, replaying the change topic gives exactly {@code SELECT * FROM customers}.
 */
class TributaryConnectCdcCompatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static ConnectWorkerProcess worker;
    private static ConnectRest rest;

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (worker != null) {
                System.err.println(context.getDisplayName() + " failed; Tributary's Connect worker's "
                        + worker.logTail(200));
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300"))
                .start();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrap());
        settings.put("group.id", "tributary-connect-cdc");
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", "false");
        settings.put("value.converter.schemas.enable", "false");
        settings.put("config.storage.topic", "tributary-cdc-configs");
        settings.put("offset.storage.topic", "tributary-cdc-offsets");
        settings.put("status.storage.topic", "tributary-cdc-status");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        settings.put("offset.storage.partitions", "5");
        settings.put("status.storage.partitions", "3");
        settings.put("offset.flush.interval.ms", "200");
        // the restarted worker joins a group that waits for the SIGKILLed incarnation until its session ends
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "1000");
        settings.put("plugin.path", ConnectWorkerProcess.pluginPath().toString());
        worker = ConnectWorkerProcess.tributary("tributary-connect-cdc", dir.resolve("worker"), settings,
                "distributed", List.of());
        long started = System.nanoTime();
        worker.start();
        System.out.printf("distributed worker up in %d ms%n", ConnectLines.since(started));
        rest = new ConnectRest(worker.restUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.stop();
            List<String> severe = worker.logLines(" SEVERE ");
            System.out.println("Tributary Connect worker (CDC): " + severe.size() + " SEVERE lines in its logs"
                    + (severe.isEmpty() ? "" : ", the first ones:\n" + String.join("\n",
                    severe.subList(0, Math.min(20, severe.size())))));
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void debeziumPostgresChangesReplayToTheTableAcrossAWorkerKill() throws Exception {
        long testStart = System.nanoTime();
        try (PostgresProcess pg = PostgresProcess.start()) {
            pg.execute("CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL, "
                    + "note text)");
            Changes changes = new Changes(pg, new Random(20251206));
            for (int i = 0; i < 100; i++) {
                changes.insert();
            }
            String topic = "cdc.public.customers";
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
            config.put("tasks.max", "1");
            config.put("database.hostname", pg.host());
            config.put("database.port", Integer.toString(pg.port()));
            config.put("database.user", PostgresProcess.USER);
            config.put("database.password", "unused-trust-auth");
            config.put("database.dbname", PostgresProcess.DATABASE);
            config.put("topic.prefix", "cdc");
            config.put("plugin.name", "pgoutput");
            config.put("slot.name", "tributary_" + Long.toHexString(System.nanoTime()));
            config.put("publication.name", "tributary_cdc");
            config.put("publication.autocreate.mode", "filtered");
            config.put("table.include.list", "public.customers");
            config.put("snapshot.mode", "initial");
            config.put("topic.creation.default.partitions", "3");
            config.put("topic.creation.default.replication.factor", "1");
            rest.createConnector("pg-cdc", config);
            rest.waitRunning("pg-cdc", 1, Duration.ofSeconds(60));

            try (Admin admin = broker.admin()) {
                ConnectLines.awaitTopic(admin, topic, Duration.ofSeconds(60));
            }
            try (Replay replay = new Replay(topic)) {
                long t = System.nanoTime();
                replay.awaitTable(pg, Duration.ofSeconds(60));
                System.out.printf("Debezium: snapshot of %d rows replayed in %d ms%n", replay.rows.size(),
                        ConnectLines.since(t));
                assertThat(replay.ops.getOrDefault("r", 0)).as("snapshot reads").isGreaterThanOrEqualTo(100);

                // Changes stream in while the worker is SIGKILLed; more are made while it is down.
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread dml = new Thread(() -> {
                    try {
                        for (int i = 0; i < 400; i++) {
                            changes.random();
                            Thread.sleep(8);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }, "postgres-changes");
                dml.start();
                replay.awaitStreamed(80, Duration.ofSeconds(60));
                boolean midStream = dml.isAlive();
                int streamedAtKill = replay.streamed();
                worker.kill();
                dml.join(120_000);
                assertThat(failure.get()).isNull();
                for (int i = 0; i < 150; i++) {
                    changes.random();
                }
                changes.inTransaction(20);
                System.out.printf("Debezium: SIGKILL after %d change events (changes still being made: %s); %d "
                        + "statements made in all before the restart%n", streamedAtKill, midStream,
                        changes.statements);
                t = System.nanoTime();
                worker.start();
                System.out.printf("worker restarted after SIGKILL: up (joined its group) in %d ms%n",
                        ConnectLines.since(t));
                rest.waitRunning("pg-cdc", 1, Duration.ofSeconds(90));
                for (int i = 0; i < 100; i++) {
                    changes.random();
                }
                t = System.nanoTime();
                replay.awaitTable(pg, Duration.ofSeconds(90));
                System.out.printf("Debezium: %d events (%s), %d tombstones, %d rows; %d statements made; the "
                                + "replay equalled the table %d ms after the last statement%n", replay.events,
                        replay.ops, replay.tombstones, replay.rows.size(), changes.statements, ConnectLines.since(t));
                assertThat(replay.ops.getOrDefault("d", 0)).as("deletes").isPositive();
                assertThat(replay.ops.getOrDefault("u", 0)).as("updates").isPositive();
                assertThat(replay.tombstones).as("tombstones after deletes").isPositive();
                // the source offsets Debezium committed are visible through KIP-875's GET .../offsets
                JsonNode offsets = rest.offsets("pg-cdc");
                assertThat(offsets.path("offsets")).as("GET /connectors/pg-cdc/offsets: " + offsets).isNotEmpty();
                assertThat(offsets.path("offsets").path(0).path("partition").path("server").asText())
                        .as(offsets.toString()).isEqualTo("cdc");
                assertThat(offsets.path("offsets").path(0).path("offset").has("lsn")).as(offsets.toString())
                        .isTrue();
            } finally {
                rest.deleteConnector("pg-cdc");
            }
        }
        System.out.printf("TributaryConnectCdcCompatTest: %d ms%n", ConnectLines.since(testStart));
    }

    /** Random inserts, updates (also of the primary key) and deletes of the customers table. */
    private static final class Changes {
        private final PostgresProcess pg;
        private final Random random;
        private final List<Integer> ids = new ArrayList<>();
        private int nextId = 1;
        private int statements;

        Changes(PostgresProcess pg, Random random) {
            this.pg = pg;
            this.random = random;
        }

        synchronized void insert() throws SQLException {
            int id = nextId++;
            // non-ASCII and quotes in the data: JSON through the converter and back
            pg.execute("INSERT INTO customers VALUES (" + id + ", 'customer " + id + "', " + random.nextInt(1000)
                    + ", " + (id % 3 == 0 ? "NULL" : "'n" + id + " ''quoted'' ünï €'") + ")");
            ids.add(id);
            statements++;
        }

        synchronized void random() throws SQLException {
            int choice = random.nextInt(100);
            if (ids.size() < 20 || choice < 35) {
                insert();
                return;
            }
            int index = random.nextInt(ids.size());
            int id = ids.get(index);
            if (choice < 75) {
                pg.execute("UPDATE customers SET qty = qty + 1, note = 'updated " + statements + "' WHERE id = "
                        + id);
            } else if (choice < 80) {
                int newId = nextId++;
                pg.execute("UPDATE customers SET id = " + newId + " WHERE id = " + id);
                ids.set(index, newId);
            } else {
                pg.execute("DELETE FROM customers WHERE id = " + id);
                ids.remove(index);
            }
            statements++;
        }

        /** Several changes committed together. */
        synchronized void inTransaction(int count) throws SQLException {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 0; i < count; i++) {
                    int id = nextId++;
                    s.execute("INSERT INTO customers VALUES (" + id + ", 'tx " + id + "', " + i + ", NULL)");
                    ids.add(id);
                }
                int victim = ids.remove(0);
                s.execute("DELETE FROM customers WHERE id = " + victim);
                s.execute("UPDATE customers SET qty = -1 WHERE id = " + ids.get(0));
                c.commit();
            }
            statements += count + 2;
        }
    }

    /** Reads the change topic and applies every event (c/r/u: the after row; d and tombstones: remove). */
    private static final class Replay implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer = ConnectLines.consumer(broker.bootstrap());
        private final Map<Integer, List<Object>> rows = new TreeMap<>();
        private final Map<String, Integer> ops = new TreeMap<>();
        private int events;
        private int tombstones;

        Replay(String topic) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        int streamed() {
            return ops.getOrDefault("c", 0) + ops.getOrDefault("u", 0) + ops.getOrDefault("d", 0);
        }

        void poll() throws IOException {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                int key = JSON.readTree(r.key()).path("id").asInt();
                if (r.value() == null) {
                    tombstones++;
                    rows.remove(key);
                    continue;
                }
                events++;
                JsonNode value = JSON.readTree(r.value());
                String op = value.path("op").asText();
                ops.merge(op, 1, Integer::sum);
                switch (op) {
                    case "c", "r", "u" -> {
                        JsonNode after = value.path("after");
                        assertThat(after.path("id").asInt()).as(r.value()).isEqualTo(key);
                        rows.put(key, row(after.path("name").asText(), after.path("qty").asInt(),
                                after.path("note").isNull() ? null : after.path("note").asText()));
                    }
                    case "d" -> rows.remove(key);
                    default -> throw new AssertionError("unexpected op in " + r.value());
                }
            }
        }

        private static List<Object> row(String name, int qty, String note) {
            List<Object> row = new ArrayList<>();
            row.add(name);
            row.add(qty);
            row.add(note);
            return row;
        }

        void awaitStreamed(int count, Duration timeout) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (streamed() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + streamed() + " change events within " + timeout);
                }
                poll();
            }
        }

        /** Polls until the replayed rows equal {@code SELECT * FROM customers}. */
        void awaitTable(PostgresProcess pg, Duration timeout) throws IOException, SQLException {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<Integer, List<Object>> table = Map.of();
            long nextCheck = 0;
            while (System.nanoTime() < deadline) {
                poll();
                if (System.nanoTime() >= nextCheck) {
                    table = table(pg);
                    if (table.equals(rows)) {
                        return;
                    }
                    nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                }
            }
            Map<Integer, List<Object>> replayed = new TreeMap<>(rows);
            Set<Integer> differing = new TreeSet<>(table.keySet());
            differing.addAll(replayed.keySet());
            Map<Integer, List<Object>> finalTable = table;
            differing.removeIf(id -> Objects.equals(finalTable.get(id), replayed.get(id)));
            StringBuilder diff = new StringBuilder();
            differing.stream().limit(20).forEach(id -> diff.append("\n  id ").append(id).append(": table ")
                    .append(finalTable.get(id)).append(", replayed ").append(replayed.get(id)));
            throw new AssertionError("replaying the change topic did not give the table within " + timeout + ": "
                    + differing.size() + " rows differ (" + events + " events " + ops + ", " + tombstones
                    + " tombstones):" + diff);
        }

        private static Map<Integer, List<Object>> table(PostgresProcess pg) throws SQLException {
            Map<Integer, List<Object>> table = new TreeMap<>();
            for (Map<String, Object> r : pg.query("SELECT id, name, qty, note FROM customers")) {
                table.put((Integer) r.get("id"), row((String) r.get("name"), (Integer) r.get("qty"),
                        (String) r.get("note")));
            }
            return table;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
