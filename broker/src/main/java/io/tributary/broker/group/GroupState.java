package io.tributary.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic-protocol group, with the transitions Kafka allows. {@link ClassicGroup#transitionTo}
 * refuses any other, loudly: an illegal transition is a coordinator bug, never a client's fault.
 *
 * <pre>
 *   Empty ──join──▶ PreparingRebalance ──all joined / rebalance timeout──▶ CompletingRebalance ──leader's sync──▶ Stable
 *     ▲                  ▲      │ (no member left)                            │                                   │
 *     └──────────────────┼──────┘                                             │ member joins, leaves, times out   │
 *                        └────────────────────────────────────────────────────┴───────────────────────────────────┘
 *   any state ──group deleted / partition unloaded──▶ Dead
 * </pre>
 */
public enum GroupState {
    /** No members; the group may still hold committed offsets. */
    EMPTY("Empty"),
    /** Waiting for the members to (re)join, up to the rebalance timeout. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** A generation is formed; waiting for the leader's assignment in SyncGroup. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    /** Every member has its assignment; heartbeats keep the members in. */
    STABLE("Stable"),
    /** Removed: its metadata is gone (deleted, or its offsets partition moved away). */
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name Kafka reports in DescribeGroups and ListGroups. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The states this one may be entered from. */
    Set<GroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.of(EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD);
        };
    }

    /** The state named as Kafka names it (case-insensitive), or null. */
    public static GroupState fromKafkaName(String name) {
        for (GroupState s : values()) {
            if (s.kafkaName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
