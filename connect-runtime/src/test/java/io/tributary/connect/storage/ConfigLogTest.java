package io.tributary.connect.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The config topic read as Kafka Connect lays it out: records are fed to {@link ConfigLog#apply} as the topic's
 * reader would, and the {@link ConfigLog.Snapshot} and the {@link ConfigLog.Listener} calls are checked.
 */
class ConfigLogTest {

    private static final String TOPIC = "connect-configs";

    private final List<String> events = new ArrayList<>();
    private ConfigLog log;
    private long nextOffset;

    /** Records every callback as a short string, in order. */
    private class RecordingListener implements ConfigLog.Listener {
        @Override
        public void connectorChanged(String connector) {
            events.add("connectorChanged " + connector);
        }

        @Override
        public void tasksCommitted(String connector) {
            events.add("tasksCommitted " + connector);
        }

        @Override
        public void targetStateChanged(String connector) {
            events.add("targetStateChanged " + connector);
        }

        @Override
        public void restartRequested(String connector, boolean includeTasks, boolean onlyFailed) {
            events.add("restartRequested " + connector + " includeTasks=" + includeTasks + " onlyFailed="
                    + onlyFailed);
        }

        @Override
        public void taskRestartRequested(String connector, int task) {
            events.add("taskRestartRequested " + connector + " " + task);
        }
    }

    @BeforeEach
    void setUp() {
        log = new ConfigLog(new RecordingListener());
        nextOffset = 0;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Applies a record with this key and (JSON text, or null for a tombstone) value at the next offset. */
    private long put(String key, String value) {
        long offset = nextOffset++;
        log.apply(new ConsumerRecord<>(TOPIC, 0, offset, utf8(key), utf8(value)));
        return offset;
    }

    private long putRaw(String key, byte[] value) {
        long offset = nextOffset++;
        log.apply(new ConsumerRecord<>(TOPIC, 0, offset, utf8(key), value));
        return offset;
    }

    private ConfigLog.Snapshot snap() {
        return log.snapshot();
    }

    private void connector(String name, String propsJson) {
        put("connector-" + name, "{\"properties\":" + propsJson + "}");
    }

    private void task(String name, int n, String propsJson) {
        put("task-" + name + "-" + n, "{\"properties\":" + propsJson + "}");
    }

    private void commit(String name, int tasks) {
        put("commit-" + name, "{\"tasks\":" + tasks + "}");
    }

    // ---- the empty log --------------------------------------------------------------------------------------

    @Test
    void anEmptyLogHasNoConnectorsAndOffsetMinusOne() {
        ConfigLog.Snapshot s = snap();

        assertThat(s.offset()).isEqualTo(-1);
        assertThat(s.connectors()).isEmpty();
        assertThat(s.tasks()).isEmpty();
        assertThat(s.targetStates()).isEmpty();
        assertThat(s.targetState("anything")).isEqualTo("STARTED");
        assertThat(s.taskCount("anything")).isZero();
    }

    // ---- connector-<name> ----------------------------------------------------------------------------------

    @Test
    void aConnectorRecordAddsItsPropertiesAndTellsTheListener() {
        long offset = put("connector-src", "{\"properties\":{\"connector.class\":\"FileStreamSource\","
                + "\"tasks.max\":\"2\",\"name\":\"src\"}}");

        ConfigLog.Snapshot s = snap();
        assertThat(s.offset()).isEqualTo(offset);
        assertThat(s.connectors()).containsOnlyKeys("src");
        assertThat(s.connectors().get("src")).containsOnly(Map.entry("connector.class", "FileStreamSource"),
                Map.entry("tasks.max", "2"), Map.entry("name", "src"));
        assertThat(s.targetState("src")).isEqualTo("STARTED");
        assertThat(s.taskCount("src")).isZero();
        assertThat(events).containsExactly("connectorChanged src");
    }

    @Test
    void aLaterConnectorRecordReplacesTheWholeConfig() {
        connector("src", "{\"a\":\"1\",\"b\":\"2\"}");
        connector("src", "{\"a\":\"3\"}");

        assertThat(snap().connectors().get("src")).containsOnly(Map.entry("a", "3"));
        assertThat(events).containsExactly("connectorChanged src", "connectorChanged src");
    }

    @Test
    void aConnectorTombstoneRemovesTheConnectorItsTasksAndItsTargetState() {
        connector("src", "{\"a\":\"1\"}");
        task("src", 0, "{\"t\":\"0\"}");
        task("src", 1, "{\"t\":\"1\"}");
        commit("src", 2);
        put("target-state-src", "{\"state\":\"PAUSED\"}");
        connector("other", "{\"b\":\"2\"}");
        events.clear();

        long offset = put("connector-src", null);

        ConfigLog.Snapshot s = snap();
        assertThat(s.offset()).isEqualTo(offset);
        assertThat(s.connectors()).containsOnlyKeys("other");
        assertThat(s.tasks()).doesNotContainKey("src");
        assertThat(s.taskCount("src")).isZero();
        assertThat(s.targetStates()).doesNotContainKey("src");
        assertThat(s.targetState("src")).isEqualTo("STARTED");
        assertThat(events).containsExactly("connectorChanged src");
    }

    @Test
    void aRecreatedConnectorStartsWithoutTheTasksOfItsPredecessor() {
        connector("src", "{\"a\":\"1\"}");
        task("src", 0, "{\"t\":\"old\"}");
        commit("src", 1);
        put("connector-src", null);

        connector("src", "{\"a\":\"2\"}");

        assertThat(snap().taskCount("src")).isZero();
        assertThat(snap().targetState("src")).isEqualTo("STARTED");
    }

    @Test
    void uncommittedTasksOfADeletedConnectorDoNotCompleteALaterCommitOfItsSuccessor() {
        connector("src", "{\"a\":\"1\"}");
        task("src", 0, "{\"t\":\"old-0\"}");
        task("src", 1, "{\"t\":\"old-1\"}"); // never committed: the writer went away
        put("connector-src", null);
        connector("src", "{\"a\":\"2\"}");
        task("src", 0, "{\"t\":\"new-0\"}");
        events.clear();

        // Names two tasks, but only task 0 was written for this connector since it was recreated.
        commit("src", 2);

        assertThat(snap().taskCount("src")).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aConnectorTombstoneForAnUnknownConnectorIsHarmless() {
        assertThatCode(() -> put("connector-ghost", null)).doesNotThrowAnyException();

        assertThat(snap().connectors()).isEmpty();
    }

    @Test
    void nullPropertyValuesAreKeptAsNull() {
        connector("src", "{\"a\":null,\"b\":\"x\"}");

        Map<String, String> config = snap().connectors().get("src");
        assertThat(config).containsKey("a").containsEntry("b", "x");
        assertThat(config.get("a")).isNull();
    }

    // ---- task-<name>-<n> and commit-<name> -----------------------------------------------------------------

    @Test
    void taskConfigsTakeEffectOnlyAtTheirCommitAllAtOnce() {
        connector("src", "{}");
        events.clear();

        task("src", 0, "{\"file\":\"a\"}");
        task("src", 1, "{\"file\":\"b\"}");
        assertThat(snap().taskCount("src")).isZero();
        assertThat(snap().tasks()).doesNotContainKey("src");
        assertThat(events).isEmpty();

        long offset = nextOffset;
        commit("src", 2);

        ConfigLog.Snapshot s = snap();
        assertThat(s.offset()).isEqualTo(offset);
        assertThat(s.taskCount("src")).isEqualTo(2);
        assertThat(s.tasks().get("src")).containsExactly(Map.of("file", "a"), Map.of("file", "b"));
        assertThat(events).containsExactly("tasksCommitted src");
    }

    @Test
    void newTaskConfigsReplaceTheCommittedOnesOnlyAtTheNextCommit() {
        task("src", 0, "{\"v\":\"1\"}");
        task("src", 1, "{\"v\":\"1\"}");
        commit("src", 2);

        task("src", 0, "{\"v\":\"2\"}");
        task("src", 1, "{\"v\":\"2\"}");
        assertThat(snap().tasks().get("src")).containsExactly(Map.of("v", "1"), Map.of("v", "1"));

        commit("src", 2);
        assertThat(snap().tasks().get("src")).containsExactly(Map.of("v", "2"), Map.of("v", "2"));
    }

    @Test
    void tasksWrittenOutOfOrderAreCommittedInTaskOrder() {
        task("src", 2, "{\"n\":\"2\"}");
        task("src", 0, "{\"n\":\"0\"}");
        task("src", 1, "{\"n\":\"1\"}");
        commit("src", 3);

        assertThat(snap().tasks().get("src")).containsExactly(Map.of("n", "0"), Map.of("n", "1"),
                Map.of("n", "2"));
    }

    @Test
    void aCommitNamingMoreTasksThanWereWrittenIsIgnored() {
        connector("src", "{}");
        task("src", 0, "{\"n\":\"0\"}");
        events.clear();

        commit("src", 2);

        assertThat(snap().taskCount("src")).isZero();
        assertThat(snap().tasks()).doesNotContainKey("src");
        assertThat(events).isEmpty();
    }

    @Test
    void aCommitWithoutAnyTaskWrittenIsIgnored() {
        commit("src", 1);

        assertThat(snap().taskCount("src")).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aCommitOfFewerTasksThanBeforeShrinks() {
        task("src", 0, "{\"n\":\"0\"}");
        task("src", 1, "{\"n\":\"1\"}");
        task("src", 2, "{\"n\":\"2\"}");
        commit("src", 3);
        events.clear();

        task("src", 0, "{\"n\":\"0b\"}");
        commit("src", 1);

        assertThat(snap().taskCount("src")).isEqualTo(1);
        assertThat(snap().tasks().get("src")).containsExactly(Map.of("n", "0b"));
        assertThat(events).containsExactly("tasksCommitted src");
    }

    @Test
    void aCommitOfZeroTasksLeavesNone() {
        task("src", 0, "{\"n\":\"0\"}");
        commit("src", 1);
        events.clear();

        commit("src", 0);

        assertThat(snap().taskCount("src")).isZero();
        assertThat(events).containsExactly("tasksCommitted src");
    }

    @Test
    void aTaskWrittenBeyondTheCommittedCountIsNotCommitted() {
        task("src", 0, "{\"n\":\"0\"}");
        task("src", 1, "{\"n\":\"1\"}");

        commit("src", 1);

        assertThat(snap().tasks().get("src")).containsExactly(Map.of("n", "0"));
    }

    @Test
    void tasksOfOneConnectorAreNotCommittedByAnothersCommit() {
        task("a", 0, "{\"of\":\"a\"}");
        task("b", 0, "{\"of\":\"b\"}");

        commit("a", 1);

        assertThat(snap().tasks().get("a")).containsExactly(Map.of("of", "a"));
        assertThat(snap().taskCount("b")).isZero();
        commit("b", 1);
        assertThat(snap().tasks().get("b")).containsExactly(Map.of("of", "b"));
    }

    @Test
    void aTaskTombstoneIsIgnored() {
        task("src", 0, "{\"n\":\"0\"}");
        commit("src", 1);
        events.clear();

        assertThatCode(() -> put("task-src-0", null)).doesNotThrowAnyException();

        assertThat(snap().tasks().get("src")).containsExactly(Map.of("n", "0"));
        assertThat(events).isEmpty();
    }

    // ---- target-state-<name> -------------------------------------------------------------------------------

    @Test
    void aPausedTargetState() {
        connector("src", "{}");
        events.clear();

        put("target-state-src", "{\"state\":\"PAUSED\"}");

        assertThat(snap().targetState("src")).isEqualTo("PAUSED");
        assertThat(events).containsExactly("targetStateChanged src");
    }

    @Test
    void stateV2WinsOverState() {
        put("target-state-src", "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}");

        assertThat(snap().targetState("src")).isEqualTo("STOPPED");
    }

    @Test
    void aNullStateV2FallsBackToState() {
        put("target-state-src", "{\"state\":\"PAUSED\",\"state.v2\":null}");

        assertThat(snap().targetState("src")).isEqualTo("PAUSED");
    }

    @Test
    void aStartedTargetStateResumes() {
        put("target-state-src", "{\"state\":\"PAUSED\"}");
        put("target-state-src", "{\"state\":\"STARTED\",\"state.v2\":\"STARTED\"}");

        assertThat(snap().targetState("src")).isEqualTo("STARTED");
    }

    @Test
    void aTargetStateTombstoneMeansStartedAgain() {
        put("target-state-src", "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}");
        events.clear();

        put("target-state-src", null);

        assertThat(snap().targetState("src")).isEqualTo("STARTED");
        assertThat(snap().targetStates()).doesNotContainKey("src");
        assertThat(events).containsExactly("targetStateChanged src");
    }

    // ---- restart-connector-<name>, restart-task-<name>-<n> -------------------------------------------------

    @Test
    void aConnectorRestartRequestReachesTheListener() {
        put("restart-connector-src", "{\"include-tasks\":true,\"only-failed\":false}");
        put("restart-connector-src", "{\"include-tasks\":false,\"only-failed\":true}");

        assertThat(events).containsExactly("restartRequested src includeTasks=true onlyFailed=false",
                "restartRequested src includeTasks=false onlyFailed=true");
    }

    @Test
    void aConnectorRestartRequestWithoutFlagsMeansNeither() {
        put("restart-connector-src", "{}");

        assertThat(events).containsExactly("restartRequested src includeTasks=false onlyFailed=false");
    }

    @Test
    void aRestartRequestChangesNoConfig() {
        connector("src", "{\"a\":\"1\"}");
        ConfigLog.Snapshot before = snap();

        put("restart-connector-src", "{\"include-tasks\":true,\"only-failed\":false}");
        put("restart-task-src-0", "{}");

        assertThat(snap().connectors()).isEqualTo(before.connectors());
        assertThat(snap().tasks()).isEqualTo(before.tasks());
        assertThat(snap().targetStates()).isEqualTo(before.targetStates());
    }

    @Test
    void aTaskRestartRequestReachesTheListener() {
        put("restart-task-src-3", "{}");

        assertThat(events).containsExactly("taskRestartRequested src 3");
    }

    @Test
    void restartTombstonesAreIgnored() {
        put("restart-connector-src", null);
        put("restart-task-src-0", null);

        assertThat(events).isEmpty();
    }

    // ---- names with dashes ---------------------------------------------------------------------------------

    @Test
    void namesWithDashesParseRight() {
        connector("my-conn-1", "{\"a\":\"1\"}");
        put("task-my-conn-1-0", "{\"properties\":{\"n\":\"0\"}}");
        put("task-my-conn-1-1", "{\"properties\":{\"n\":\"1\"}}");
        put("commit-my-conn-1", "{\"tasks\":2}");
        put("target-state-my-conn-1", "{\"state\":\"PAUSED\"}");
        put("restart-connector-my-conn-1", "{\"include-tasks\":true,\"only-failed\":false}");
        put("restart-task-my-conn-1-1", "{}");

        ConfigLog.Snapshot s = snap();
        assertThat(s.connectors()).containsOnlyKeys("my-conn-1");
        assertThat(s.tasks()).containsOnlyKeys("my-conn-1");
        assertThat(s.tasks().get("my-conn-1")).containsExactly(Map.of("n", "0"), Map.of("n", "1"));
        assertThat(s.targetState("my-conn-1")).isEqualTo("PAUSED");
        assertThat(events).containsExactly("connectorChanged my-conn-1", "tasksCommitted my-conn-1",
                "targetStateChanged my-conn-1", "restartRequested my-conn-1 includeTasks=true onlyFailed=false",
                "taskRestartRequested my-conn-1 1");
    }

    @Test
    void aConnectorNamedLikeAnotherWithATaskNumberStaysApart() {
        // "a-1" the connector, and task 1 of connector "a": their task keys are "task-a-1-0" and "task-a-1".
        put("task-a-1", "{\"properties\":{\"of\":\"a\"}}");
        put("task-a-1-0", "{\"properties\":{\"of\":\"a-1\"}}");
        put("task-a-0", "{\"properties\":{\"of\":\"a\"}}");
        commit("a", 2);
        commit("a-1", 1);

        assertThat(snap().tasks().get("a")).containsExactly(Map.of("of", "a"), Map.of("of", "a"));
        assertThat(snap().tasks().get("a-1")).containsExactly(Map.of("of", "a-1"));
    }

    // ---- what is ignored -----------------------------------------------------------------------------------

    @Test
    void unknownKeysAreIgnoredButStillAdvanceTheOffset() {
        connector("src", "{\"a\":\"1\"}");
        ConfigLog.Snapshot before = snap();
        events.clear();

        // Kafka Connect's session key record, and keys that match nothing.
        assertThatCode(() -> {
            put("session-key", "{\"key\":\"c2VjcmV0\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":1}");
            put("something-else", "{\"properties\":{}}");
            put("connectors", "{}");
        }).doesNotThrowAnyException();

        ConfigLog.Snapshot s = snap();
        assertThat(s.connectors()).isEqualTo(before.connectors());
        assertThat(s.tasks()).isEqualTo(before.tasks());
        assertThat(s.targetStates()).isEqualTo(before.targetStates());
        assertThat(s.offset()).isEqualTo(nextOffset - 1);
        assertThat(events).isEmpty();
    }

    @Test
    void aRecordWithoutAKeyIsIgnored() {
        connector("src", "{\"a\":\"1\"}");
        events.clear();

        assertThatCode(() -> log.apply(new ConsumerRecord<>(TOPIC, 0, 99, null, utf8("{\"properties\":{}}"))))
                .doesNotThrowAnyException();

        assertThat(snap().connectors()).containsOnlyKeys("src");
        assertThat(events).isEmpty();
    }

    @Test
    void malformedTaskKeysAreIgnored() {
        assertThatCode(() -> {
            put("task-src-x", "{\"properties\":{\"n\":\"x\"}}");
            put("task-nodash", "{\"properties\":{}}");
            put("task-", "{\"properties\":{}}");
            put("task--0", "{\"properties\":{}}");
        }).doesNotThrowAnyException();
        commit("src", 1);

        assertThat(snap().tasks()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void malformedTaskRestartKeysAreIgnoredWithoutThrowing() {
        assertThatCode(() -> put("restart-task-nodash", "{}")).doesNotThrowAnyException();
        assertThatCode(() -> put("restart-task-src-x", "{}")).doesNotThrowAnyException();

        assertThat(events).isEmpty();
    }

    @Test
    void nonJsonValuesAreIgnoredForRecordsThatOnlyAddOrSignal() {
        assertThatCode(() -> {
            putRaw("connector-fresh", utf8("not json {"));
            putRaw("task-src-0", utf8("not json {"));
            putRaw("commit-src", utf8("not json {"));
            putRaw("restart-connector-src", utf8("not json {"));
            putRaw("restart-task-src-0", utf8("not json {"));
            putRaw("target-state-fresh", utf8("}{"));
        }).doesNotThrowAnyException();

        assertThat(snap().connectors()).doesNotContainKey("fresh");
        assertThat(snap().tasks()).isEmpty();
        assertThat(snap().targetState("fresh")).isEqualTo("STARTED");
        assertThat(events).noneMatch(e -> e.startsWith("restart") || e.startsWith("taskRestart")
                || e.startsWith("tasksCommitted"));
    }

    @Test
    void aNonJsonConnectorValueDoesNotDeleteTheConnector() {
        connector("src", "{\"a\":\"1\"}");
        task("src", 0, "{\"n\":\"0\"}");
        commit("src", 1);
        put("target-state-src", "{\"state\":\"PAUSED\"}");

        assertThatCode(() -> putRaw("connector-src", utf8("this is not JSON"))).doesNotThrowAnyException();

        // Only a tombstone (a null value) deletes; an unreadable value is skipped.
        ConfigLog.Snapshot s = snap();
        assertThat(s.connectors()).containsKey("src");
        assertThat(s.connectors().get("src")).containsOnly(Map.entry("a", "1"));
        assertThat(s.taskCount("src")).isEqualTo(1);
        assertThat(s.targetState("src")).isEqualTo("PAUSED");
    }

    @Test
    void aNonJsonTargetStateValueDoesNotResumeTheConnector() {
        put("target-state-src", "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}");

        assertThatCode(() -> putRaw("target-state-src", utf8("STARTED?"))).doesNotThrowAnyException();

        assertThat(snap().targetState("src")).isEqualTo("STOPPED");
    }

    @Test
    void aConnectorValueWithoutPropertiesDoesNotReplaceTheConfig() {
        connector("src", "{\"a\":\"1\"}");

        put("connector-src", "{\"something\":\"else\"}");

        assertThat(snap().connectors().get("src")).containsOnly(Map.entry("a", "1"));
    }

    // ---- snapshots and callbacks ---------------------------------------------------------------------------

    @Test
    void aSnapshotDoesNotChangeWhenTheLogMovesOn() {
        connector("src", "{\"a\":\"1\"}");
        task("src", 0, "{\"n\":\"0\"}");
        commit("src", 1);
        ConfigLog.Snapshot before = snap();

        connector("src", "{\"a\":\"2\"}");
        task("src", 0, "{\"n\":\"0b\"}");
        task("src", 1, "{\"n\":\"1\"}");
        commit("src", 2);
        put("target-state-src", "{\"state\":\"PAUSED\"}");
        connector("other", "{}");

        assertThat(before.offset()).isEqualTo(2);
        assertThat(before.connectors()).containsOnlyKeys("src");
        assertThat(before.connectors().get("src")).containsOnly(Map.entry("a", "1"));
        assertThat(before.tasks().get("src")).containsExactly(Map.of("n", "0"));
        assertThat(before.targetState("src")).isEqualTo("STARTED");
    }

    @Test
    void theListenerSeesTheChangeAlreadyAppliedWhenCalled() {
        List<String> seen = new ArrayList<>();
        ConfigLog[] self = new ConfigLog[1];
        self[0] = new ConfigLog(new RecordingListener() {
            @Override
            public void connectorChanged(String connector) {
                seen.add("connector " + self[0].snapshot().connectors().containsKey(connector));
            }

            @Override
            public void tasksCommitted(String connector) {
                seen.add("tasks " + self[0].snapshot().taskCount(connector));
            }

            @Override
            public void targetStateChanged(String connector) {
                seen.add("target " + self[0].snapshot().targetState(connector));
            }
        });
        ConfigLog l = self[0];
        l.apply(new ConsumerRecord<>(TOPIC, 0, 0, utf8("connector-c"), utf8("{\"properties\":{}}")));
        l.apply(new ConsumerRecord<>(TOPIC, 0, 1, utf8("task-c-0"), utf8("{\"properties\":{}}")));
        l.apply(new ConsumerRecord<>(TOPIC, 0, 2, utf8("commit-c"), utf8("{\"tasks\":1}")));
        l.apply(new ConsumerRecord<>(TOPIC, 0, 3, utf8("target-state-c"), utf8("{\"state\":\"PAUSED\"}")));
        l.apply(new ConsumerRecord<>(TOPIC, 0, 4, utf8("connector-c"), null));

        assertThat(seen).containsExactly("connector true", "tasks 1", "target PAUSED", "connector false");
    }

    // ---- tasks-fencing-<name> (KIP-618) ----------------------------------------------------------------------

    @Test
    void taskConfigsCommittedAfterTheLatestTaskCountRecordArePendingFencing() {
        connector("src", "{}");
        assertThat(snap().pendingFencing("src")).isFalse();
        assertThat(snap().taskCountRecord("src")).isNull();
        assertThat(snap().taskGeneration("src")).isEqualTo(-1);

        task("src", 0, "{\"n\":\"0\"}");
        task("src", 1, "{\"n\":\"1\"}");
        commit("src", 2);
        assertThat(snap().pendingFencing("src")).isTrue();
        assertThat(snap().taskGeneration("src")).isZero();

        // Apache's layout: key tasks-fencing-<name>, value {"task-count": N}
        put("tasks-fencing-src", "{\"task-count\":2}");
        assertThat(snap().pendingFencing("src")).isFalse();
        assertThat(snap().taskCountRecord("src")).isEqualTo(2);

        task("src", 0, "{\"n\":\"0b\"}");
        commit("src", 1);
        assertThat(snap().pendingFencing("src")).isTrue();
        assertThat(snap().taskGeneration("src")).isEqualTo(1);
        assertThat(snap().taskCountRecord("src")).as("the generation that may still be alive").isEqualTo(2);
    }

    @Test
    void aCommitWithoutTaskConfigsNeedsFencingButStartsNoGeneration() {
        connector("src", "{}");
        task("src", 0, "{}");
        commit("src", 1);
        put("tasks-fencing-src", "{\"task-count\":1}");

        commit("src", 0);   // the connector was stopped

        assertThat(snap().pendingFencing("src")).isTrue();
        assertThat(snap().taskGeneration("src")).isZero();
        assertThat(snap().taskCount("src")).isZero();
    }

    @Test
    void taskCountRecordsOutliveTheirConnector() {
        connector("src", "{}");
        task("src", 0, "{}");
        commit("src", 1);
        put("tasks-fencing-src", "{\"task-count\":3}");
        put("connector-src", null);

        assertThat(snap().connectors()).doesNotContainKey("src");
        assertThat(snap().taskCountRecord("src")).as("a successor of the same name fences these").isEqualTo(3);
        assertThat(snap().taskGeneration("src")).isZero();
    }

    @Test
    void aTaskCountRecordWithoutACountIsIgnored() {
        connector("src", "{}");
        task("src", 0, "{}");
        commit("src", 1);
        put("tasks-fencing-src", "{\"tasks\":1}");
        put("tasks-fencing-src", null);

        assertThat(snap().pendingFencing("src")).isTrue();
        assertThat(snap().taskCountRecord("src")).isNull();
        assertThat(events).doesNotContain("tasksCommitted tasks-fencing-src");
    }

    // ---- what the put* methods write reads back the same ---------------------------------------------------

    /** The writes go through a {@link TopicLog} over a mock producer that records what it is sent. */
    @Nested
    class WritesReadBack {

        private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        private ConfigLog writer;

        @BeforeEach
        void attachCapturingLog() {
            writer = new ConfigLog(new RecordingListener());
            writer.attach(CapturingTopicLog.create(TOPIC, sent));
        }

        /** Feeds what was written, in order, to the log under test (the reader's side). */
        private void readBack() {
            for (ProducerRecord<byte[], byte[]> r : sent) {
                assertThat(r.topic()).isEqualTo(TOPIC);
                log.apply(new ConsumerRecord<>(TOPIC, 0, nextOffset++, r.key(), r.value()));
            }
            sent.clear();
        }

        private List<String> keys() {
            List<String> out = new ArrayList<>();
            sent.forEach(r -> out.add(new String(r.key(), StandardCharsets.UTF_8)));
            return out;
        }

        @Test
        void aConnectorConfigReadsBackIdentically() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("name", "my-conn-1");
            config.put("connector.class", "org.example.Source");
            config.put("tasks.max", "3");
            config.put("topic", "with \"quotes\" and ünïcödé");

            writer.putConnectorConfig("my-conn-1", config);

            assertThat(keys()).containsExactly("connector-my-conn-1");
            readBack();
            assertThat(snap().connectors().get("my-conn-1")).isEqualTo(config);
            assertThat(events).containsExactly("connectorChanged my-conn-1");
        }

        @Test
        void taskConfigsAreWrittenThenCommittedAndReadBackIdentically() {
            List<Map<String, String>> configs = List.of(Map.of("file", "a"), Map.of("file", "b"),
                    Map.of("file", "c"));

            writer.putTaskConfigs("my-conn-1", configs);

            assertThat(keys()).containsExactly("task-my-conn-1-0", "task-my-conn-1-1", "task-my-conn-1-2",
                    "commit-my-conn-1");
            readBack();
            assertThat(snap().tasks().get("my-conn-1")).isEqualTo(configs);
            assertThat(events).containsExactly("tasksCommitted my-conn-1");
        }

        @Test
        void anEmptyTaskListIsACommitOfZero() {
            writer.putTaskConfigs("src", List.of(Map.of("n", "0")));
            readBack();

            writer.putTaskConfigs("src", List.of());

            assertThat(keys()).containsExactly("commit-src");
            readBack();
            assertThat(snap().taskCount("src")).isZero();
        }

        @Test
        void targetStatesReadBackIdenticallyAndStoppedIsWrittenAsApacheWritesIt() {
            for (String state : List.of("PAUSED", "STOPPED", "STARTED")) {
                writer.putTargetState("my-conn-1", state);
                assertThat(keys()).containsExactly("target-state-my-conn-1");
                if (state.equals("STOPPED")) {
                    assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8))
                            .contains("\"state\":\"PAUSED\"").contains("\"state.v2\":\"STOPPED\"");
                }
                readBack();
                assertThat(snap().targetState("my-conn-1")).isEqualTo(state);
            }
        }

        @Test
        void removingAConnectorWritesTombstonesThatReadBackAsGone() {
            writer.putConnectorConfig("src", Map.of("a", "1"));
            writer.putTaskConfigs("src", List.of(Map.of("n", "0")));
            writer.putTargetState("src", "PAUSED");
            readBack();
            assertThat(snap().connectors()).containsKey("src");

            writer.removeConnector("src");

            assertThat(keys()).containsExactly("connector-src", "target-state-src");
            assertThat(sent).allSatisfy(r -> assertThat(r.value()).isNull());
            readBack();
            assertThat(snap().connectors()).doesNotContainKey("src");
            assertThat(snap().taskCount("src")).isZero();
            assertThat(snap().targetState("src")).isEqualTo("STARTED");
        }

        @Test
        void aTaskCountRecordIsWrittenInApachesLayoutAndReadsBack() {
            writer.putTaskCountRecord("my-conn-1", 3);

            assertThat(keys()).containsExactly("tasks-fencing-my-conn-1");
            assertThat(new String(sent.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"task-count\":3}");
            readBack();
            assertThat(snap().taskCountRecord("my-conn-1")).isEqualTo(3);
        }

        @Test
        void withWritePrivilegesTheLeadersWritesAreTransactionsOfItsProducerAndReadBack() {
            MockProducer<byte[], byte[]> leader = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            leader.initTransactions();
            writer.claimWritePrivileges(leader);

            writer.putConnectorConfig("src", Map.of("a", "1"));
            writer.putTaskConfigs("src", List.of(Map.of("n", "0"), Map.of("n", "1")));
            writer.putTaskCountRecord("src", 2);
            writer.removeConnector("gone");
            writer.putTargetState("src", "PAUSED");      // never privileged, as in Apache's worker
            writer.requestRestart("src", true, false);

            assertThat(leader.commitCount()).as("connector, tasks, commit, task count, removal").isEqualTo(5);
            List<String> privileged = new ArrayList<>();
            leader.history().forEach(r -> privileged.add(new String(r.key(), StandardCharsets.UTF_8)));
            assertThat(privileged).containsExactly("connector-src", "task-src-0", "task-src-1", "commit-src",
                    "tasks-fencing-src", "connector-gone", "target-state-gone");
            assertThat(keys()).containsExactly("target-state-src", "restart-connector-src");
            sent.clear();
            sent.addAll(leader.history());
            readBack();
            assertThat(snap().taskCount("src")).isEqualTo(2);
            assertThat(snap().taskCountRecord("src")).isEqualTo(2);
        }

        @Test
        void aFencedLeaderLosesItsWritePrivilegesAndItsWriteFails() {
            MockProducer<byte[], byte[]> leader = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer());
            leader.initTransactions();
            writer.claimWritePrivileges(leader);
            leader.commitTransactionException = new org.apache.kafka.common.errors.ProducerFencedException(
                    "a newer leader");

            assertThatCode(() -> writer.putConnectorConfig("src", Map.of("a", "1")))
                    .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                    .hasMessageContaining("fenced out");
            assertThat(writer.hasWritePrivileges()).isFalse();
            assertThat(leader.closed()).isTrue();
            assertThat(leader.history()).isEmpty();
        }

        @Test
        void restartRequestsReadBackAsTheSameCalls() {
            writer.requestRestart("my-conn-1", true, false);
            writer.requestRestart("my-conn-1", false, true);
            writer.requestTaskRestart("my-conn-1", 2);

            assertThat(keys()).containsExactly("restart-connector-my-conn-1", "restart-connector-my-conn-1",
                    "restart-task-my-conn-1-2");
            readBack();
            assertThat(events).containsExactly("restartRequested my-conn-1 includeTasks=true onlyFailed=false",
                    "restartRequested my-conn-1 includeTasks=false onlyFailed=true",
                    "taskRestartRequested my-conn-1 2");
        }
    }

    /** A TopicLog over kafka-clients' mock producer and consumer: writes land in a list, nothing connects. */
    static final class CapturingTopicLog {

        private CapturingTopicLog() {
        }

        static TopicLog create(String topic, List<ProducerRecord<byte[], byte[]>> sink) {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                    new ByteArraySerializer()) {
                @Override
                public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback callback) {
                    sink.add(r);
                    return super.send(r, callback);
                }
            };
            return new TopicLog(topic, null, producer, new MockConsumer<>("earliest"), r -> { });
        }
    }
}
