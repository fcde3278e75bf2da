package io.tributary.broker.txn;

import io.tributary.broker.InternalTopic;
import io.tributary.cluster.MetadataNode;
import java.util.Map;

/** The internal topic {@code __transaction_state}: compacted, where each transactional id's state is kept. */
public final class TransactionStateTopic {

    public static final String NAME = "__transaction_state";

    private TransactionStateTopic() {
    }

    /** The topic as Kafka creates it: {@code transaction.state.log.*} partitions, replicas, min ISR, segments. */
    public static InternalTopic of(MetadataNode metadata, TransactionConfig config) {
        return new InternalTopic(metadata, NAME, config.stateTopicPartitions(), config.stateTopicReplicationFactor(),
                Map.of("cleanup.policy", "compact",
                        "min.insync.replicas", Integer.toString(config.stateTopicMinIsr()),
                        "segment.bytes", Integer.toString(config.stateTopicSegmentBytes()),
                        "unclean.leader.election.enable", "false"));
    }
}
