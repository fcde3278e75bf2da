package io.tributary.broker.txn;

import io.tributary.broker.config.Settings;
import java.util.Map;

/**
 * The transaction coordinator's settings, under Kafka's names and with Kafka's defaults but for the state topic's
 * min ISR (1 here, Kafka's is 2: a cluster that lost all but one broker still commits transactions). The state topic
 * is created with at most as many replicas as brokers are active then (see {@code InternalTopic}).
 *
 * @param stateTopicPartitions        {@code transaction.state.log.num.partitions} (default 50)
 * @param stateTopicReplicationFactor {@code transaction.state.log.replication.factor} (default 3)
 * @param stateTopicMinIsr            {@code transaction.state.log.min.isr} (default 1)
 * @param stateTopicSegmentBytes      {@code transaction.state.log.segment.bytes} (default 100 MiB)
 * @param maxTimeoutMs                {@code transaction.max.timeout.ms}: the longest {@code transaction.timeout.ms}
 *                                    a producer may ask for (default 900000)
 * @param idExpirationMs              {@code transactional.id.expiration.ms}: a transactional id with no transaction
 *                                    in progress and no update for this long is forgotten (default 7 days)
 * @param abortTimedOutIntervalMs     {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often
 *                                    transactions past their timeout are looked for and aborted (default 10000)
 * @param removeExpiredIntervalMs     {@code transaction.remove.expired.transaction.cleanup.interval.ms}: how often
 *                                    expired transactional ids are looked for (default 3600000)
 */
public record TransactionConfig(int stateTopicPartitions,
                                short stateTopicReplicationFactor,
                                int stateTopicMinIsr,
                                int stateTopicSegmentBytes,
                                int maxTimeoutMs,
                                long idExpirationMs,
                                long abortTimedOutIntervalMs,
                                long removeExpiredIntervalMs) {

    public static TransactionConfig defaults() {
        return from(Map.of());
    }

    /** Reads the settings; throws {@link io.tributary.log.InvalidConfigException} naming a bad key. */
    public static TransactionConfig from(Map<String, String> props) {
        return new TransactionConfig(
                Settings.intAtLeast(props, "transaction.state.log.num.partitions", 50, 1),
                (short) Math.min(Short.MAX_VALUE,
                        Settings.intAtLeast(props, "transaction.state.log.replication.factor", 3, 1)),
                Settings.intAtLeast(props, "transaction.state.log.min.isr", 1, 1),
                Settings.intAtLeast(props, "transaction.state.log.segment.bytes", 104_857_600, 1),
                Settings.intAtLeast(props, "transaction.max.timeout.ms", 900_000, 1),
                Settings.longAtLeast(props, "transactional.id.expiration.ms", 604_800_000L, 1),
                Settings.longAtLeast(props, "transaction.abort.timed.out.transaction.cleanup.interval.ms", 10_000, 1),
                Settings.longAtLeast(props, "transaction.remove.expired.transaction.cleanup.interval.ms",
                        3_600_000, 1));
    }
}
