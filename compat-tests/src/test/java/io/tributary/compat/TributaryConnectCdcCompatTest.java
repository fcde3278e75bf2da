package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debezium's PostgreSQL connector 3.6.1 on Tributary's Connect worker (distributed mode, one worker) against a real
 * PostgreSQL ({@link PostgresProcess}) and a Tributary broker: the initial snapshot, then inserts, updates (also of
 * the primary key) and deletes streamed while the worker is SIGKILLed, more made while it is down and in one
 * transaction; after the restart, replaying the change topic gives exactly {@code SELECT * FROM customers}
 * ({@link CdcScenario}, which also runs on Apache's worker in {@link ApacheConnectWorkerCompatTest}).
 */
class TributaryConnectCdcCompatTest {

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static ConnectWorkerProcess worker;
    private static ConnectRest rest;

    @RegisterExtension
    static final TestWatcher WORKER_LOG_ON_FAILURE = WorkerLogs.tailOnFailure("Tributary's Connect worker's ", 200,
            () -> worker);

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("group.initial.rebalance.delay.ms", "300"))
                .start();
        Map<String, String> settings = ConnectWorkerSettings.forBroker(broker.bootstrap())
                .group("tributary-connect-cdc")
                .schemalessJson()
                .internalTopics("tributary-cdc", 5, 3)
                .offsetFlushMs(200)
                // the restarted worker joins a group that waits for the SIGKILLed incarnation until its session ends
                .session(6000)
                .pluginPath()
                .build();
        worker = ConnectWorkerProcess.tributary("tributary-connect-cdc", dir.resolve("worker"), settings,
                "distributed", List.of());
        long started = System.nanoTime();
        worker.start();
        System.out.printf("distributed worker up in %d ms%n", ConnectLines.since(started));
        rest = new ConnectRest(worker.restUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        WorkerLogs.stopAndReport(worker, "Tributary Connect worker (CDC)", " SEVERE ", 20);
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void debeziumPostgresChangesReplayToTheTableAcrossAWorkerKill() throws Exception {
        long testStart = System.nanoTime();
        new CdcScenario(20251206, "ünï €", 8).run(broker, rest, whileDown -> {
            worker.kill();
            whileDown.run();
            long t = System.nanoTime();
            worker.start();
            System.out.printf("worker restarted after SIGKILL: up (joined its group) in %d ms%n",
                    ConnectLines.since(t));
        }, replay -> {
            // the source offsets Debezium committed are visible through KIP-875's GET .../offsets
            JsonNode offsets = rest.offsets(CustomerChanges.CONNECTOR);
            assertThat(offsets.path("offsets")).as("GET /connectors/pg-cdc/offsets: " + offsets).isNotEmpty();
            assertThat(offsets.path("offsets").path(0).path("partition").path("server").asText())
                    .as(offsets.toString()).isEqualTo("cdc");
            assertThat(offsets.path("offsets").path(0).path("offset").has("lsn")).as(offsets.toString())
                    .isTrue();
        });
        System.out.printf("TributaryConnectCdcCompatTest: %d ms%n", ConnectLines.since(testStart));
    }
}
