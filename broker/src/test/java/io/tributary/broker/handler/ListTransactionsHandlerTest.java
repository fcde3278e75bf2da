package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.txn.TransactionMetadata;
import io.tributary.broker.txn.TransactionState;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ListTransactionsRequestData;
import io.tributary.protocol.message.ListTransactionsResponseData;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListTransactionsHandlerTest {

    private static final long NOW = 1_700_000_100_000L;

    /** Open 90 s, open 5 s, never began one, committed, being expired. */
    private static final List<TransactionMetadata> ALL = List.of(
            txn("payments-1", 11, TransactionState.ONGOING, NOW - 90_000),
            txn("orders-1", 12, TransactionState.ONGOING, NOW - 5_000),
            txn("orders-2", 13, TransactionState.EMPTY, -1),
            txn("payments-2", 14, TransactionState.COMPLETE_COMMIT, -1),
            txn("gone", 15, TransactionState.DEAD, -1));

    @Test
    void withoutFiltersEveryIdButThoseBeingExpiredIsListedInOrder() {
        ListTransactionsResponseData r = list(new ListTransactionsRequestData());

        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ids(r)).containsExactly("orders-1", "orders-2", "payments-1", "payments-2");
        ListTransactionsResponseData.TransactionState first = r.transactionStates().get(0);
        assertThat(first.producerId()).isEqualTo(12);
        assertThat(first.transactionState()).isEqualTo("Ongoing");
        assertThat(r.unknownStateFilters()).isEmpty();
    }

    @Test
    void statesAreFilteredByKafkasDisplayNames() {
        assertThat(ids(list(new ListTransactionsRequestData().setStateFilters(List.of("Ongoing")))))
                .containsExactly("orders-1", "payments-1");
        assertThat(ids(list(new ListTransactionsRequestData().setStateFilters(List.of("Empty", "CompleteCommit")))))
                .containsExactly("orders-2", "payments-2");
    }

    @Test
    void unknownStateNamesAreReportedAndMatchNothing() {
        ListTransactionsResponseData onlyUnknown = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Running", "ongoing")));
        assertThat(onlyUnknown.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(onlyUnknown.unknownStateFilters()).containsExactly("Running", "ongoing");
        assertThat(onlyUnknown.transactionStates()).isEmpty();

        ListTransactionsResponseData mixed = list(new ListTransactionsRequestData()
                .setStateFilters(List.of("Running", "Empty")));
        assertThat(mixed.unknownStateFilters()).containsExactly("Running");
        assertThat(ids(mixed)).containsExactly("orders-2");
    }

    @Test
    void producerIdsFilterTheListing() {
        assertThat(ids(list(new ListTransactionsRequestData().setProducerIdFilters(List.of(11L, 14L, 99L)))))
                .containsExactly("payments-1", "payments-2");
    }

    @Test
    void theDurationFilterKeepsTransactionsRunningLongerThanItAsKafkaCompares() {
        // Kafka leaves out ids whose transaction began at most that long ago; an id without a start time (-1) stays.
        assertThat(ids(list(new ListTransactionsRequestData().setDurationFilter(60_000))))
                .containsExactly("orders-2", "payments-1", "payments-2");
        assertThat(ids(list(new ListTransactionsRequestData().setDurationFilter(60_000)
                .setStateFilters(List.of("Ongoing"))))).containsExactly("payments-1");
        assertThat(ids(list(new ListTransactionsRequestData().setDurationFilter(5_000)
                .setStateFilters(List.of("Ongoing"))))).containsExactly("payments-1");
        assertThat(ids(list(new ListTransactionsRequestData().setDurationFilter(4_999)
                .setStateFilters(List.of("Ongoing"))))).containsExactly("orders-1", "payments-1");
        assertThat(ids(list(new ListTransactionsRequestData().setDurationFilter(-1)))).hasSize(4);
    }

    @Test
    void theIdPatternMustMatchTheWholeTransactionalId() {
        assertThat(ids(list(new ListTransactionsRequestData().setTransactionalIdPattern("orders-.*"))))
                .containsExactly("orders-1", "orders-2");
        assertThat(ids(list(new ListTransactionsRequestData().setTransactionalIdPattern("orders")))).isEmpty();
        assertThat(ids(list(new ListTransactionsRequestData().setTransactionalIdPattern("")))).hasSize(4);
        assertThat(ids(list(new ListTransactionsRequestData().setTransactionalIdPattern(".*-1")
                .setStateFilters(List.of("Ongoing")).setProducerIdFilters(List.of(12L)))))
                .containsExactly("orders-1");
    }

    @Test
    void aPatternThatDoesNotCompileIsAnInvalidRegularExpression() {
        ListTransactionsResponseData r = list(new ListTransactionsRequestData().setTransactionalIdPattern("orders-("));

        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION.code());
        assertThat(r.transactionStates()).isEmpty();
    }

    private static ListTransactionsResponseData list(ListTransactionsRequestData request) {
        return ListTransactionsHandler.list(request, ALL, NOW);
    }

    private static List<String> ids(ListTransactionsResponseData response) {
        return response.transactionStates().stream().map(ListTransactionsResponseData.TransactionState::transactionalId)
                .toList();
    }

    private static TransactionMetadata txn(String id, long producerId, TransactionState state, long startMs) {
        Set<TopicPartition> partitions = state == TransactionState.ONGOING ? Set.of(new TopicPartition("t", 0))
                : Set.of();
        return new TransactionMetadata(id, producerId, -1, (short) 0, (short) -1, 60_000, state, partitions, startMs,
                NOW - 1_000);
    }
}
