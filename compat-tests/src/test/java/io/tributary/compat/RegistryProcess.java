package io.tributary.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A schema registry alone in its own JVM, started as users start one ({@code tributary schema-registry --override
 * ...}) against a broker, on a free port; stopped with SIGTERM, killed with SIGKILL, started again on the same port.
 */
final class RegistryProcess implements AutoCloseable {

    private final int port;
    private final Map<String, String> settings;
    private final List<String> jvmArgs;
    private final String scheme;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    RegistryProcess(String bootstrap, Map<String, String> overrides) throws IOException {
        this(bootstrap, overrides, List.of(), "http");
    }

    /** A registry whose JVM gets {@code jvmArgs} (e.g. the JAAS file), listening on {@code scheme} (http, https). */
    RegistryProcess(String bootstrap, Map<String, String> overrides, List<String> jvmArgs, String scheme)
            throws IOException {
        this.port = TributaryProcess.freePort();
        this.jvmArgs = List.copyOf(jvmArgs);
        this.scheme = scheme;
        this.settings = new java.util.LinkedHashMap<>(Map.of("listeners", scheme + "://127.0.0.1:" + port,
                "kafkastore.bootstrap.servers", bootstrap));
        this.settings.putAll(overrides);
    }

    String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    RegistryProcess start() throws IOException {
        output.clear();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.broker.Main",
                "schema-registry"));
        settings.forEach((k, v) -> command.addAll(List.of("--override", k + "=" + v)));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread drain = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                // ended
            }
        }, "registry-output");
        drain.setDaemon(true);
        drain.start();
        return this;
    }

    /** Waits up to 60 s for a line containing {@code text}. */
    String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("registry printed no '" + text + "'; output:\n" + String.join("\n", output));
    }

    boolean printed(String text) {
        return output.stream().anyMatch(l -> l.contains(text));
    }

    /** SIGSTOP: the process keeps its sockets but does nothing (a long GC pause, a stuck VM). */
    void pause() throws IOException, InterruptedException {
        ProcessSignals.pause(process);
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        ProcessSignals.resume(process);
    }

    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
