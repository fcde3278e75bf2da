package io.tributary.connect.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The status topic read as Kafka Connect lays it out ({@code status-connector-<name>},
 * {@code status-task-<name>-<id>}), and what this worker writes to it.
 */
class KafkaStatusStoreTest {

    private static final String TOPIC = "connect-status";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaStatusStore store;
    private long nextOffset;

    @BeforeEach
    void setUp() {
        store = new KafkaStatusStore();
        nextOffset = 0;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private void put(String key, String value) {
        putRaw(key, utf8(value));
    }

    private void putRaw(String key, byte[] value) {
        store.apply(new ConsumerRecord<>(TOPIC, 0, nextOffset++, utf8(key), value));
    }

    private static String status(String state, String trace, String workerId, int generation) {
        return "{\"state\":\"" + state + "\",\"trace\":" + (trace == null ? "null" : "\"" + trace + "\"")
                + ",\"worker_id\":\"" + workerId + "\",\"generation\":" + generation + "}";
    }

    private static StatusStore.State state(String state, String workerId, String trace) {
        return new StatusStore.State(state, workerId, trace);
    }

    // ---- reading the topic ---------------------------------------------------------------------------------

    @Test
    void nothingIsKnownAtFirst() {
        assertThat(store.connector("src")).isNull();
        assertThat(store.tasks("src")).isEmpty();
    }

    @Test
    void aConnectorStatusIsRead() {
        put("status-connector-src", "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"w1:8083\","
                + "\"generation\":3}");

        assertThat(store.connector("src")).isEqualTo(state("RUNNING", "w1:8083", null));
        assertThat(store.tasks("src")).isEmpty();
    }

    @Test
    void aTaskStatusIsRead() {
        put("status-task-src-0", status("RUNNING", null, "w1:8083", 3));

        assertThat(store.tasks("src")).containsExactly(Map.entry(0, state("RUNNING", "w1:8083", null)));
        assertThat(store.connector("src")).isNull();
    }

    @Test
    void aFailureTraceIsKept() {
        String trace = "org.apache.kafka.connect.errors.ConnectException: boom\\n\\tat X.y(X.java:1)";
        put("status-task-src-1", status("FAILED", trace, "w2:8083", 4));

        assertThat(store.tasks("src").get(1)).isEqualTo(
                state("FAILED", "w2:8083", "org.apache.kafka.connect.errors.ConnectException: boom\n\tat X.y(X.java:1)"));
    }

    @Test
    void missingWorkerIdAndTraceReadAsNull() {
        put("status-connector-src", "{\"state\":\"UNASSIGNED\",\"generation\":1}");
        put("status-task-src-0", "{\"state\":\"UNASSIGNED\",\"worker_id\":null,\"generation\":1}");

        assertThat(store.connector("src")).isEqualTo(state("UNASSIGNED", null, null));
        assertThat(store.tasks("src").get(0)).isEqualTo(state("UNASSIGNED", null, null));
    }

    @Test
    void aLaterRecordReplacesTheEarlierWhateverItsGeneration() {
        put("status-connector-src", status("RUNNING", null, "w1:8083", 3));
        put("status-connector-src", status("PAUSED", null, "w2:8083", 2));

        assertThat(store.connector("src")).isEqualTo(state("PAUSED", "w2:8083", null));
    }

    @Test
    void tasksAreListedByNumber() {
        put("status-task-src-10", status("RUNNING", null, "w1:8083", 1));
        put("status-task-src-2", status("FAILED", "t", "w2:8083", 1));
        put("status-task-src-0", status("PAUSED", null, "w1:8083", 1));

        assertThat(store.tasks("src").keySet()).containsExactly(0, 2, 10);
    }

    @Test
    void theTasksMapReturnedIsACopy() {
        put("status-task-src-0", status("RUNNING", null, "w1:8083", 1));

        Map<Integer, StatusStore.State> tasks = store.tasks("src");
        tasks.clear();

        assertThat(store.tasks("src")).containsOnlyKeys(0);
    }

    @Test
    void namesWithDashesParseRight() {
        put("status-connector-my-conn-1", status("RUNNING", null, "w1:8083", 3));
        put("status-task-my-conn-1-0", status("RUNNING", null, "w1:8083", 3));
        put("status-task-my-conn-1-12", status("FAILED", "x", "w2:8083", 3));

        assertThat(store.connector("my-conn-1")).isEqualTo(state("RUNNING", "w1:8083", null));
        assertThat(store.tasks("my-conn-1")).containsOnlyKeys(0, 12);
        assertThat(store.tasks("my-conn-1").get(12)).isEqualTo(state("FAILED", "w2:8083", "x"));
        assertThat(store.connector("my-conn")).isNull();
        assertThat(store.tasks("my-conn")).isEmpty();
        assertThat(store.tasks("my")).isEmpty();
    }

    @Test
    void aConnectorNamedLikeATaskKeyStaysApart() {
        // Task 1 of "a" and task 0 of the connector "a-1".
        put("status-task-a-1", status("RUNNING", null, "w1:8083", 1));
        put("status-task-a-1-0", status("FAILED", "x", "w2:8083", 1));

        assertThat(store.tasks("a")).containsOnlyKeys(1);
        assertThat(store.tasks("a-1")).containsOnlyKeys(0);
        assertThat(store.tasks("a-1").get(0).state()).isEqualTo("FAILED");
    }

    // ---- tombstones ----------------------------------------------------------------------------------------

    @Test
    void aConnectorTombstoneForgetsTheConnectorsStatusOnly() {
        put("status-connector-src", status("RUNNING", null, "w1:8083", 3));
        put("status-task-src-0", status("RUNNING", null, "w1:8083", 3));

        put("status-connector-src", null);

        assertThat(store.connector("src")).isNull();
        assertThat(store.tasks("src")).containsOnlyKeys(0);
    }

    @Test
    void aTaskTombstoneForgetsThatTaskOnly() {
        put("status-task-src-0", status("RUNNING", null, "w1:8083", 3));
        put("status-task-src-1", status("RUNNING", null, "w1:8083", 3));

        put("status-task-src-0", null);

        assertThat(store.tasks("src")).containsOnlyKeys(1);
    }

    @Test
    void tombstonesForUnknownConnectorsAndTasksAreHarmless() {
        put("status-task-src-0", status("RUNNING", null, "w1:8083", 3));

        assertThatCode(() -> {
            put("status-connector-ghost", null);
            put("status-task-ghost-0", null);
            put("status-task-src-7", null);
        }).doesNotThrowAnyException();

        assertThat(store.connector("ghost")).isNull();
        assertThat(store.tasks("ghost")).isEmpty();
        assertThat(store.tasks("src")).containsOnlyKeys(0);
    }

    // ---- what is ignored -----------------------------------------------------------------------------------

    @Test
    void badJsonForAnUnknownKeyAddsNothingAndDoesNotThrow() {
        assertThatCode(() -> {
            put("status-connector-src", "not json {");
            put("status-task-src-0", "not json {");
        }).doesNotThrowAnyException();

        assertThat(store.connector("src")).isNull();
        assertThat(store.tasks("src")).isEmpty();
    }

    @Test
    void badJsonDoesNotEraseAKnownConnectorStatus() {
        put("status-connector-src", status("RUNNING", null, "w1:8083", 3));

        assertThatCode(() -> put("status-connector-src", "{{not json")).doesNotThrowAnyException();

        // Only a tombstone forgets a status; an unreadable record is skipped.
        assertThat(store.connector("src")).isEqualTo(state("RUNNING", "w1:8083", null));
    }

    @Test
    void badJsonDoesNotEraseAKnownTaskStatus() {
        put("status-task-src-0", status("FAILED", "trace", "w1:8083", 3));

        assertThatCode(() -> put("status-task-src-0", "{{not json")).doesNotThrowAnyException();

        assertThat(store.tasks("src")).containsEntry(0, state("FAILED", "w1:8083", "trace"));
    }

    @Test
    void malformedTaskKeysAreIgnored() {
        assertThatCode(() -> {
            put("status-task-src-x", status("RUNNING", null, "w1:8083", 1));
            put("status-task-nodash", status("RUNNING", null, "w1:8083", 1));
            put("status-task-", status("RUNNING", null, "w1:8083", 1));
            put("status-task--1", status("RUNNING", null, "w1:8083", 1));
        }).doesNotThrowAnyException();

        assertThat(store.tasks("src")).isEmpty();
        assertThat(store.tasks("nodash")).isEmpty();
        assertThat(store.tasks("")).isEmpty();
    }

    @Test
    void unknownKeysAndKeylessRecordsAreIgnored() {
        assertThatCode(() -> {
            // Kafka Connect's active-topic records share the status topic.
            put("status-topic-orders:connector-src",
                    "{\"topic\":{\"name\":\"orders\",\"connector\":\"src\",\"task\":0,\"discoverTimestamp\":1}}");
            put("something-else", status("RUNNING", null, "w1:8083", 1));
            store.apply(new ConsumerRecord<>(TOPIC, 0, nextOffset++, null, utf8(status("RUNNING", null, "w", 1))));
        }).doesNotThrowAnyException();

        assertThat(store.connector("src")).isNull();
        assertThat(store.tasks("src")).isEmpty();
    }

    // ---- what this worker writes ---------------------------------------------------------------------------

    /** Writes go through a {@link TopicLog} over a mock producer (see {@link ConfigLogTest.CapturingTopicLog}). */
    @Nested
    class Writes {

        private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        @BeforeEach
        void attachCapturingLog() {
            store.attach(ConfigLogTest.CapturingTopicLog.create(TOPIC, sent));
        }

        private List<String> keys() {
            List<String> out = new ArrayList<>();
            sent.forEach(r -> out.add(new String(r.key(), StandardCharsets.UTF_8)));
            return out;
        }

        private String value(int i) {
            byte[] v = sent.get(i).value();
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        @Test
        void aConnectorStatusIsWrittenInKafkaConnectsLayoutWithTheGeneration() throws Exception {
            store.generation(3);

            store.putConnector("my-conn-1", state("RUNNING", "w1:8083", null));

            assertThat(keys()).containsExactly("status-connector-my-conn-1");
            assertThat(JSON.readTree(value(0))).isEqualTo(JSON.readTree(
                    "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"w1:8083\",\"generation\":3}"));
            assertThat(store.connector("my-conn-1")).isEqualTo(state("RUNNING", "w1:8083", null));
        }

        @Test
        void aTaskStatusIsWrittenInKafkaConnectsLayout() throws Exception {
            store.generation(7);

            store.putTask("my-conn-1", 2, state("FAILED", "w2:8083", "boom"));

            assertThat(keys()).containsExactly("status-task-my-conn-1-2");
            assertThat(JSON.readTree(value(0))).isEqualTo(JSON.readTree(
                    "{\"state\":\"FAILED\",\"trace\":\"boom\",\"worker_id\":\"w2:8083\",\"generation\":7}"));
            assertThat(store.tasks("my-conn-1")).containsExactly(Map.entry(2, state("FAILED", "w2:8083", "boom")));
        }

        @Test
        void whatIsWrittenReadsBackTheSameOnAnotherWorker() {
            store.generation(1);
            store.putConnector("my-conn-1", state("RUNNING", "w1:8083", null));
            store.putTask("my-conn-1", 0, state("RUNNING", "w1:8083", null));
            store.putTask("my-conn-1", 1, state("FAILED", "w1:8083", "line 1\nline \"2\""));

            KafkaStatusStore other = new KafkaStatusStore();
            long offset = 0;
            for (ProducerRecord<byte[], byte[]> r : sent) {
                other.apply(new ConsumerRecord<>(TOPIC, 0, offset++, r.key(), r.value()));
            }

            assertThat(other.connector("my-conn-1")).isEqualTo(store.connector("my-conn-1"));
            assertThat(other.tasks("my-conn-1")).isEqualTo(store.tasks("my-conn-1"));
        }

        @Test
        void anUnassignedFromAWorkerThatGaveTheConnectorUpDoesNotHideTheNewOwnersRunning() {
            // w2 took the connector over; its RUNNING arrives through the topic.
            put("status-connector-src", status("RUNNING", null, "w2:8083", 5));
            put("status-task-src-0", status("RUNNING", null, "w2:8083", 5));

            store.putConnector("src", state("UNASSIGNED", "w1:8083", null));
            store.putTask("src", 0, state("UNASSIGNED", "w1:8083", null));

            assertThat(sent).isEmpty();
            assertThat(store.connector("src")).isEqualTo(state("RUNNING", "w2:8083", null));
            assertThat(store.tasks("src").get(0)).isEqualTo(state("RUNNING", "w2:8083", null));
        }

        @Test
        void anUnassignedIsWrittenWhenNothingIsKnownOrTheSameWorkerOwnedIt() {
            store.putConnector("a", state("UNASSIGNED", "w1:8083", null));
            put("status-task-b-0", status("RUNNING", null, "w1:8083", 5));
            store.putTask("b", 0, state("UNASSIGNED", "w1:8083", null));

            assertThat(keys()).containsExactly("status-connector-a", "status-task-b-0");
            assertThat(store.tasks("b").get(0).state()).isEqualTo("UNASSIGNED");
        }

        @Test
        void anyOtherStateIsWrittenWhoeverOwnedItBefore() {
            put("status-connector-src", status("RUNNING", null, "w2:8083", 5));

            store.putConnector("src", state("FAILED", "w1:8083", "t"));

            assertThat(keys()).containsExactly("status-connector-src");
            assertThat(store.connector("src")).isEqualTo(state("FAILED", "w1:8083", "t"));
        }

        @Test
        void removingAConnectorWritesTombstonesForItAndEveryKnownTask() {
            put("status-connector-my-conn-1", status("RUNNING", null, "w1:8083", 1));
            put("status-task-my-conn-1-0", status("RUNNING", null, "w1:8083", 1));
            put("status-task-my-conn-1-3", status("RUNNING", null, "w2:8083", 1));

            store.remove("my-conn-1");

            assertThat(keys()).containsExactlyInAnyOrder("status-connector-my-conn-1", "status-task-my-conn-1-0",
                    "status-task-my-conn-1-3");
            assertThat(sent).allSatisfy(r -> assertThat(r.value()).isNull());
            assertThat(store.connector("my-conn-1")).isNull();
            assertThat(store.tasks("my-conn-1")).isEmpty();
        }
    }
}
