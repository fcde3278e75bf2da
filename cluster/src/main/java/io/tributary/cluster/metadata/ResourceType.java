package io.tributary.cluster.metadata;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an ACL protects, with Kafka's {@code ResourceType} wire codes. {@link #ANY} exists only in filters
 * (DescribeAcls, DeleteAcls); {@link #UNKNOWN} stands for a code this version does not know and is refused
 * everywhere.
 */
public enum ResourceType {
    UNKNOWN(0), ANY(1), TOPIC(2), GROUP(3), CLUSTER(4), TRANSACTIONAL_ID(5), DELEGATION_TOKEN(6), USER(7);

    /** The one name a CLUSTER resource has, as in Kafka. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    private final byte code;

    ResourceType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type with this code; {@link #UNKNOWN} for a code not listed. */
    public static ResourceType forCode(byte code) {
        for (ResourceType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }

    /**
     * Whether an ACL on this type may name {@code operation}: {@link AclOperation#ALL} anywhere, otherwise the
     * operations Kafka defines for the type (its {@code AclEntry.supportedOperations}).
     */
    public boolean supports(AclOperation operation) {
        return operation == AclOperation.ALL || operations().contains(operation);
    }

    private Set<AclOperation> operations() {
        return switch (this) {
            case TOPIC -> EnumSet.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DESCRIBE,
                    AclOperation.DELETE, AclOperation.ALTER, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
            case GROUP -> EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE,
                    AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS);
            case CLUSTER -> EnumSet.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE);
            case TRANSACTIONAL_ID -> EnumSet.of(AclOperation.DESCRIBE, AclOperation.WRITE,
                    AclOperation.TWO_PHASE_COMMIT);
            case DELEGATION_TOKEN -> EnumSet.of(AclOperation.DESCRIBE);
            case USER -> EnumSet.of(AclOperation.CREATE_TOKENS, AclOperation.DESCRIBE_TOKENS);
            case ANY, UNKNOWN -> EnumSet.noneOf(AclOperation.class);
        };
    }

    /** Whether an ACL may name this type (not ANY nor UNKNOWN). */
    public boolean isConcrete() {
        return this != ANY && this != UNKNOWN;
    }
}
