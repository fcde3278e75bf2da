package io.tributary.streams;

/** The key of a windowed aggregation's table: the record key and the window it was aggregated in. */
public record Windowed<K>(K key, Window window) {

    @Override
    public String toString() {
        return "[" + key + "@" + window.start() + "/" + window.end() + "]";
    }
}
