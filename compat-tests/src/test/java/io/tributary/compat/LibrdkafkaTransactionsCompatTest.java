package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * librdkafka's transactions, through Debian's {@code python3-confluent-kafka} (librdkafka 2.0.2; kcat has none),
 * against a Tributary process: the script {@code librdkafka/transactions.py} commits and aborts transactions over
 * 3 topics × 4 partitions and reads them back. Needs {@code /usr/bin/python3} with the package ({@code .ci/run}
 * installs it); without it this test fails.
 */
class LibrdkafkaTransactionsCompatTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;

    private static TributaryProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
    }

    @Test
    void readCommittedSeesExactlyTheCommittedTransactionsAndAnOpenOneHoldsItBack() throws Exception {
        List<String> findings = run(script(), broker.bootstrap(), "rdk-txn");
        assertThat(findings).contains("committed_exact=True", "committed_order=True", "uncommitted_all=True",
                "open_hidden=True", "open_released=True");
    }

    private static Path script() throws URISyntaxException {
        return Path.of(LibrdkafkaTransactionsCompatTest.class.getResource("/librdkafka/transactions.py").toURI());
    }

    private static List<String> run(Path script, String... args) throws IOException, InterruptedException {
        Path out = dir.resolve("transactions.out");
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString());
        pb.command().addAll(List.of(args));
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(finished).as("the script finished within 180 s; output: %s", lines).isTrue();
        assertThat(p.exitValue()).as("the script's exit status; output: %s", lines).isZero();
        return lines;
    }
}
