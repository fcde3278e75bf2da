package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker as users run it: a separate process started by {@code Main start}, stopped by SIGTERM. */
class MainProcessTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the process's output until a line contains {@code text}; returns all lines read. */
    private static List<String> awaitLine(Process p, String text) throws Exception {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.contains(text)) {
                return lines;
            }
        }
        throw new AssertionError("no line containing '" + text + "' in " + lines);
    }

    @Test
    void aBadSettingStopsStartupNamingTheKey() throws Exception {
        Process p = launch("start", "--override", "socket.request.max.bytes=lots", "--override",
                "log.dirs=" + dir.resolve("bad"));
        List<String> lines = awaitLine(p, "socket.request.max.bytes");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(String.join("\n", lines)).contains("lots");
    }

    @Test
    void aPortInUseStopsStartupSayingWhichAndTheProcessExits() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int controller = freePort();
            Process kafkaPortTaken = launch("start", "--override", "listeners=PLAINTEXT://127.0.0.1:"
                    + taken.getLocalPort() + ",CONTROLLER://127.0.0.1:" + controller, "--override",
                    "log.dirs=" + dir.resolve("a"));
            List<String> lines = awaitLine(kafkaPortTaken, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(kafkaPortTaken.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(kafkaPortTaken.exitValue()).isEqualTo(1);
            assertThat(String.join("\n", lines)).doesNotContain("\tat ");

            Process controllerPortTaken = launch("start", "--override", "listeners=PLAINTEXT://127.0.0.1:"
                    + freePort() + ",CONTROLLER://127.0.0.1:" + taken.getLocalPort(), "--override",
                    "log.dirs=" + dir.resolve("b"));
            awaitLine(controllerPortTaken, "cannot start the metadata quorum on 127.0.0.1:" + taken.getLocalPort());
            assertThat(controllerPortTaken.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(controllerPortTaken.exitValue()).isEqualTo(1);
        }
    }

    @Test
    void startsPrintsStartedServesClientsStopsOnSigtermAndRestartsOntoItsData() throws Exception {
        int kafkaPort = freePort();
        String[] args = {"start", "--override", "listeners=PLAINTEXT://127.0.0.1:" + kafkaPort
                + ",CONTROLLER://127.0.0.1:" + freePort(), "--override", "log.dirs=" + dir.resolve("data")};
        Process broker = launch(args);
        try {
            awaitLine(broker, "started");
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("events", "k", "event-" + i)).get();
                }
            }
        } finally {
            broker.destroy();   // SIGTERM
        }
        assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("clean exit after SIGTERM").isTrue();

        Process restarted = launch(args);
        try {
            awaitLine(restarted, "started");
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.assign(List.of(new TopicPartition("events", 0)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (values.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        values.add(r.value());
                    }
                }
            }
            assertThat(values).hasSize(100).startsWith("event-0").endsWith("event-99");
        } finally {
            restarted.destroy();
            restarted.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
