package io.tributary.cluster.metadata;

/**
 * Whether an ACL allows or denies, with Kafka's {@code AclPermissionType} wire codes. {@link #ANY} exists only in
 * filters; {@link #UNKNOWN} stands for a code this version does not know.
 */
public enum AclPermissionType {
    UNKNOWN(0), ANY(1), DENY(2), ALLOW(3);

    private final byte code;

    AclPermissionType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The permission type with this code; {@link #UNKNOWN} for a code not listed. */
    public static AclPermissionType forCode(byte code) {
        for (AclPermissionType p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return UNKNOWN;
    }

    /** Whether an ACL may have this permission (ALLOW or DENY). */
    public boolean isConcrete() {
        return this == ALLOW || this == DENY;
    }
}
