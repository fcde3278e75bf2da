package io.tributary.cluster.metadata;

/**
 * How an ACL's resource name is read, with Kafka's {@code PatternType} wire codes: {@link #LITERAL} (the name
 * itself, or every name when it is {@code *}) or {@link #PREFIXED} (every name starting with it). {@link #ANY} and
 * {@link #MATCH} exist only in filters; {@link #UNKNOWN} stands for a code this version does not know.
 */
public enum PatternType {
    UNKNOWN(0), ANY(1), MATCH(2), LITERAL(3), PREFIXED(4);

    private final byte code;

    PatternType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The pattern type with this code; {@link #UNKNOWN} for a code not listed. */
    public static PatternType forCode(byte code) {
        for (PatternType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return UNKNOWN;
    }

    /** Whether an ACL may have this pattern type (LITERAL or PREFIXED). */
    public boolean isConcrete() {
        return this == LITERAL || this == PREFIXED;
    }
}
