// Small client-side helpers for bench/compare.sh, compiled at run time with javac against the kafka-clients that
// ship with Kafka's tools (bench/maven/kafka-tools). Two commands:
//
//   create-topics BOOTSTRAP NAME:PARTITIONS...
//       Creates the topics (replication factor 1) with the Admin client and waits until every partition has a
//       leader, so that the timed workloads do not start with metadata retries. One JVM for all topics instead of
//       one kafka-topics run per topic.
//
//   e2e-latency BOOTSTRAP TOPIC COUNT WARMUP SIZE ACKS
//       End-to-end latency with microsecond resolution (Kafka's own EndToEndLatency tool truncates its percentiles to
//       whole milliseconds). Same method as that tool: one message at a time, a producer with linger.ms=0 and a
//       synchronous send, then a consumer on the topic's partition 0 (assigned, no group, fetch.max.wait.ms=0) polls
//       until the message arrives. Latency = send start -> message returned by poll. The first WARMUP messages are
//       sent and timed but not counted. Prints one line:
//       E2E records=N avg_us=.. p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=..
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public final class BenchClient {

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("create-topics")) {
            createTopics(args[1], Arrays.copyOfRange(args, 2, args.length));
        } else if (args.length == 7 && args[0].equals("e2e-latency")) {
            e2eLatency(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), args[6]);
        } else {
            System.err.println("usage: BenchClient create-topics BOOTSTRAP NAME:PARTITIONS...\n"
                    + "       BenchClient e2e-latency BOOTSTRAP TOPIC COUNT WARMUP SIZE ACKS");
            System.exit(2);
        }
    }

    static void createTopics(String bootstrap, String[] specs) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            topics.add(new NewTopic(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)), (short) 1));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            List<String> names = topics.stream().map(NewTopic::name).toList();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
                boolean ready = described.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without a leader after 60 s: " + described);
                }
                Thread.sleep(20);
            }
        }
        System.out.println("created " + String.join(" ", specs));
    }

    static void e2eLatency(String bootstrap, String topic, int count, int warmup, int size, String acks) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", bootstrap);
        producerProps.put("acks", acks);
        producerProps.put("linger.ms", "0");
        Properties consumerProps = new Properties();
        consumerProps.put("bootstrap.servers", bootstrap);
        consumerProps.put("fetch.max.wait.ms", "0");
        consumerProps.put("enable.auto.commit", "false");
        consumerProps.put("auto.offset.reset", "latest");
        TopicPartition partition = new TopicPartition(topic, 0);
        long[] latencyNs = new long[count];
        byte[] value = new byte[size];
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);   // resolve the end offset now, not inside the first timed message
            for (int i = 0; i < warmup + count; i++) {
                ThreadLocalRandom.current().nextBytes(value);
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
                int received = 0;
                while (received == 0) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(30));
                    if (records.isEmpty()) {
                        throw new IllegalStateException("message " + i + " not received within 30 s");
                    }
                    received = records.count();
                }
                long elapsed = System.nanoTime() - start;
                if (received != 1) {
                    throw new IllegalStateException("expected 1 message, got " + received + " at message " + i);
                }
                if (i >= warmup) {
                    latencyNs[i - warmup] = elapsed;
                }
            }
        }
        long sum = 0;
        for (long l : latencyNs) {
            sum += l;
        }
        Arrays.sort(latencyNs);
        System.out.printf(Locale.ROOT,
                "E2E records=%d avg_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n",
                count, sum / 1e3 / count, pct(latencyNs, 0.50), pct(latencyNs, 0.90), pct(latencyNs, 0.99),
                pct(latencyNs, 0.999), latencyNs[count - 1] / 1e3);
    }

    /** Nearest-rank percentile, in microseconds. */
    private static double pct(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }
}
