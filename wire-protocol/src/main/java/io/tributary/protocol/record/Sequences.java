package io.tributary.protocol.record;

/**
 * Producer sequence arithmetic: sequences are non-negative ints that wrap from
 * {@link Integer#MAX_VALUE} to 0, and -1 means "no sequence".
 */
final class Sequences {

    static final int NO_SEQUENCE = -1;

    private Sequences() {
    }

    /** Returns {@code base + delta} wrapped into [0, Integer.MAX_VALUE], or -1 if base is negative (none). */
    static int add(int base, int delta) {
        if (base < 0) {
            return NO_SEQUENCE;
        }
        long sum = (long) base + delta;
        return (int) (sum > Integer.MAX_VALUE ? sum - Integer.MAX_VALUE - 1 : sum);
    }
}
