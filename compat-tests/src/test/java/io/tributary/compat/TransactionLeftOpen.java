package io.tributary.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A process that opens a transaction and never ends it, for the test to SIGKILL:
 * {@code bootstrap transactionalId topic partition count transactionTimeoutMs}. It initialises a transactional
 * producer with that {@code transaction.timeout.ms}, begins a transaction, sends {@code count} records
 * ({@code abandoned-<i>}) to the partition, waits for their acknowledgements, prints
 * {@code TXN OPEN <first offset> <last offset>} and then waits forever.
 */
final class TransactionLeftOpen {

    private TransactionLeftOpen() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String transactionalId = args[1];
        String topic = args[2];
        int partition = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        KafkaProducer<String, String> producer = TransactionClients.transactional(bootstrap, transactionalId,
                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, args[5]));
        TransactionClients.init(producer, transactionalId);
        producer.beginTransaction();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, partition, null, "abandoned-" + i)));
        }
        producer.flush();
        long first = acks.get(0).get().offset();
        long last = acks.get(count - 1).get().offset();
        System.out.println("TXN OPEN " + first + " " + last);
        new CountDownLatch(1).await();
    }
}
