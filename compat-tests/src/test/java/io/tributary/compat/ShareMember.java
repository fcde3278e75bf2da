package io.tributary.compat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A share consumer in a process of its own, for tests that SIGKILL it while it holds records: it polls until it gets
 * records, prints {@code R <partition> <offset>} for each (explicit acknowledgement mode, so nothing it got is ever
 * acknowledged), prints {@code HOLDING}, and then sleeps while holding them.
 */
final class ShareMember {

    private ShareMember() {
    }

    static Properties config(String bootstrap, String group, String mode) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put("share.acknowledgement.mode", mode);
        return props;
    }

    /** Arguments: bootstrap servers, group id, topic. */
    public static void main(String[] args) throws InterruptedException {
        KafkaShareConsumer<byte[], byte[]> consumer = new KafkaShareConsumer<>(config(args[0], args[1], "explicit"));
        consumer.subscribe(java.util.List.of(args[2]));
        while (true) {
            var records = consumer.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                System.out.println("R " + r.partition() + " " + r.offset());
            }
            System.out.println("HOLDING");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
