package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.AppendOrigin;
import io.tributary.log.Log;
import io.tributary.log.LogConfig;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeProducersRequestData;
import io.tributary.protocol.message.DescribeProducersResponseData;
import io.tributary.protocol.message.DescribeProducersResponseData.PartitionResponse;
import io.tributary.protocol.message.DescribeProducersResponseData.ProducerState;
import io.tributary.protocol.record.ControlBatches;
import io.tributary.protocol.record.ControlRecordType;
import io.tributary.protocol.record.EndTransactionMarker;
import io.tributary.protocol.record.RecordBatchBuilder;
import io.tributary.protocol.record.RecordData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescribeProducersHandlerTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private Log log;

    @BeforeEach
    void open() throws Exception {
        log = Log.open(dir.resolve("orders-0"), LogConfig.defaults(), 0, 0, Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    @Test
    void reportsEachProducersStateAndWhereItsOpenTransactionStarts() throws Exception {
        append(batch(7, 0, 0, false, T0, 2));          // offsets 0-1, sequences 0-1
        append(batch(7, 0, 2, false, T0 + 5, 3));      // offsets 2-4, sequences 2-4
        append(batch(9, 3, 0, true, T0 + 10, 2));      // offsets 5-6: a transaction opens at 5
        append(batch(9, 3, 2, true, T0 + 20, 1));      // offset 7: still the same transaction

        List<ProducerState> producers = describe("orders", 0).activeProducers();

        assertThat(producers).hasSize(2);
        ProducerState idempotent = producers.get(0);
        assertThat(idempotent.producerId()).isEqualTo(7);
        assertThat(idempotent.producerEpoch()).isZero();
        assertThat(idempotent.lastSequence()).isEqualTo(4);
        assertThat(idempotent.lastTimestamp()).isEqualTo(T0 + 5);
        assertThat(idempotent.coordinatorEpoch()).isEqualTo(-1);
        assertThat(idempotent.currentTxnStartOffset()).isEqualTo(-1);
        ProducerState transactional = producers.get(1);
        assertThat(transactional.producerId()).isEqualTo(9);
        assertThat(transactional.producerEpoch()).isEqualTo(3);
        assertThat(transactional.lastSequence()).isEqualTo(2);
        assertThat(transactional.lastTimestamp()).isEqualTo(T0 + 20);
        assertThat(transactional.coordinatorEpoch()).isEqualTo(-1);
        assertThat(transactional.currentTxnStartOffset()).isEqualTo(5);
    }

    @Test
    void aMarkerClosesTheTransactionAndLeavesItsCoordinatorEpoch() throws Exception {
        append(batch(9, 1, 0, true, T0, 2));
        log.appendAsLeader(ControlBatches.endTransaction(0, T0 + 30, 0, 9, (short) 1,
                new EndTransactionMarker(ControlRecordType.ABORT, 4)), 0, AppendOrigin.COORDINATOR);

        ProducerState p = describe("orders", 0).activeProducers().get(0);

        assertThat(p.producerId()).isEqualTo(9);
        assertThat(p.currentTxnStartOffset()).isEqualTo(-1);
        assertThat(p.coordinatorEpoch()).isEqualTo(4);
        assertThat(p.lastTimestamp()).isEqualTo(T0 + 30);
    }

    @Test
    void eachPartitionAnswersWithItsOwnError() throws Exception {
        DescribeProducersHandler handler = new DescribeProducersHandler((topic, index) -> switch (index) {
            case 0 -> new DescribeProducersHandler.Replica(log, Errors.NONE);
            case 1 -> new DescribeProducersHandler.Replica(null, Errors.NOT_LEADER_OR_FOLLOWER);
            default -> new DescribeProducersHandler.Replica(null, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        });
        DescribeProducersRequestData request = new DescribeProducersRequestData().setTopics(List.of(
                new DescribeProducersRequestData.TopicRequest().setName("orders").setPartitionIndexes(List.of(0, 1, 7)),
                new DescribeProducersRequestData.TopicRequest().setName("").setPartitionIndexes(List.of(0))));

        DescribeProducersResponseData response = (DescribeProducersResponseData) handler.handle(null, request).get();

        assertThat(response.topics()).extracting(DescribeProducersResponseData.TopicResponse::name)
                .containsExactly("orders", "");
        List<PartitionResponse> orders = response.topics().get(0).partitions();
        assertThat(orders).extracting(PartitionResponse::partitionIndex).containsExactly(0, 1, 7);
        assertThat(orders).extracting(PartitionResponse::errorCode).containsExactly(Errors.NONE.code(),
                Errors.NOT_LEADER_OR_FOLLOWER.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.topics().get(1).partitions().get(0).errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    private PartitionResponse describe(String topic, int index) throws Exception {
        DescribeProducersHandler handler = new DescribeProducersHandler((t, i) ->
                new DescribeProducersHandler.Replica(log, Errors.NONE));
        DescribeProducersRequestData request = new DescribeProducersRequestData().setTopics(List.of(
                new DescribeProducersRequestData.TopicRequest().setName(topic).setPartitionIndexes(List.of(index))));
        DescribeProducersResponseData response = (DescribeProducersResponseData) handler.handle(null, request).get();
        PartitionResponse partition = response.topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        return partition;
    }

    private void append(ByteBuffer batch) {
        log.appendAsLeader(batch, 0, AppendOrigin.CLIENT);
    }

    private static ByteBuffer batch(long producerId, int epoch, int baseSequence, boolean transactional,
                                    long timestamp, int records) {
        RecordBatchBuilder builder = new RecordBatchBuilder().producer(producerId, (short) epoch, baseSequence)
                .transactional(transactional);
        for (int i = 0; i < records; i++) {
            builder.add(new RecordData(timestamp, null,
                    ByteBuffer.wrap(("v" + i).getBytes(StandardCharsets.UTF_8)), List.of()));
        }
        return builder.build();
    }
}
