package io.tributary.compat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An exactly-once consume-transform-produce loop in a process of its own, for the test to SIGKILL:
 * {@code bootstrap inputTopic outputTopic groupId transactionalId}. It initialises its transactional producer first
 * (which fences a killed predecessor with the same transactional.id and aborts its open transaction), then
 * consumes the input read_committed in a group and, for every non-empty poll, in one transaction: sends
 * {@link #transform} of each record (same key) to the output, flushes (so a kill after that leaves acknowledged
 * records of an open transaction in the output), adds the consumed offsets with
 * {@code sendOffsetsToTransaction(offsets, consumer.groupMetadata())} and commits.
 *
 * <p>It reports on stdout, each line flushed, so the test can kill it at chosen points: {@code EOS READY},
 * {@code EOS BEGUN <n>} (transaction begun for n records), {@code EOS HALF} (half of them handed to send),
 * {@code EOS FLUSHED} (all acknowledged), {@code EOS OFFSETS} (offsets added), {@code EOS COMMITTED <n>}. An
 * abortable error is reported as {@code EOS ERROR <exception>}, the transaction aborted and the consumer rewound
 * to the committed offsets, as Kafka's own exactly-once example does; a fatal one ends the process with status 1.
 */
final class ExactlyOnceLoop {

    private ExactlyOnceLoop() {
    }

    /** What the loop writes for an input value. */
    static String transform(String value) {
        return "processed:" + value;
    }

    public static void main(String[] args) {
        try {
            run(args[0], args[1], args[2], args[3], args[4]);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String bootstrap, String input, String output, String group, String transactionalId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        // A killed predecessor stays a member until its session expires; the restarted loop waits for that.
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(TransactionClients.CLIENT_TIMEOUT.toMillis()));
        try (KafkaProducer<String, String> producer = TransactionClients.transactional(bootstrap, transactionalId,
                Map.of()); KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            TransactionClients.init(producer, transactionalId);
            consumer.subscribe(List.of(input));
            report("EOS READY");
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    producer.beginTransaction();
                    report("EOS BEGUN " + records.count());
                    int sent = 0;
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        producer.send(new ProducerRecord<>(output, r.key(), transform(r.value())));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset()
                                + 1));
                        if (++sent == records.count() / 2) {
                            report("EOS HALF");
                        }
                    }
                    producer.flush();
                    report("EOS FLUSHED");
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    report("EOS OFFSETS");
                    producer.commitTransaction();
                    report("EOS COMMITTED " + records.count());
                } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                         | UnsupportedVersionException e) {
                    throw e;
                } catch (KafkaException e) {
                    report("EOS ERROR " + e);
                    producer.abortTransaction();
                    rewind(consumer);
                }
            }
        }
    }

    /** Seeks every assigned partition back to the group's committed offset (the beginning if none). */
    private static void rewind(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, offset.offset());
            }
        }
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
