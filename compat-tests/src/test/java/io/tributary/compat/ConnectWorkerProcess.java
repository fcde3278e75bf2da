package io.tributary.compat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Connect worker in its own JVM: a class path, a main class and a {@code worker.properties} written from a
 * map, given to the main class as {@code connect-distributed.sh worker.properties} does (with arguments before and
 * after it where the main class wants them, e.g. {@code standalone worker.properties connector.properties}). Made
 * for Apache Kafka's worker ({@link #apache}) and Tributary's ({@link #tributary}); any worker that takes Connect's
 * worker settings and serves Connect's REST API runs the same way.
 *
 * <p>The REST listener is put on a free loopback port (unless the settings name one) and advertised as such.
 * {@link #start()} returns once {@code GET /} answers 200 (when a ready line is given, once the log holds it and then
 * {@code GET /} answers: Tributary's REST API answers before its worker joined its group). Each start writes the worker's stdout and stderr to a log
 * file of its own under {@code target/connect-workers/}; failures to start quote its tail. {@link #kill()} is
 * SIGKILL, {@link #close()} SIGTERM (then SIGKILL after 30 s); {@link #start()} again runs a new process with the
 * same settings (same group, same internal topics, same REST port).
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    /** Where {@code compat-connect-plugins} laid out Apache's worker and the plugins (set by the build). */
    public static Path connectPluginsTarget() {
        String property = System.getProperty("connect.plugins.dir");
        Path target = property == null ? null : Path.of(property);
        if (target == null || !Files.isDirectory(target.resolve("apache-connect/lib"))
                || !Files.isDirectory(target.resolve("plugins"))) {
            throw new AssertionError("The Connect worker and plugins are not on disk (connect.plugins.dir="
                    + property + "). Build them with the tests: ./mvnw verify -pl compat-tests -am (the "
                    + "compat-connect-plugins module copies them into compat-tests/connect-plugins/target).");
        }
        return target;
    }

    /** The {@code plugin.path} holding connect-file, Debezium's PostgreSQL connector and MirrorMaker 2. */
    public static Path pluginPath() {
        return connectPluginsTarget().resolve("plugins");
    }

    /**
     * Apache Kafka's Connect worker ({@code connect-runtime} 4.3.1 from Maven Central) in distributed mode, logging
     * through Log4j 2 to stdout as Kafka's {@code connect-log4j2} configuration does.
     *
     * @param settings worker settings; {@code listeners} and {@code rest.advertised.*} are added when absent
     */
    public static ConnectWorkerProcess apache(String name, Path workDir, Map<String, String> settings)
            throws IOException {
        Path lib = connectPluginsTarget().resolve("apache-connect/lib");
        Files.createDirectories(workDir);
        Path log4j = workDir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "status = warn",
                "appender.stdout.type = Console",
                "appender.stdout.name = STDOUT",
                "appender.stdout.target = SYSTEM_OUT",
                "appender.stdout.layout.type = PatternLayout",
                "appender.stdout.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                // every client's whole config at INFO makes the log unreadable; warnings still show
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = WARN",
                ""), StandardCharsets.UTF_8);
        return new ConnectWorkerProcess(name, List.of(lib.resolve("*").toString()),
                "org.apache.kafka.connect.cli.ConnectDistributed", workDir, settings,
                List.of("-Dlog4j2.configurationFile=" + log4j.toUri()));
    }

    /** Where Tributary's Connect worker is built: its jar and {@code lib/} (set by the build). */
    public static Path tributaryConnectDir() {
        String property = System.getProperty("tributary.connect.dir");
        Path dir = property == null ? null : Path.of(property);
        if (dir == null || !Files.isDirectory(dir.resolve("lib")) || tributaryConnectJar(dir) == null) {
            throw new AssertionError("Tributary's Connect worker is not built (tributary.connect.dir=" + property
                    + "; its connect-runtime-*.jar and lib/ are expected there). Build it with the tests: "
                    + "./mvnw verify -pl compat-tests -am");
        }
        return dir;
    }

    private static Path tributaryConnectJar(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("connect-runtime-") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Tributary's Connect worker ({@code io.tributary.connect.ConnectMain}, the module connect-runtime) as
     * {@code bin/tributary connect} runs it: {@code <mode> worker.properties [connector files]}. It logs through
     * java.util.logging to stderr, which goes to the log file with stdout; {@link #start()} also waits for its
     * "Kafka Connect started" line.
     *
     * @param mode           {@code standalone} or {@code distributed}
     * @param connectorFiles connector configs (properties or JSON) given after worker.properties (standalone)
     */
    public static ConnectWorkerProcess tributary(String name, Path workDir, Map<String, String> settings,
                                                 String mode, List<Path> connectorFiles) throws IOException {
        Path dir = tributaryConnectDir();
        List<String> after = connectorFiles.stream().map(f -> f.toAbsolutePath().toString()).toList();
        return new ConnectWorkerProcess(name, List.of(tributaryConnectJar(dir).toString(),
                dir.resolve("lib").resolve("*").toString()), "io.tributary.connect.ConnectMain", workDir, settings,
                List.of(), List.of(mode), after, "Kafka Connect started");
    }

    private static final Path LOG_DIR = Path.of("target", "connect-workers");

    private final String name;
    private final List<String> classPath;
    private final String mainClass;
    private final Path workDir;
    private final Map<String, String> settings;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> argsBefore;
    private final List<String> argsAfter;
    private final String readyLine;
    private final int restPort;
    private final String restScheme;
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String authorization;
    private Process process;
    private Path logFile;
    private int starts;

    /**
     * @param classPath  entries of the worker JVM's class path ({@code dir/*} wildcards allowed)
     * @param mainClass  its main class, which gets the path of the written worker.properties as its one argument
     * @param settings   worker settings (Connect's names)
     * @param jvmOptions extra JVM options (system properties, e.g. the logging configuration)
     */
    public ConnectWorkerProcess(String name, List<String> classPath, String mainClass, Path workDir,
                                Map<String, String> settings, List<String> jvmOptions) throws IOException {
        this(name, classPath, mainClass, workDir, settings, jvmOptions, List.of(), List.of(), null);
    }

    /**
     * @param argsBefore arguments of the main class before the worker.properties path (e.g. the mode)
     * @param argsAfter  arguments after it (e.g. connector config files)
     * @param readyLine  when not null, {@link #start()} also waits for a line of the log containing it
     */
    public ConnectWorkerProcess(String name, List<String> classPath, String mainClass, Path workDir,
                                Map<String, String> settings, List<String> jvmOptions, List<String> argsBefore,
                                List<String> argsAfter, String readyLine) throws IOException {
        this.name = name;
        this.argsBefore = List.copyOf(argsBefore);
        this.argsAfter = List.copyOf(argsAfter);
        this.readyLine = readyLine;
        this.classPath = List.copyOf(classPath);
        this.mainClass = mainClass;
        this.workDir = workDir;
        this.jvmOptions.addAll(jvmOptions);
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (!all.containsKey("listeners")) {
            all.put("listeners", "http://127.0.0.1:" + TributaryProcess.freePort());
        }
        String listener = all.get("listeners").split(",")[0].trim();
        this.restPort = Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
        this.restScheme = listener.substring(0, listener.indexOf("://"));
        all.putIfAbsent("rest.advertised.host.name", "127.0.0.1");
        all.putIfAbsent("rest.advertised.port", Integer.toString(restPort));
        all.putIfAbsent("rest.advertised.listener", restScheme);
        this.settings = Map.copyOf(all);
        Files.createDirectories(workDir);
    }

    public String restUrl() {
        return restScheme + "://127.0.0.1:" + restPort;
    }

    /** One more JVM option for the worker's next start (e.g. {@code -Djava.security.auth.login.config=...}). */
    public ConnectWorkerProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * How {@link #start()} asks {@code GET /} whether the worker is up, for a secured REST API: a client that trusts
     * its https listener, and an {@code Authorization} header (or null).
     */
    public ConnectWorkerProcess probeWith(HttpClient client, String authorizationHeader) {
        this.http = client;
        this.authorization = authorizationHeader;
        return this;
    }

    public String name() {
        return name;
    }

    public Map<String, String> settings() {
        return settings;
    }

    /** Starts the worker and waits (up to 90 s) until {@code GET /} answers 200. */
    public ConnectWorkerProcess start() throws IOException, InterruptedException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        Path properties = workDir.resolve("worker.properties");
        StringBuilder text = new StringBuilder("# written by ConnectWorkerProcess\n");
        settings.forEach((k, v) -> text.append(k).append('=').append(escape(v)).append('\n'));
        Files.writeString(properties, text, StandardCharsets.UTF_8);
        Files.createDirectories(LOG_DIR);
        starts++;
        logFile = LOG_DIR.resolve(name + "-" + starts + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms128m", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), mainClass));
        command.addAll(argsBefore);
        command.add(properties.toString());
        command.addAll(argsAfter);
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                        "/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; " + logTail(80));
            }
            if (readyLine != null && !logContains(readyLine)) {
                // the ready line first: a request before it could keep alive a JVM that would otherwise exit
                last = "no \"" + readyLine + "\" line yet";
                Thread.sleep(100);
                continue;
            }
            try {
                HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create(restUrl() + "/"))
                        .timeout(Duration.ofSeconds(5)).GET();
                if (authorization != null) {
                    probe.header("Authorization", authorization);
                }
                HttpResponse<String> r = http.send(probe.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer GET / with 200" + (readyLine == null ? ""
                : " and log \"" + readyLine + "\"") + " within 90 s (last: " + last + "); " + logTail(80));
    }

    private boolean logContains(String text) throws IOException {
        try (var lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.contains(text));
        }
    }

    /** The process id of the running worker (to tell which incarnation a status names), or -1. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** SIGKILL: the worker gets no chance to commit offsets, leave its group or stop its tasks. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM: a clean shutdown (tasks stopped, offsets committed, the group left). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The log file of the latest start. */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the latest start's log, headed with the file's name. */
    public String logTail(int lines) {
        if (logFile == null || !Files.exists(logFile)) {
            return "(" + name + " wrote no log)";
        }
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = f.length();
            long from = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            f.seek(from);
            f.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "last " + tail.size() + " lines of " + logFile + ":\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    /** Lines of every start's log containing {@code text} (e.g. ERROR), to report what the worker complained of. */
    public List<String> logLines(String text) throws IOException {
        List<String> found = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            Path f = LOG_DIR.resolve(name + "-" + i + ".log");
            if (Files.exists(f)) {
                try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    lines.filter(l -> l.contains(text)).forEach(found::add);
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
