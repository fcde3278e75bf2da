package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.InitProducerIdRequestData;
import io.tributary.protocol.message.InitProducerIdResponseData;
import io.tributary.protocol.message.ProduceRequestData;
import io.tributary.protocol.message.ProduceResponseData;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka's {@code kafka-transactions} tool ({@code org.apache.kafka.tools.TransactionsCommand}, kafka-tools
 * 4.3.1 with its own kafka-clients, in a JVM of its own) against a Tributary process: {@code list},
 * {@code describe}, {@code describe-producers}, {@code find-hanging} and {@code abort} — through ListTransactions,
 * DescribeTransactions, DescribeProducers and WriteTxnMarkers — give the answers they give against Kafka. A hanging
 * transaction cannot be made (the broker checks transactional batches with their coordinator, as Kafka 3.6+ does),
 * so {@code find-hanging} finds none and {@code abort} of one is refused as Kafka's tool refuses it.
 */
class TransactionsToolCompatTest {

    private static final int NODE_ID = 1;
    private static final String TXN_TIMEOUT_MS = "600000";

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static KafkaTool tools;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        tools = KafkaTool.locate(dir);
        broker = new TributaryProcess(dir.resolve("data")).start();
        admin = TransactionClients.admin(broker.bootstrap());
        admin.createTopics(List.of(new NewTopic("tool-open", 2, (short) 1), new NewTopic("tool-hanging", 1,
                (short) 1))).all().get();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void listDescribeAndDescribeProducersShowAnOpenTransactionWhichAbortEnds() throws Exception {
        TopicPartition p0 = new TopicPartition("tool-open", 0);
        TopicPartition p1 = new TopicPartition("tool-open", 1);
        long before = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = TransactionClients.transactional(broker.bootstrap(),
                "tool-tx-open", Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TXN_TIMEOUT_MS));
             KafkaProducer<String, String> plain = TransactionClients.plain(broker.bootstrap())) {
            TransactionClients.init(producer, "tool-tx-open");
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("tool-open", 0, null, "open-" + i));
            }
            producer.send(new ProducerRecord<>("tool-open", 1, null, "open-p1"));
            producer.flush();   // in the logs at offset 0 of each partition; never committed

            // list: the id, its coordinator, producer id and state
            List<String> listed = row(transactions("list"), "tool-tx-open");
            assertThat(listed.get(1)).isEqualTo(Integer.toString(NODE_ID));
            assertThat(listed.get(3)).isEqualTo("Ongoing");
            String producerId = listed.get(2);
            assertThat(Long.parseLong(producerId)).isNotNegative();
            assertThat(rows(transactions("list", "--transactional-id-pattern", "tool-tx-o.*")))
                    .containsExactly(listed);
            assertThat(rows(transactions("list", "--transactional-id-pattern", "tool-tx"))).isEmpty();
            assertThat(rows(transactions("list", "--duration-filter", "3600000")))
                    .as("begun less than an hour ago").noneMatch(r -> r.get(0).equals("tool-tx-open"));

            // describe: coordinator, producer, state, timeout, start time and partitions
            List<String> described = single(transactions("describe", "--transactional-id", "tool-tx-open"));
            assertThat(described.subList(0, 3)).containsExactly(Integer.toString(NODE_ID), "tool-tx-open",
                    producerId);
            String epoch = described.get(3);
            assertThat(described.get(4)).isEqualTo("Ongoing");
            assertThat(described.get(5)).isEqualTo(TXN_TIMEOUT_MS);
            assertThat(Long.parseLong(described.get(6))).isBetween(before, System.currentTimeMillis());
            assertThat(Long.parseLong(described.get(7))).isNotNegative();
            assertThat(described.get(8).split(",")).containsExactlyInAnyOrder("tool-open-0", "tool-open-1");
            KafkaTool.Result unknown = tools.run("TransactionsCommand", "--bootstrap-server", broker.bootstrap(),
                    "describe", "--transactional-id", "tool-tx-never-used");
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
            assertThat(unknown.stderr()).as(unknown.toString())
                    .contains("Failed to describe transaction state of transactional-id `tool-tx-never-used`");

            // describe-producers: the transaction starts at offset 0 of the partition
            List<String> state = single(transactions("describe-producers", "--topic", "tool-open", "--partition",
                    "0"));
            assertThat(state).containsExactly(producerId, epoch, "-1", "2", state.get(4), "0");
            assertThat(Long.parseLong(state.get(4))).isBetween(before, System.currentTimeMillis());
            List<String> onReplica = single(transactions("describe-producers", "--topic", "tool-open", "--partition",
                    "1", "--broker-id", Integer.toString(NODE_ID)));
            assertThat(onReplica).containsExactly(producerId, epoch, "-1", "0", onReplica.get(4), "0");

            // find-hanging: the open transaction is its coordinator's, so it is not hanging — neither when the
            // search is limited to transactions open longer than 15 minutes (the default) nor with no limit (0), which
            // makes the tool look the producer id up with ListTransactions and its partitions with DescribeTransactions
            assertThat(rows(transactions("find-hanging", "--broker-id", Integer.toString(NODE_ID)))).isEmpty();
            assertThat(rows(transactions("find-hanging", "--topic", "tool-open", "--max-transaction-timeout", "0")))
                    .isEmpty();

            // abort: a marker for the transaction on partition 0; read_committed consumers get past it
            plain.send(new ProducerRecord<>("tool-open", 0, null, "after-open")).get();
            assertThat(TransactionClients.latest(admin, p0, IsolationLevel.READ_COMMITTED))
                    .as("the open transaction holds the last stable offset").isZero();
            transactions("abort", "--topic", "tool-open", "--partition", "0", "--start-offset", "0");
            assertThat(TransactionClients.latest(admin, p0, IsolationLevel.READ_COMMITTED))
                    .isEqualTo(TransactionClients.latest(admin, p0, IsolationLevel.READ_UNCOMMITTED));
            assertThat(readCommitted(p0, 1)).containsExactly("after-open");
            assertThat(row(transactions("describe-producers", "--topic", "tool-open", "--partition", "0"), producerId))
                    .as("no transaction open any more; the tool's marker carried coordinator epoch 0")
                    .startsWith(producerId, epoch, "0").endsWith("None");
            assertThat(TransactionClients.latest(admin, p1, IsolationLevel.READ_COMMITTED))
                    .as("partition 1 of the transaction is still open").isZero();

            // the producer ends its transaction: its coordinator writes the markers, partition 1 is released too
            producer.abortTransaction();
            assertThat(row(transactions("list"), "tool-tx-open").get(3)).isEqualTo("CompleteAbort");
            List<String> ended = single(transactions("describe", "--transactional-id", "tool-tx-open")).subList(4, 9);
            assertThat(ended.subList(0, 2)).containsExactly("CompleteAbort", TXN_TIMEOUT_MS);
            assertThat(ended.get(2)).as("the ended transaction's start, kept as Kafka keeps it").matches("\\d+");
            assertThat(ended.get(4)).as("no partitions left in it").isEmpty();
            assertThat(TransactionClients.latest(admin, p1, IsolationLevel.READ_COMMITTED))
                    .isEqualTo(TransactionClients.latest(admin, p1, IsolationLevel.READ_UNCOMMITTED));
            assertThat(readCommitted(p1, 0)).isEmpty();
        }
    }

    @Test
    void aTransactionalBatchNoCoordinatorKnowsIsRefusedSoFindHangingFindsNothing() throws Exception {
        // Kafka 3.6+ brokers check a transaction's first batch in each partition with its coordinator (KIP-890), so
        // a batch no coordinator will ever end — how hanging transactions were made — is refused, as here.
        TopicPartition tp = new TopicPartition("tool-hanging", 0);   // created before the tests
        try (RawConnection c = new RawConnection("127.0.0.1", broker.port())) {
            InitProducerIdResponseData init = (InitProducerIdResponseData) c.request(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000).setProducerId(-1)
                    .setProducerEpoch((short) -1), (short) 4);
            assertThat(init.errorCode()).isEqualTo(Errors.NONE.code());
            java.nio.ByteBuffer batch = new RecordBatchBuilder().producer(init.producerId(), init.producerEpoch(), 0)
                    .transactional(true).add(RecordData.of(System.currentTimeMillis(), null,
                            "hanging".getBytes(StandardCharsets.UTF_8))).build();
            // no transactional id on the request: Kafka's TRANSACTIONAL_ID_AUTHORIZATION_FAILED
            assertThat(produce(c, tp, batch, null)).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            // a transactional id whose coordinator has no transaction of this producer
            assertThat(produce(c, tp, batch, "tool-no-such-transaction"))
                    .isIn(Errors.INVALID_PRODUCER_ID_MAPPING, Errors.NOT_ENOUGH_REPLICAS);
        }
        try (Admin admin = broker.admin()) {
            assertThat(TransactionClients.latest(admin, tp, IsolationLevel.READ_UNCOMMITTED)).as("nothing written")
                    .isZero();
        }
        assertThat(rows(transactions("find-hanging", "--broker-id", Integer.toString(NODE_ID)))).isEmpty();
        KafkaTool.Result nothingToAbort = tools.run("TransactionsCommand", "--bootstrap-server", broker.bootstrap(),
                "abort", "--topic", "tool-hanging", "--partition", "0", "--start-offset", "0");
        assertThat(nothingToAbort.exitCode()).as(nothingToAbort.toString()).isEqualTo(1);
        assertThat(nothingToAbort.stderr()).as(nothingToAbort.toString())
                .contains("Could not find any open transactions starting at offset 0 on partition tool-hanging-0");
    }

    private static Errors produce(RawConnection c, TopicPartition tp, java.nio.ByteBuffer batch,
                                  String transactionalId)
            throws Exception {
        ProduceResponseData produced = (ProduceResponseData) c.request(new ProduceRequestData()
                .setTransactionalId(transactionalId).setAcks((short) -1).setTimeoutMs(10_000)
                .setTopicData(new ArrayList<>(List.of(new ProduceRequestData.TopicProduceData().setName(tp.topic())
                        .setPartitionData(new ArrayList<>(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(tp.partition()).setRecords(new HeapRecords(batch.duplicate())))))))),
                (short) 9);
        return Errors.forCode(produced.responses().get(0).partitionResponses().get(0).errorCode());
    }

    /** Runs {@code kafka-transactions} against the broker; it must succeed. */
    private static KafkaTool.Result transactions(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        KafkaTool.Result result = tools.run("TransactionsCommand", all);
        System.out.println("kafka-transactions " + String.join(" ", args) + "\n" + result.stdout());
        assertThat(result.exitCode()).as("kafka-transactions " + String.join(" ", args) + "\n" + result).isZero();
        return result;
    }

    /** The rows of the table a command printed, without its header row; a cell may be empty at the line's end. */
    private static List<List<String>> rows(KafkaTool.Result result) {
        List<String> lines = result.lines().stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(result.toString()).isNotEmpty();
        int columns = cells(lines.get(0)).size();
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = new ArrayList<>(cells(line));
            while (cells.size() < columns) {
                cells.add("");
            }
            rows.add(cells);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    private static List<String> single(KafkaTool.Result result) {
        List<List<String>> rows = rows(result);
        assertThat(rows).as(result.toString()).hasSize(1);
        return rows.get(0);
    }

    private static List<String> row(KafkaTool.Result result, String first) {
        List<List<String>> matching = rows(result).stream().filter(r -> r.get(0).equals(first)).toList();
        assertThat(matching).as(result.toString()).hasSize(1);
        return matching.get(0);
    }

    /** What a read_committed consumer reads of one partition, from its beginning to the last stable offset. */
    private static List<String> readCommitted(TopicPartition tp, int atLeast) throws Exception {
        try (KafkaConsumer<String, String> consumer = TransactionClients.consumer(broker.bootstrap(),
                IsolationLevel.READ_COMMITTED)) {
            TreeMap<Long, String> read = TransactionClients.readToEnd(consumer, List.of(tp), atLeast,
                    Duration.ofSeconds(30)).get(tp);
            return new ArrayList<>(read.values());
        }
    }
}
