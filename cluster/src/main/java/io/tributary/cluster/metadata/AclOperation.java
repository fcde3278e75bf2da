package io.tributary.cluster.metadata;

/**
 * What an ACL allows or denies, with Kafka's {@code AclOperation} wire codes. {@link #ALL} in an ACL covers every
 * operation; {@link #ANY} exists only in filters; {@link #UNKNOWN} stands for a code this version does not know.
 */
public enum AclOperation {
    UNKNOWN(0), ANY(1), ALL(2), READ(3), WRITE(4), CREATE(5), DELETE(6), ALTER(7), DESCRIBE(8), CLUSTER_ACTION(9),
    DESCRIBE_CONFIGS(10), ALTER_CONFIGS(11), IDEMPOTENT_WRITE(12), CREATE_TOKENS(13), DESCRIBE_TOKENS(14),
    TWO_PHASE_COMMIT(15);

    private final byte code;

    AclOperation(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The operation with this code; {@link #UNKNOWN} for a code not listed. */
    public static AclOperation forCode(byte code) {
        for (AclOperation o : values()) {
            if (o.code == code) {
                return o;
            }
        }
        return UNKNOWN;
    }

    /** Whether an ACL may name this operation (not ANY nor UNKNOWN). */
    public boolean isConcrete() {
        return this != ANY && this != UNKNOWN;
    }
}
