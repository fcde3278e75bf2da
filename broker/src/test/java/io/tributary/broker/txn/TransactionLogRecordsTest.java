package io.tributary.broker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code __transaction_state} record format: byte layout, round trips, and versions that are skipped. */
class TransactionLogRecordsTest {

    private static TransactionMetadata sample(TransactionState state, Set<TopicPartition> partitions) {
        return new TransactionMetadata("payments-tx-7", 0x1234_5678_9ABCL, 0x42L, (short) 513, (short) 512, 45_000,
                state, partitions, 1_700_000_000_123L, 1_700_000_004_567L);
    }

    @Test
    void keyIsVersionThenLengthPrefixedUtf8Id() {
        ByteBuffer key = TransactionLogRecords.key("tx-é");
        byte[] id = "tx-é".getBytes(StandardCharsets.UTF_8);

        ByteBuffer expected = ByteBuffer.allocate(4 + id.length).putShort((short) 0).putShort((short) id.length)
                .put(id).flip();
        assertThat(key).isEqualTo(expected);
        assertThat(TransactionLogRecords.readKey(key)).isEqualTo("tx-é");
        assertThat(key.position()).isZero();
    }

    @Test
    void valueRoundTripsWithSeveralPartitions() {
        TransactionMetadata m = sample(TransactionState.PREPARE_COMMIT, Set.of(new TopicPartition("orders", 0),
                new TopicPartition("orders", 11), new TopicPartition("ünïcode-topic", 3),
                new TopicPartition("__consumer_offsets", 49)));

        ByteBuffer value = TransactionLogRecords.value(m);

        assertThat(TransactionLogRecords.readValue("payments-tx-7", value)).isEqualTo(m);
        assertThat(value.position()).isZero();
    }

    @Test
    void everyPersistedStateRoundTrips() {
        for (TransactionState s : TransactionState.values()) {
            TransactionMetadata m = sample(s, Set.of());
            assertThat(TransactionLogRecords.readValue(m.transactionalId(), TransactionLogRecords.value(m)))
                    .as(s.name()).isEqualTo(m);
        }
    }

    @Test
    void noneValuesRoundTrip() {
        TransactionMetadata m = new TransactionMetadata("t", 5, -1, (short) 0, (short) -1, 1, TransactionState.EMPTY,
                Set.of(), -1, 0);
        assertThat(TransactionLogRecords.readValue("t", TransactionLogRecords.value(m))).isEqualTo(m);
    }

    @Test
    void valueLayoutIsTheDocumentedOne() {
        TopicPartition tp = new TopicPartition("ab", 7);
        ByteBuffer b = TransactionLogRecords.value(sample(TransactionState.ONGOING, Set.of(tp)));

        assertThat(b.getShort()).isEqualTo((short) 0);
        assertThat(b.getLong()).isEqualTo(0x1234_5678_9ABCL);
        assertThat(b.getLong()).isEqualTo(0x42L);
        assertThat(b.getShort()).isEqualTo((short) 513);
        assertThat(b.getShort()).isEqualTo((short) 512);
        assertThat(b.getInt()).isEqualTo(45_000);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getShort()).isEqualTo((short) 2);
        assertThat(b.get()).isEqualTo((byte) 'a');
        assertThat(b.get()).isEqualTo((byte) 'b');
        assertThat(b.getInt()).isEqualTo(7);
        assertThat(b.getLong()).isEqualTo(1_700_000_000_123L);
        assertThat(b.getLong()).isEqualTo(1_700_000_004_567L);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void keyOfAnotherVersionIsSkipped() {
        ByteBuffer key = ByteBuffer.allocate(5).putShort((short) 1).putShort((short) 1).put((byte) 't').flip();
        assertThat(TransactionLogRecords.readKey(key)).isNull();
        assertThat(TransactionLogRecords.readKey(ByteBuffer.allocate(1))).isNull();
    }

    @Test
    void valueOfAnotherVersionIsSkipped() {
        ByteBuffer value = TransactionLogRecords.value(sample(TransactionState.EMPTY, Set.of()));
        value.putShort(0, (short) 1);
        assertThat(TransactionLogRecords.readValue("t", value)).isNull();

        ByteBuffer future = ByteBuffer.allocate(3).putShort((short) 4).put((byte) 9).flip();
        assertThat(TransactionLogRecords.readValue("t", future)).isNull();
    }
}
