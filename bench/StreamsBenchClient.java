// The harness side of bench/streams-compare.sh: input generator, progress watcher and output checker. Compiled at run
// time with javac against kafka-clients only (Kafka Streams' class path, bench/maven/kafka-streams); the stream
// processing applications themselves are StreamsBenchKafkaApp.java and StreamsBenchLiteApp.java.
//
//   generate BOOTSTRAP LINES PARTITIONS LINES_TOPIC KEYED_TOPIC EXPECTED_DIR
//       Creates both input topics (PARTITIONS partitions each) and produces LINES lines of text into each, then
//       writes the true results to EXPECTED_DIR/wordcount.tsv and EXPECTED_DIR/windowed.tsv ("key<TAB>count").
//       Lines: 6 to 10 words (8 on average), drawn from a vocabulary of VOCABULARY pseudo-words with a Zipf
//       distribution (exponent 1: the commonest word is about 10 % of all words, the rarest about 80 in a million
//       lines), the first word capitalised, a full stop at the end; fixed seed, so every run of the script counts
//       the same text.
//         LINES_TOPIC  (word count)  no key (the producer spreads the lines over the partitions);
//         KEYED_TOPIC  (windowed)    the same lines, key = the line's first word (lower case), partition as the
//                                    default partitioner (murmur2 of the key), record timestamps from
//                                    BASE = 35 min ago (rounded down to the minute) over 30 minutes, rising with the
//                                    line number, except that 3 % of the lines are stamped up to 120 s earlier
//                                    (out of order).
//       The windowed truth follows Kafka Streams' rule for TimeWindows.ofSizeWithNoGrace(1 min): a record is
//       counted in its window [start, start + 60 s) unless the window has closed, i.e. unless start + 60 s <= the
//       largest timestamp seen so far in its partition (its task's stream time). Keys are "word@windowStartMs".
//       Prints "GENERATED lines=.. words=.. distinct_words=.. windowed_keys=.. late_dropped=.. produce_s=..".
//
//   watch BOOTSTRAP APPLICATION_ID INPUT_TOPIC OUTPUT_TOPIC PARTITIONS TIMEOUT_S
//       Creates OUTPUT_TOPIC (PARTITIONS partitions), then every 50 ms: the end offsets of OUTPUT_TOPIC, and the offsets the application's consumer group
//       (APPLICATION_ID) has committed. Prints, each line flushed, with microseconds since the epoch:
//         ready <us> input_end=N
//         first_output <us> output_end=N         the first record is on the output topic
//         input_done <us>                         committed offsets of INPUT_TOPIC = its end offsets
//         done <us> output_end=N                  ... and those of the application's repartition topics
//                                                 (<APPLICATION_ID>-*-repartition) = theirs: everything processed,
//                                                 and (at least once: the producer is flushed before a commit)
//                                                 every output record written
//         progress <us> committed_input=N output_end=N   once a second
//       Exits 3 on timeout.
//
//   verify BOOTSTRAP OUTPUT_TOPIC EXPECTED_TSV
//       Reads OUTPUT_TOPIC from the beginning to its end offsets (String keys, Long values) and keeps the last value
//       of each key: the final count. Every key of EXPECTED_TSV must have its expected final count, and no other key
//       may appear. Prints one line:
//         VERIFY status=ok|FAILED output_records=N output_keys=K expected_keys=E wrong=W missing=M unexpected=U
//             samples=key:expected/final,...   (the 3 largest counts, the median one and the smallest one)
//       Exits 1 if anything is wrong.
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

public final class StreamsBenchClient {

    static final int VOCABULARY = 10_000;
    static final long WINDOW_MS = 60_000;
    static final long SPREAD_MS = 30 * 60_000;
    static final double LATE_FRACTION = 0.03;
    static final long MAX_LATENESS_MS = 120_000;
    static final String[] CONSONANTS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r", "s",
        "t", "v", "w", "x", "z"};
    static final String[] VOWELS = {"a", "e", "i", "o", "u"};
    static final String[] SUFFIXES = {"", "s", "ing", "er", "ed"};

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "generate" -> generate(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]), a[4], a[5], Path.of(a[6]));
            case "watch" -> System.exit(watch(a[1], a[2], a[3], a[4], Integer.parseInt(a[5]), Long.parseLong(a[6])));
            case "verify" -> System.exit(verify(a[1], a[2], Path.of(a[3])));
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        }
    }

    static long nowUs() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // ------------------------------------------------------------------------------------------------ generate

    /** Word of rank r (0 = commonest): two consonant-vowel syllables and a suffix, 4 to 7 letters, all distinct. */
    static String word(int r) {
        int s = r % 100;
        int t = (r / 100) % 100;
        return CONSONANTS[s % 20] + VOWELS[s / 20] + CONSONANTS[t % 20] + VOWELS[t / 20] + SUFFIXES[(r / 7) % 5];
    }

    /** The applications' split: lower case, then on runs of non-word characters (StreamsWordCountApp.words). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    static void createTopics(String bootstrap, int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (String t : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    static void generate(String bootstrap, int lines, int partitions, String linesTopic, String keyedTopic,
            Path expectedDir) throws Exception {
        long started = System.nanoTime();
        createTopics(bootstrap, partitions, linesTopic, keyedTopic);
        String[] vocab = new String[VOCABULARY];
        double[] cdf = new double[VOCABULARY];
        double sum = 0;
        for (int r = 0; r < VOCABULARY; r++) {
            vocab[r] = word(r);
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        if (Set.of(vocab).size() != VOCABULARY) {
            throw new IllegalStateException("vocabulary words are not distinct");
        }
        Random random = new Random(20260101L);
        long base = (System.currentTimeMillis() - 35 * 60_000) / WINDOW_MS * WINDOW_MS;
        long[] streamTime = new long[partitions];
        Arrays.fill(streamTime, Long.MIN_VALUE);
        Map<String, Long> wordCounts = new HashMap<>();
        Map<String, Long> windowCounts = new HashMap<>();
        long totalWords = 0, dropped = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        Map<String, Object> pc = Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "10",
                "batch.size", "131072", "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            StringBuilder sb = new StringBuilder(96);
            for (int i = 0; i < lines; i++) {
                int n = 6 + random.nextInt(5);
                sb.setLength(0);
                String first = null;
                for (int w = 0; w < n; w++) {
                    int r = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                    String word = vocab[r < 0 ? Math.min(-r - 1, VOCABULARY - 1) : r];
                    if (w == 0) {
                        first = word;
                        sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
                    } else {
                        sb.append(' ').append(word);
                    }
                    wordCounts.merge(word, 1L, Long::sum);
                }
                sb.append('.');
                totalWords += n;
                String line = sb.toString();
                long ts = base + (long) i * SPREAD_MS / lines;
                if (random.nextDouble() < LATE_FRACTION) {
                    ts -= (long) (random.nextDouble() * MAX_LATENESS_MS);
                }
                int partition = Utils.toPositive(Utils.murmur2(first.getBytes(StandardCharsets.UTF_8))) % partitions;
                streamTime[partition] = Math.max(streamTime[partition], ts);
                long start = ts - Math.floorMod(ts, WINDOW_MS);
                if (start + WINDOW_MS > streamTime[partition]) {
                    windowCounts.merge(first + "@" + start, 1L, Long::sum);
                } else {
                    dropped++;
                }
                org.apache.kafka.clients.producer.Callback cb = (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                };
                producer.send(new ProducerRecord<>(linesTopic, null, null, line), cb);
                producer.send(new ProducerRecord<>(keyedTopic, partition, ts, first, line), cb);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Files.createDirectories(expectedDir);
        writeTsv(expectedDir.resolve("wordcount.tsv"), wordCounts);
        writeTsv(expectedDir.resolve("windowed.tsv"), windowCounts);
        say("GENERATED lines=" + lines + " words=" + totalWords + " distinct_words=" + wordCounts.size()
                + " windowed_keys=" + windowCounts.size() + " late_dropped=" + dropped + " base_ms=" + base
                + " produce_s=" + String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    }

    static void writeTsv(Path file, Map<String, Long> counts) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
                w.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ watch

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", "false",
                "auto.offset.reset", "earliest", "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName()));
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(30))) {
            tps.add(new TopicPartition(topic, p.partition()));
        }
        return tps;
    }

    static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    static int watch(String bootstrap, String appId, String inputTopic, String outputTopic, int partitions,
            long timeoutS) throws Exception {
        createTopics(bootstrap, partitions, outputTopic);
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap);
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<TopicPartition> input = partitions(c, inputTopic);
            List<TopicPartition> output = partitions(c, outputTopic);
            Map<TopicPartition, Long> inputEnd = c.endOffsets(input, Duration.ofSeconds(30));
            say("ready " + nowUs() + " input_end=" + sum(inputEnd));
            long firstOutput = -1, inputDone = -1, outputEnd = 0, committedInput = 0;
            long nextProgress = System.nanoTime() + 1_000_000_000L;
            List<TopicPartition> repartition = null;
            while (true) {
                if (firstOutput < 0) {
                    outputEnd = sum(c.endOffsets(output, Duration.ofSeconds(30)));
                    if (outputEnd > 0) {
                        firstOutput = nowUs();
                        say("first_output " + firstOutput + " output_end=" + outputEnd);
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                committedInput = 0;
                boolean allInput = true;
                for (TopicPartition tp : input) {
                    OffsetAndMetadata om = committed.get(tp);
                    long off = om == null ? 0 : om.offset();
                    committedInput += off;
                    allInput &= off >= inputEnd.get(tp);
                }
                if (allInput && inputDone < 0) {
                    inputDone = nowUs();
                    say("input_done " + inputDone);
                }
                if (allInput && firstOutput >= 0) {
                    if (repartition == null) {   // created by the application at its start: long there by now
                        repartition = new ArrayList<>();
                        for (String t : admin.listTopics().names().get()) {
                            if (t.startsWith(appId + "-") && t.endsWith("-repartition")) {
                                repartition.addAll(partitions(c, t));
                            }
                        }
                    }
                    boolean allRepartition = true;
                    if (!repartition.isEmpty()) {
                        Map<TopicPartition, Long> ends = c.endOffsets(repartition, Duration.ofSeconds(30));
                        for (TopicPartition tp : repartition) {
                            OffsetAndMetadata om = committed.get(tp);
                            allRepartition &= (om == null ? 0 : om.offset()) >= ends.get(tp);
                        }
                    }
                    if (allRepartition) {
                        long done = nowUs();
                        outputEnd = sum(c.endOffsets(output, Duration.ofSeconds(30)));
                        say("done " + done + " output_end=" + outputEnd + " repartition_partitions="
                                + repartition.size());
                        return 0;
                    }
                }
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    if (firstOutput >= 0) {
                        outputEnd = sum(c.endOffsets(output, Duration.ofSeconds(30)));
                    }
                    say("progress " + nowUs() + " committed_input=" + committedInput + " output_end=" + outputEnd);
                    nextProgress = now + 1_000_000_000L;
                }
                if (now > deadline) {
                    say("timeout committed_input=" + committedInput + " output_end=" + outputEnd);
                    return 3;
                }
                Thread.sleep(50);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ verify

    static int verify(String bootstrap, String outputTopic, Path expectedTsv) throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String line : Files.readAllLines(expectedTsv)) {
            int tab = line.indexOf('\t');
            expected.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
        }
        Map<String, Long> last = new HashMap<>();
        long records = 0;
        StringDeserializer keys = new StringDeserializer();
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> tps = partitions(c, outputTopic);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (true) {
                boolean atEnd = true;
                for (TopicPartition tp : tps) {
                    atEnd &= c.position(tp) >= end.get(tp);
                }
                if (atEnd) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    say("VERIFY status=FAILED reason=output-not-read-within-600s output_records=" + records);
                    return 1;
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    records++;
                    long v = r.value() != null && r.value().length == 8 ? java.nio.ByteBuffer.wrap(r.value()).getLong()
                            : Long.MIN_VALUE;
                    last.put(keys.deserialize(outputTopic, r.key()), v);
                }
            }
        }
        long wrong = 0, missing = 0, unexpected = 0;
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            Long got = last.get(e.getKey());
            if (got == null) {
                missing++;
            } else if (!got.equals(e.getValue())) {
                wrong++;
            }
        }
        for (String k : last.keySet()) {
            if (!expected.containsKey(k)) {
                unexpected++;
            }
        }
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(expected.entrySet());
        byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<Map.Entry<String, Long>> samples = new ArrayList<>();
        if (!byCount.isEmpty()) {
            samples.addAll(byCount.subList(0, Math.min(3, byCount.size())));
            samples.add(byCount.get(byCount.size() / 2));
            samples.add(byCount.get(byCount.size() - 1));
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : samples) {
            Long got = last.get(e.getKey());
            s.append(s.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue()).append('/')
                    .append(got == null ? "none" : got.toString());
        }
        boolean ok = wrong == 0 && missing == 0 && unexpected == 0;
        say("VERIFY status=" + (ok ? "ok" : "FAILED") + " output_records=" + records + " output_keys=" + last.size()
                + " expected_keys=" + expected.size() + " wrong=" + wrong + " missing=" + missing + " unexpected="
                + unexpected + " samples=" + s);
        return ok ? 0 : 1;
    }
}
