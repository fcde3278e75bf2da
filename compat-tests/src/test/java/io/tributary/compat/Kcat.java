package io.tributary.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs librdkafka's command-line client {@code kcat} as a subprocess. Its absence is an error that says how to
 * install it, never a reason to skip: the librdkafka tests exist to be run.
 */
final class Kcat {

    /** What one kcat run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {

        List<String> lines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout (first 2000 chars) ---\n"
                    + stdout.substring(0, Math.min(2000, stdout.length())) + "\n--- stderr ---\n" + stderr;
        }
    }

    private final Path executable;
    private final Path workDir;

    private Kcat(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /**
     * Finds {@code kcat} on the PATH (or {@code kafkacat}, its former name).
     *
     * @throws AssertionError saying to install kcat when neither is there
     */
    static Kcat locate(Path workDir) {
        return locate(workDir, System.getenv().getOrDefault("PATH", ""));
    }

    /** Finds kcat on the given search path. */
    static Kcat locate(Path workDir, String path) {
        for (String name : List.of("kcat", "kafkacat")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new Kcat(candidate, workDir);
                }
            }
        }
        throw new AssertionError("kcat (librdkafka's command-line client) is not installed, so the librdkafka "
                + "compatibility tests cannot run. Install it (Debian/Ubuntu: sudo apt-get install kcat) or run "
                + ".ci/run, which installs it when absent. PATH was: " + path);
    }

    /** A kcat process left running (a {@code -G} consumer has no end of its own): stop it to read what it printed. */
    static final class Running {

        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** What it printed to stderr so far (kcat's progress and rebalance notices). */
        String stderrSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Lines printed to stdout so far (the last one may be incomplete). */
        List<String> linesSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8).lines().toList();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** SIGTERM (kcat leaves its group and commits on it), waits up to 30 s, and returns what it printed. */
        Result stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("kcat did not stop within 30 s of SIGTERM; stderr:\n" + stderrSoFar());
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderrSoFar());
        }

        /** SIGKILL, for cleanup. */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts kcat with these arguments and empty stdin, and leaves it running. */
    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "kcat-out", ".txt");
        Path err = Files.createTempFile(workDir, "kcat-err", ".txt");
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(process, out, err);
    }

    /** Runs kcat with these arguments, feeding {@code stdin}, and waits up to {@code timeoutSeconds}. */
    /** {@code base} (e.g. the connection settings of one user) followed by {@code more}, as {@link #run} takes them. */
    static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    Result run(String stdin, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path in = Files.createTempFile(workDir, "kcat-in", ".txt");
        Path out = Files.createTempFile(workDir, "kcat-out", ".txt");
        Path err = Files.createTempFile(workDir, "kcat-err", ".txt");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("kcat " + String.join(" ", args) + " did not finish within " + timeoutSeconds
                    + " s; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
