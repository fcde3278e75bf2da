package io.tributary.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the Connect worker tests share: numbered lines appended to a file source's input, the lines a file sink
 * wrote, a tally of what arrived (missing, duplicated, never written), and reading a topic from its start.
 */
final class ConnectLines {

    private ConnectLines() {
    }

    /**
     * Line {@code n} of a stream: {@code <prefix>-<n, five digits>}, now and then with characters JSON must escape.
     * ASCII only: connect-file 4.3.1's FileStreamSourceTask commits its position in chars but resumes with
     * InputStream.skip, in bytes, so multi-byte UTF-8 would garble the line it resumes in (Apache's bug).
     */
    static String line(String prefix, int n) {
        return n % 997 == 0 ? String.format("%s-%05d \"quoted\" back\\slash\ttab {\"json\": [1]}", prefix, n)
                : String.format("%s-%05d", prefix, n);
    }

    /** The number of a line {@link #line} made, or -1. */
    static int numberOf(String prefix, String line) {
        if (!line.startsWith(prefix + "-") || line.length() < prefix.length() + 6) {
            return -1;
        }
        try {
            return Integer.parseInt(line.substring(prefix.length() + 1, prefix.length() + 6));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Set<String> lines(String prefix, int from, int to) {
        Set<String> out = new TreeSet<>();
        for (int n = from; n <= to; n++) {
            out.add(line(prefix, n));
        }
        return out;
    }

    /** Appends lines {@code from..to} in one write. */
    static void append(Path file, String prefix, int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int n = from; n <= to; n++) {
            b.append(line(prefix, n)).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Starts a thread appending lines {@code from..to} in bursts of {@code burst} lines, {@code pauseMillis} apart;
     * {@code appended} is the last line appended so far, what the thread throws goes to {@code failure}.
     */
    static Thread appendInBursts(Path file, String prefix, int from, int to, int burst, long pauseMillis,
            AtomicInteger appended, AtomicReference<Throwable> failure) {
        Thread writer = new Thread(() -> {
            try {
                for (int n = from; n <= to; n += burst) {
                    append(file, prefix, n, n + burst - 1);
                    appended.set(n + burst - 1);
                    Thread.sleep(pauseMillis);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "file-source-writer");
        writer.start();
        return writer;
    }

    /** The lines of a file sink's output (it writes each line with its newline in one write: no torn lines). */
    static List<String> linesOf(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).lines().toList() : List.of();
    }

    /** How many whole lines the first {@code position} bytes of the file hold. */
    static int linesWithin(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int lines = 0;
        for (int i = 0; i < Math.min(position, bytes.length); i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Waits until the file holds at least {@code atLeast} lines. */
    static void awaitLineCount(Path file, int atLeast, Duration timeout, Supplier<String> context)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = linesOf(file).size();
            if (seen >= atLeast) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " has " + seen + " lines, not " + atLeast + ", after " + timeout + "; "
                + context.get());
    }

    /** What a sink's output holds compared with what was written. */
    record Tally(int out, int distinct, List<String> duplicated, Set<String> missing, Set<String> unexpected) {

        boolean complete() {
            return missing.isEmpty();
        }

        String summary(int expected) {
            return String.format("%d lines written, %d in the output, %d distinct, %d duplicated%s, %d missing%s, "
                            + "%d never written", expected, out, distinct, duplicated.size(),
                    duplicated.isEmpty() ? "" : " (" + duplicated.get(0) + " .. "
                            + duplicated.get(duplicated.size() - 1) + ")", missing.size(),
                    missing.isEmpty() ? "" : " (first " + missing.stream().limit(5).toList() + ")",
                    unexpected.size());
        }
    }

    static Tally tally(Collection<String> expected, List<String> out) {
        Map<String, Long> counts = out.stream().collect(Collectors.groupingBy(l -> l, TreeMap::new,
                Collectors.counting()));
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new TreeSet<>(counts.keySet());
        unexpected.removeAll(expected);
        return new Tally(out.size(), counts.size(), duplicated, missing, unexpected);
    }

    /** Waits (up to {@code timeout}) until the output holds every expected line; the tally of the last look. */
    static Tally awaitAll(Path output, Collection<String> expected, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> want = new TreeSet<>(expected);
        while (true) {
            List<String> out = linesOf(output);
            if (new TreeSet<>(out).containsAll(want) || System.nanoTime() > deadline) {
                return tally(want, out);
            }
            Thread.sleep(100);
        }
    }

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // never create a topic the worker is to create with its own settings
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Every record of a topic, from the log start to the end offsets of the moment it is called. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> c = consumer(bootstrap)) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            List<ConsumerRecord<String, String>> all = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end + " within 60 s");
                }
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all;
        }
    }

    static void awaitTopic(Admin admin, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!admin.listTopics().names().get().contains(topic)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic " + topic + " was not created within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Milliseconds since {@code startNanos}. */
    static long since(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
