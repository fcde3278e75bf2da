package io.tributary.compat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The PostgreSQL side of the Debezium tests: the {@code customers} table, random inserts, updates (also of the primary
 * key) and deletes of it, and the Debezium connector config that captures it.
 */
final class CustomerChanges {

    static final String CONNECTOR = "pg-cdc";
    static final String TOPIC = "cdc.public.customers";

    private final PostgresProcess pg;
    private final Random random;
    private final String noteText;
    private final List<Integer> ids = new ArrayList<>();
    private int nextId = 1;
    private int statements;

    private CustomerChanges(PostgresProcess pg, Random random, String noteText) {
        this.pg = pg;
        this.random = random;
        this.noteText = noteText;
    }

    /**
     * Creates the table and inserts {@code rows} rows; {@code noteText} goes into the notes (non-ASCII and quotes in
     * the data: JSON through the converter and back).
     */
    static CustomerChanges create(PostgresProcess pg, long seed, String noteText, int rows) throws SQLException {
        pg.execute("CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL, "
                + "note text)");
        CustomerChanges changes = new CustomerChanges(pg, new Random(seed), noteText);
        for (int i = 0; i < rows; i++) {
            changes.insert();
        }
        return changes;
    }

    /** Debezium's PostgreSQL connector on the table, JSON change events on {@link #TOPIC}. */
    static Map<String, String> debeziumConfig(PostgresProcess pg) {
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
        return config;
    }

    synchronized int statements() {
        return statements;
    }

    synchronized void insert() throws SQLException {
        int id = nextId++;
        pg.execute("INSERT INTO customers VALUES (" + id + ", 'customer " + id + "', " + random.nextInt(1000)
                + ", " + (id % 3 == 0 ? "NULL" : "'n" + id + " ''quoted'' " + noteText + "'") + ")");
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

    /** {@code count} random changes, one after the other. */
    void random(int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            random();
        }
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

    /** Starts a thread making {@code count} random changes, {@code pauseMillis} apart; what it throws goes to failure. */
    Thread inBackground(int count, long pauseMillis, AtomicReference<Throwable> failure) {
        Thread dml = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    random();
                    Thread.sleep(pauseMillis);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "postgres-changes");
        dml.start();
        return dml;
    }
}
