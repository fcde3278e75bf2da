package io.tributary.streams.internal.dsl;

import java.util.function.BiFunction;

/** Which pairs of left and right rows a join emits: both present, the left present, or either present. */
public enum JoinKind {
    INNER,
    LEFT,
    OUTER;

    /** The joined value of two rows (either may be null), or null when this kind of join emits no row for them. */
    public <L, R, VR> VR join(L left, R right, BiFunction<? super L, ? super R, ? extends VR> joiner) {
        boolean emits = switch (this) {
            case INNER -> left != null && right != null;
            case LEFT -> left != null;
            case OUTER -> left != null || right != null;
        };
        return emits ? joiner.apply(left, right) : null;
    }
}
