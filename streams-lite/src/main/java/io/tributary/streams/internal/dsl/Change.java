package io.tributary.streams.internal.dsl;

/**
 * What a table node forwards to the table nodes below it: the row's new value and the value it replaces (null for
 * an insert on the one side, a deletion on the other). Carrying the old value lets a re-grouping aggregation
 * subtract it and a join retract what it joined before. Never leaves the topology: {@code toStream()} forwards
 * only {@link #newValue}, and repartitioning encodes the two sides as separate records.
 */
public record Change<V>(V newValue, V oldValue) {

    /**
     * The change a table node received. A plain value comes from a table node that does not forward changes (a
     * processor written against plain values); its old value is unknown, taken as null.
     */
    @SuppressWarnings("unchecked")
    public static <V> Change<V> of(Object value) {
        return value instanceof Change<?> change ? (Change<V>) change : new Change<>((V) value, null);
    }

    /** True when neither side holds a row: nothing worth forwarding. */
    public boolean isEmpty() {
        return newValue == null && oldValue == null;
    }
}
