package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.handler.DescribeTransactionsHandler.Lookup;
import io.tributary.broker.txn.TransactionMetadata;
import io.tributary.broker.txn.TransactionState;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeTransactionsResponseData;
import io.tributary.protocol.message.DescribeTransactionsResponseData.TopicData;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescribeTransactionsHandlerTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void anOpenTransactionShowsItsStateTimeoutStartAndPartitionsByTopic() {
        TransactionMetadata txn = txn("tx-1", TransactionState.ONGOING, Set.of(new TopicPartition("orders", 2),
                new TopicPartition("audit", 0), new TopicPartition("orders", 0)), T0);

        DescribeTransactionsResponseData.TransactionState d =
                DescribeTransactionsHandler.describe(new Lookup("tx-1", Errors.NONE, txn));

        assertThat(d.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(d.transactionalId()).isEqualTo("tx-1");
        assertThat(d.transactionState()).isEqualTo("Ongoing");
        assertThat(d.transactionTimeoutMs()).isEqualTo(60_000);
        assertThat(d.transactionStartTimeMs()).isEqualTo(T0);
        assertThat(d.producerId()).isEqualTo(4000);
        assertThat(d.producerEpoch()).isEqualTo((short) 3);
        assertThat(d.topics()).extracting(TopicData::topic).containsExactly("audit", "orders");
        assertThat(d.topics().get(1).partitions()).containsExactly(0, 2);
    }

    @Test
    void anIdWithNoOpenTransactionHasNoStartTimeAndNoPartitions() {
        DescribeTransactionsResponseData.TransactionState d = DescribeTransactionsHandler.describe(
                new Lookup("tx-1", Errors.NONE, txn("tx-1", TransactionState.COMPLETE_COMMIT, Set.of(), -1)));

        assertThat(d.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(d.transactionState()).isEqualTo("CompleteCommit");
        assertThat(d.transactionStartTimeMs()).isEqualTo(-1);
        assertThat(d.topics()).isEmpty();
    }

    @Test
    void anIdCoordinatedElsewhereUnknownOrExpiringAnswersAnError() {
        assertThat(DescribeTransactionsHandler.describe(new Lookup("x", Errors.NOT_COORDINATOR, null)).errorCode())
                .isEqualTo(Errors.NOT_COORDINATOR.code());
        assertThat(DescribeTransactionsHandler.describe(new Lookup("x", Errors.COORDINATOR_NOT_AVAILABLE, null))
                .errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(DescribeTransactionsHandler.describe(new Lookup("x", Errors.NONE, null)).errorCode())
                .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        assertThat(DescribeTransactionsHandler.describe(new Lookup("x", Errors.NONE,
                txn("x", TransactionState.DEAD, Set.of(), -1))).errorCode())
                .isEqualTo(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
        DescribeTransactionsResponseData.TransactionState failed =
                DescribeTransactionsHandler.describe(new Lookup("x", Errors.NOT_COORDINATOR, null));
        assertThat(failed.transactionalId()).isEqualTo("x");
        assertThat(failed.topics()).isEmpty();
    }

    private static TransactionMetadata txn(String id, TransactionState state, Set<TopicPartition> partitions,
                                           long startMs) {
        return new TransactionMetadata(id, 4000, -1, (short) 3, (short) 2, 60_000, state, partitions, startMs,
                T0 + 100);
    }
}
