package io.tributary.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for a test, from the binaries of Debian's {@code postgresql} package (the newest
 * {@code /usr/lib/postgresql/<version>/bin}; {@code .ci/run} installs the package when it is missing): a fresh cluster
 * ({@code initdb}) in a temporary directory, set up for logical decoding ({@code wal_level=logical}, WAL senders,
 * replication slots), listening on a free port of 127.0.0.1 only, with its unix socket in that directory and trust
 * authentication, started with {@code pg_ctl} and, on {@link #close()}, stopped and deleted. Whatever cluster the
 * package itself may run (port 5432) is never touched.
 *
 * <p>initdb and postgres refuse to run as root: as root, every server command runs as the {@code postgres} OS user
 * (which the package creates) through {@code runuser}, in a directory that user owns.
 */
public final class PostgresProcess implements AutoCloseable {

    /** The role made for clients such as Debezium: it may log in and replicate, and owns {@link #DATABASE}. */
    public static final String USER = "tributary";
    public static final String DATABASE = "inventory";

    private static final String OS_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asRoot;
    private boolean running;

    private PostgresProcess(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.log = dir.resolve("postgres.log");
        this.port = port;
        this.asRoot = asRoot;
    }

    /**
     * Creates, configures and starts a cluster, then makes {@link #USER} and {@link #DATABASE}.
     *
     * @throws AssertionError naming the package when PostgreSQL's server binaries are not installed
     */
    public static PostgresProcess start() throws IOException, InterruptedException, SQLException {
        Path bin = locateBin();
        boolean asRoot = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        Path dir = Files.createTempDirectory("tributary-pg-");
        if (asRoot) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner;
            try {
                owner = users.lookupPrincipalByName(OS_USER);
            } catch (IOException e) {
                throw new AssertionError("running as root, PostgreSQL must run as the OS user '" + OS_USER
                        + "', which does not exist (Debian's postgresql package creates it)", e);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(owner);
            GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
            view.setGroup(group);
        }
        PostgresProcess pg = new PostgresProcess(bin, dir, TributaryProcess.freePort(), asRoot);
        try {
            pg.initAndStart();
            pg.executeAs("postgres", OS_USER, "CREATE ROLE " + USER + " WITH LOGIN REPLICATION",
                    "CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return pg;
        } catch (IOException | InterruptedException | SQLException | RuntimeException | Error e) {
            pg.close();
            throw e;
        }
    }

    /** The bin directory of the newest PostgreSQL installed under /usr/lib/postgresql. */
    static Path locateBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl"))
                                && Files.isExecutable(v.resolve("bin/initdb")))
                        .forEach(candidates::add);
            }
        }
        return candidates.stream().max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName()
                .toString()))).map(v -> v.resolve("bin")).orElseThrow(() -> new AssertionError(
                "PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin) are not "
                        + "installed. Debian/Ubuntu: sudo apt-get install --no-install-recommends postgresql "
                        + "(.ci/run installs it when absent)."));
    }

    private void initAndStart() throws IOException, InterruptedException {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync"), 120);
        String settings = String.join("\n",
                "",
                "# compat-tests: PostgresProcess",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + dir + "'",
                "wal_level = logical",
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                "max_connections = 50",
                "shared_buffers = 32MB",
                // a test database: durability across an OS crash is not needed, speed is
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "");
        appendAsOwner(data.resolve("postgresql.conf"), settings);
        String hba = String.join("\n",
                "# compat-tests: PostgresProcess — trust on the socket and on 127.0.0.1 only, replication included",
                "local   all          all                 trust",
                "local   replication  all                 trust",
                "host    all          all   127.0.0.1/32  trust",
                "host    replication  all   127.0.0.1/32  trust",
                "");
        Files.writeString(data.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t",
                "60", "start"), 90);
        running = true;
    }

    private static void appendAsOwner(Path file, String text) throws IOException {
        // root may write a file the postgres user owns; ownership and mode stay as they are
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Runs a server command (as the postgres OS user when we are root), failing with its output if it fails. */
    private String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("pg-command", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within " + timeoutSeconds
                        + " s; output:\n" + Files.readString(out) + serverLog());
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit code " + p.exitValue()
                        + "; output:\n" + output + serverLog());
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String serverLog() {
        try {
            return Files.exists(log) ? "\n--- postgres.log ---\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The JDBC URL of a database of this server over TCP. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection to {@link #DATABASE} as {@link #USER} (the caller closes it). */
    public Connection connect() throws SQLException {
        return connect(DATABASE, USER);
    }

    public Connection connect(String database, String user) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, "");
    }

    /** Runs statements, each committed on its own, in {@link #DATABASE} as {@link #USER}. */
    public void execute(String... sql) throws SQLException {
        executeAs(DATABASE, USER, sql);
    }

    /** Runs statements, each committed on its own, in {@code database} as {@code user}. */
    public void executeAs(String database, String user, String... sql) throws SQLException {
        try (Connection c = connect(database, user); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The rows of a query in {@link #DATABASE}, each a column name → value map in the order of the columns. */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), r.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The server's log so far (for failure messages). */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Stops the server (immediate shutdown) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (running) {
                running = false;
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                        "stop"), 60);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgresProcess: stopping the server failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("PostgresProcess: could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
