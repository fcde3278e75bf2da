package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * The Debezium PostgreSQL scenario, for any Connect worker: the initial snapshot of {@code customers}, then inserts,
 * updates (also of the primary key) and deletes streamed while the worker is SIGKILLed, more made while it is down
 * and in one transaction; after the restart, replaying the change topic gives exactly the table.
 *
 * @param seed        of the random changes
 * @param noteText    non-ASCII text in the notes
 * @param pauseMillis between the changes streamed while the worker is killed
 */
record CdcScenario(long seed, String noteText, long pauseMillis) {

    /** A step that may throw. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** SIGKILLs the worker, runs {@code whileDown}, starts the worker again. */
    @FunctionalInterface
    interface KillAndRestart {
        void killAndRestart(Step whileDown) throws Exception;
    }

    /** Checks made after the replay equalled the table, before the connector is deleted. */
    @FunctionalInterface
    interface Afterwards {
        void check(ChangeEventReplay replay) throws Exception;
    }

    void run(TributaryProcess broker, ConnectRest rest, KillAndRestart worker, Afterwards afterwards)
            throws Exception {
        String connector = CustomerChanges.CONNECTOR;
        try (PostgresProcess pg = PostgresProcess.start()) {
            CustomerChanges changes = CustomerChanges.create(pg, seed, noteText, 100);
            rest.createConnector(connector, CustomerChanges.debeziumConfig(pg));
            rest.waitRunning(connector, 1, Duration.ofSeconds(60));

            try (Admin admin = broker.admin()) {
                ConnectLines.awaitTopic(admin, CustomerChanges.TOPIC, Duration.ofSeconds(60));
            }
            try (ChangeEventReplay replay = new ChangeEventReplay(broker.bootstrap(), CustomerChanges.TOPIC)) {
                long t = System.nanoTime();
                replay.awaitTable(pg, Duration.ofSeconds(60));
                System.out.printf("Debezium: snapshot of %d rows replayed in %d ms%n", replay.rows(),
                        ConnectLines.since(t));
                assertThat(replay.op("r")).as("snapshot reads").isGreaterThanOrEqualTo(100);

                // Changes stream in while the worker is SIGKILLed; more are made while it is down.
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread dml = changes.inBackground(400, pauseMillis, failure);
                replay.awaitStreamed(80, Duration.ofSeconds(60));
                boolean midStream = dml.isAlive();
                int streamedAtKill = replay.streamed();
                worker.killAndRestart(() -> {
                    dml.join(120_000);
                    assertThat(failure.get()).isNull();
                    changes.random(150);
                    changes.inTransaction(20);
                    System.out.printf("Debezium: SIGKILL after %d change events (changes still being made: %s); "
                            + "%d statements made in all before the restart%n", streamedAtKill, midStream,
                            changes.statements());
                });
                rest.waitRunning(connector, 1, Duration.ofSeconds(90));
                changes.random(100);
                t = System.nanoTime();
                replay.awaitTable(pg, Duration.ofSeconds(90));
                System.out.printf("Debezium: %d events (%s), %d tombstones, %d rows; %d statements made; the "
                                + "replay equalled the table %d ms after the last statement%n", replay.events(),
                        replay.ops(), replay.tombstones(), replay.rows(), changes.statements(),
                        ConnectLines.since(t));
                assertThat(replay.op("d")).as("deletes").isPositive();
                assertThat(replay.op("u")).as("updates").isPositive();
                assertThat(replay.tombstones()).as("tombstones after deletes").isPositive();
                afterwards.check(replay);
            } finally {
                rest.deleteConnector(connector);
            }
        }
    }
}
