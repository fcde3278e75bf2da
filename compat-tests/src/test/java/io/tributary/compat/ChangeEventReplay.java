package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a Debezium change topic of the {@code customers} table ({@link CustomerChanges}) and applies every event
 * (c/r/u: the after row; d and tombstones: remove), to compare the replayed rows with the table.
 */
final class ChangeEventReplay implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final Map<Integer, List<Object>> rows = new TreeMap<>();
    private final Map<String, Integer> ops = new TreeMap<>();
    private int events;
    private int tombstones;

    ChangeEventReplay(String bootstrap, String topic) {
        consumer = ConnectLines.consumer(bootstrap);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** How many events of this op ("c", "r", "u", "d") were read. */
    int op(String op) {
        return ops.getOrDefault(op, 0);
    }

    Map<String, Integer> ops() {
        return ops;
    }

    int events() {
        return events;
    }

    int tombstones() {
        return tombstones;
    }

    int rows() {
        return rows.size();
    }

    int streamed() {
        return op("c") + op("u") + op("d");
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
