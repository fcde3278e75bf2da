package io.tributary.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of Apache Kafka's command-line tools (a class of {@code kafka-tools}, e.g. {@code TopicCommand}) in a
 * child JVM on the class path the {@code compat-kafka-tools} module copied into its {@code target/lib}: the tools
 * call {@code System.exit}, and they must run with the kafka-clients of their own release.
 */
final class KafkaTool {

    /** What one run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {

        List<String> lines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private final Path lib;
    private final Path workDir;

    private KafkaTool(Path lib, Path workDir) {
        this.lib = lib;
        this.workDir = workDir;
    }

    /**
     * Finds the tools' class path from the {@code kafka.tools.lib} system property (set by the build).
     *
     * @throws AssertionError saying how to build it when it is missing
     */
    static KafkaTool locate(Path workDir) throws IOException {
        String property = System.getProperty("kafka.tools.lib");
        Path lib = property == null ? null : Path.of(property);
        if (lib == null || !Files.isDirectory(lib)) {
            throw new AssertionError("Kafka's tools are not on disk (kafka.tools.lib=" + property + "). Build them "
                    + "with the tests: ./mvnw verify -pl compat-tests -am (the compat-kafka-tools module copies "
                    + "kafka-tools and its dependencies into compat-tests/kafka-tools/target/lib).");
        }
        try (var jars = Files.list(lib)) {
            if (jars.noneMatch(j -> j.getFileName().toString().startsWith("kafka-tools-"))) {
                throw new AssertionError("no kafka-tools jar in " + lib);
            }
        }
        return new KafkaTool(lib, workDir);
    }

    /** {@link #run} with {@code --bootstrap-server} naming every node of {@code cluster} first. */
    Result runAgainst(TributaryCluster cluster, String tool, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrap()));
        all.addAll(List.of(args));
        return run(tool, all.toArray(String[]::new));
    }

    /**
     * Apache's {@code kafka-configs} ({@code kafka.admin.ConfigCommand}, run with {@link #runClass}) from the class
     * path the {@code compat-kafka-configs} module copied into its {@code target/lib} ({@code kafka_2.13} 4.3.1:
     * kafka-tools 4.3.1 has no ConfigCommand), found through the {@code kafka.configs.lib} system property.
     *
     * @throws AssertionError saying how to build it when it is missing
     */
    static KafkaTool locateConfigCommand(Path workDir) {
        String property = System.getProperty("kafka.configs.lib");
        Path lib = property == null ? null : Path.of(property);
        if (lib == null || !Files.isRegularFile(lib.resolve("kafka_2.13-4.3.1.jar"))) {
            throw new AssertionError("kafka-configs is not on disk (kafka.configs.lib=" + property + "). Build it with "
                    + "the tests: ./mvnw verify -pl compat-tests -am (the compat-kafka-configs module copies "
                    + "kafka_2.13 4.3.1 and its dependencies into compat-tests/kafka-configs/target/lib).");
        }
        return new KafkaTool(lib, workDir);
    }

    /** Runs {@code org.apache.kafka.tools.<tool>} with these arguments and waits up to two minutes. */
    Result run(String tool, String... args) throws IOException, InterruptedException {
        return runClass("org.apache.kafka.tools." + tool, args);
    }

    /** Runs the main class {@code mainClass} with these arguments and waits up to two minutes. */
    Result runClass(String mainClass, String... args) throws IOException, InterruptedException {
        String tool = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", lib.resolve("*").toString(), mainClass));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, tool, ".out");
        Path err = Files.createTempFile(workDir, tool, ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(tool + " " + String.join(" ", args) + " did not finish within 120 s; stdout:\n"
                    + Files.readString(out, StandardCharsets.UTF_8) + "\nstderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
