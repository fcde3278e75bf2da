package io.tributary.protocol.generator;

/**
 * A closed range of protocol versions as the message specs write it: {@code "3+"}, {@code "0-12"},
 * {@code "7"} or {@code "none"} (the empty range).
 */
public record Versions(short lowest, short highest) {

    static final Versions NONE = new Versions((short) 0, (short) -1);
    static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    static Versions parse(String text, Versions ifAbsent) {
        if (text == null) {
            return ifAbsent;
        }
        String s = text.trim();
        if (s.equals("none")) {
            return NONE;
        }
        if (s.endsWith("+")) {
            return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
        }
        int dash = s.indexOf('-');
        if (dash > 0) {
            return new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
        }
        short v = Short.parseShort(s);
        return new Versions(v, v);
    }

    public boolean isEmpty() {
        return highest < lowest;
    }

    public boolean contains(short version) {
        return version >= lowest && version <= highest;
    }

    /** True if every version of {@code other} is in this range. */
    boolean containsAll(Versions other) {
        return other.isEmpty() || (other.lowest >= lowest && other.highest <= highest);
    }

    Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return hi < lo ? NONE : new Versions(lo, hi);
    }

    /**
     * A Java boolean expression over the variable {@code version} that is true exactly for the versions of
     * this range, assuming the code only ever runs for versions inside {@code scope}.
     */
    String condition(Versions scope) {
        Versions effective = intersect(scope);
        if (effective.isEmpty()) {
            return "false";
        }
        boolean needLow = effective.lowest > scope.lowest;
        boolean needHigh = effective.highest < scope.highest;
        if (needLow && needHigh) {
            return "(version >= " + effective.lowest + " && version <= " + effective.highest + ")";
        } else if (needLow) {
            return "(version >= " + effective.lowest + ")";
        } else if (needHigh) {
            return "(version <= " + effective.highest + ")";
        }
        return "true";
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        return highest == Short.MAX_VALUE ? lowest + "+" : lowest + "-" + highest;
    }
}
