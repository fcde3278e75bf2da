package io.tributary.streams;

import io.tributary.streams.internal.CopartitionedSupplier;
import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.JoinKind;
import io.tributary.streams.internal.dsl.StreamTableJoinProcessor;
import io.tributary.streams.internal.dsl.TableMaterializeProcessor;
import io.tributary.streams.internal.dsl.TableValueGetterSupplier;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.dsl.StatelessOps;
import io.tributary.streams.processor.ProcessorSupplier;
import io.tributary.streams.processor.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * A stream of records, each an independent event. Operations add nodes to the builder and return the stream
 * downstream of them. The stream remembers the serdes it knows and whether its key was changed since it was
 * read, so a grouping repartitions exactly when it must.
 */
public final class KStream<K, V> {

    private final StreamsBuilder builder;
    private final String node;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final boolean keyChanged;

    KStream(StreamsBuilder builder, String node, Serde<K> keySerde, Serde<V> valueSerde, boolean keyChanged) {
        this.builder = builder;
        this.node = node;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.keyChanged = keyChanged;
    }

    public KStream<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        return same("KSTREAM-FILTER", StatelessOps.filter(predicate, true));
    }

    public KStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate) {
        return same("KSTREAM-FILTER", StatelessOps.filter(predicate, false));
    }

    public <KR, VR> KStream<KR, VR> map(
            BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> mapper) {
        return new KStream<>(builder, add("KSTREAM-MAP", StatelessOps.map(mapper)), null, null, true);
    }

    public <VR> KStream<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
        return mapValues((k, v) -> mapper.apply(v));
    }

    public <VR> KStream<K, VR> mapValues(BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return new KStream<>(builder, add("KSTREAM-MAPVALUES", StatelessOps.mapValues(mapper)), keySerde, null,
                keyChanged);
    }

    public <KR, VR> KStream<KR, VR> flatMap(BiFunction<? super K, ? super V,
            ? extends Iterable<? extends KeyValue<? extends KR, ? extends VR>>> mapper) {
        return new KStream<>(builder, add("KSTREAM-FLATMAP", StatelessOps.flatMap(mapper)), null, null, true);
    }

    public <VR> KStream<K, VR> flatMapValues(Function<? super V, ? extends Iterable<? extends VR>> mapper) {
        return flatMapValues((k, v) -> mapper.apply(v));
    }

    public <VR> KStream<K, VR> flatMapValues(BiFunction<? super K, ? super V, ? extends Iterable<? extends VR>> mapper) {
        return new KStream<>(builder, add("KSTREAM-FLATMAPVALUES", StatelessOps.flatMapValues(mapper)), keySerde,
                null, keyChanged);
    }

    public KStream<K, V> peek(BiConsumer<? super K, ? super V> action) {
        return same("KSTREAM-PEEK", StatelessOps.peek(action));
    }

    public <KR> KStream<KR, V> selectKey(BiFunction<? super K, ? super V, ? extends KR> mapper) {
        return new KStream<KR, V>(builder, add("KSTREAM-KEY-SELECT",
                StatelessOps.<K, V, KR, V>map((k, v) -> KeyValue.pair(mapper.apply(k, v), v))), null, valueSerde,
                true);
    }

    /** Records of both streams, in the order they are processed. */
    public KStream<K, V> merge(KStream<K, V> other) {
        String name = builder.newName("KSTREAM-MERGE");
        builder.graph.add(new NodeSpec.Processor(name, List.of(node, other.node), StatelessOps.passThrough(),
                Set.of()));
        return new KStream<>(builder, name, keySerde, valueSerde, keyChanged || other.keyChanged);
    }

    /**
     * One stream per predicate: each record goes to the first branch whose predicate matches, or nowhere.
     */
    @SafeVarargs
    public final List<KStream<K, V>> branch(BiPredicate<? super K, ? super V>... predicates) {
        List<KStream<K, V>> branches = new ArrayList<>();
        KStream<K, V> rest = this;
        for (BiPredicate<? super K, ? super V> predicate : predicates) {
            branches.add(rest.filter(predicate));
            rest = rest.filterNot(predicate);
        }
        return branches;
    }

    public void to(String topic) {
        to(topic, Produced.with(null, null));
    }

    public void to(String topic, Produced<K, V> produced) {
        sink(TopicChooser.fixed(topic), produced);
    }

    /** Writes each record to the topic the function names for it. */
    public void to(BiFunction<? super K, ? super V, String> topicChooser, Produced<K, V> produced) {
        sink(record -> {
            @SuppressWarnings("unchecked")
            Record<K, V> r = (Record<K, V>) record;
            return topicChooser.apply(r.key(), r.value());
        }, produced);
    }

    /** Runs a processor of the low-level API on each record; it may reach the named stores. */
    public <KR, VR> KStream<KR, VR> process(ProcessorSupplier<? super K, ? super V, KR, VR> supplier,
            String... stores) {
        String name = builder.newName("KSTREAM-PROCESSOR");
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), supplier, Set.of(stores)));
        return new KStream<>(builder, name, null, null, true);
    }

    /**
     * Sends the stream through a repartition topic now ({@code <application.id>-<name>-repartition}; the
     * {@code Grouped}'s name, else a generated one), so that records are partitioned by their current key — what
     * Kafka Streams' {@code repartition()} does. The topic gets as many partitions as the sub-topology writing it
     * has tasks. Records with a null key are dropped (they have no partition).
     */
    public KStream<K, V> repartition(Grouped<K, V> repartitioned) {
        Serde<K> keys = repartitioned.keySerde() != null ? repartitioned.keySerde() : keySerde;
        Serde<V> values = repartitioned.valueSerde() != null ? repartitioned.valueSerde() : valueSerde;
        String name = repartitioned.name() != null ? repartitioned.name() : builder.newName("KSTREAM-REPARTITION");
        return new KStream<>(builder, Repartition.through(builder, node, name, keys, values), keys, values, false);
    }

    public KStream<K, V> repartition() {
        return repartition(Grouped.with(null, null));
    }

    public KGroupedStream<K, V> groupByKey() {
        return groupByKey(Grouped.with(null, null));
    }

    public KGroupedStream<K, V> groupByKey(Grouped<K, V> grouped) {
        return new KGroupedStream<>(builder, node, grouped.keySerde() != null ? grouped.keySerde() : keySerde,
                grouped.valueSerde() != null ? grouped.valueSerde() : valueSerde, keyChanged, grouped.name());
    }

    public <KR> KGroupedStream<KR, V> groupBy(BiFunction<? super K, ? super V, ? extends KR> keySelector,
            Grouped<KR, V> grouped) {
        KStream<KR, V> keyed = selectKey(keySelector);
        return keyed.groupByKey(grouped);
    }

    public <KR> KGroupedStream<KR, V> groupBy(BiFunction<? super K, ? super V, ? extends KR> keySelector) {
        return groupBy(keySelector, Grouped.with(null, valueSerde));
    }

    /**
     * Inner stream–table join: each record joined to the table's row for its key as the table is when the record
     * is processed; records whose key has no row are dropped, and table updates emit nothing. If this stream's key
     * was changed it is repartitioned first; the table's topic must be co-partitioned with the stream's.
     */
    public <VT, VR> KStream<K, VR> join(KTable<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR> joiner) {
        return join(table, joiner, Joined.with(null, null, null));
    }

    public <VT, VR> KStream<K, VR> join(KTable<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR> joiner,
            Joined<K, V, VT> joined) {
        return joinTable(table, joiner, joined, JoinKind.INNER);
    }

    /** Left stream–table join: as {@link #join(KTable, BiFunction)}, but a record without a row joins to null. */
    public <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
            BiFunction<? super V, ? super VT, ? extends VR> joiner) {
        return leftJoin(table, joiner, Joined.with(null, null, null));
    }

    public <VT, VR> KStream<K, VR> leftJoin(KTable<K, VT> table,
            BiFunction<? super V, ? super VT, ? extends VR> joiner, Joined<K, V, VT> joined) {
        return joinTable(table, joiner, joined, JoinKind.LEFT);
    }

    /**
     * The stream read as a table: each record upserts its key's row, a null value deletes it. Repartitions first
     * if the key was changed.
     */
    public KTable<K, V> toTable() {
        return toTable(Materialized.as(null));
    }

    public KTable<K, V> toTable(Materialized<K, V> materialized) {
        Materialized<K, V> m = materialized
                .withKeySerde(materialized.keySerde() != null ? materialized.keySerde() : keySerde)
                .withValueSerde(materialized.valueSerde() != null ? materialized.valueSerde() : valueSerde);
        String store = builder.storeName(m, "TOTABLE-STATE-STORE");
        String input = keyChanged ? StreamRepartition.through(builder, node, store, m.keySerde(), m.valueSerde())
                : node;
        builder.addKeyValueStore(store, m);
        String name = builder.newName("KSTREAM-TOTABLE");
        ProcessorSupplier<K, Object, K, Change<V>> supplier = () -> new TableMaterializeProcessor<>(store);
        builder.graph.add(new NodeSpec.Processor(name, List.of(input), supplier, Set.of(store)));
        return new KTable<>(builder, name, store, m.keySerde(), m.valueSerde());
    }

    private <VT, VR> KStream<K, VR> joinTable(KTable<K, VT> table, BiFunction<? super V, ? super VT, ? extends VR>
            joiner, Joined<K, V, VT> joined, JoinKind kind) {
        String name = builder.newName(kind == JoinKind.INNER ? "KSTREAM-JOIN" : "KSTREAM-LEFTJOIN");
        Serde<K> joinKeySerde = joined.keySerde() != null ? joined.keySerde()
                : keySerde != null ? keySerde : table.keySerde();
        String input = keyChanged ? StreamRepartition.through(builder, node,
                joined.name() != null ? joined.name() : name,
                joinKeySerde, joined.valueSerde() != null ? joined.valueSerde() : valueSerde) : node;
        TableValueGetterSupplier<K, VT> getter = table.valueGetter();
        ProcessorSupplier<K, V, K, VR> supplier = () -> new StreamTableJoinProcessor<>(getter.get(), joiner, kind);
        builder.graph.add(new NodeSpec.Processor(name, List.of(input), CopartitionedSupplier.of(supplier),
                getter.storeNames()));
        return new KStream<>(builder, name, keyChanged ? joinKeySerde : keySerde, null, false);
    }

    String node() {
        return node;
    }

    private void sink(TopicChooser topic, Produced<K, V> produced) {
        builder.graph.add(new NodeSpec.Sink(builder.newName("KSTREAM-SINK"), List.of(node), topic, false,
                produced.keySerde() != null ? produced.keySerde() : keySerde,
                produced.valueSerde() != null ? produced.valueSerde() : valueSerde));
    }

    private KStream<K, V> same(String kind, ProcessorSupplier<K, V, K, V> supplier) {
        return new KStream<>(builder, add(kind, supplier), keySerde, valueSerde, keyChanged);
    }

    private String add(String kind, ProcessorSupplier<?, ?, ?, ?> supplier) {
        String name = builder.newName(kind);
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), supplier, Set.of()));
        return name;
    }

    /**
     * Joins each record with every record of {@code other} with the same key whose timestamp is within the join
     * window; each match is emitted at once, stamped with the later timestamp.
     */
    public <VO, VR> KStream<K, VR> join(KStream<K, VO> other, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            JoinWindows windows) {
        return join(other, joiner, windows, StreamJoined.with(null, null, null));
    }

    public <VO, VR> KStream<K, VR> join(KStream<K, VO> other, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            JoinWindows windows, StreamJoined<K, V, VO> joined) {
        return StreamStreamJoin.join(builder, joinSide(), other.joinSide(), joiner, windows, joined,
                io.tributary.streams.internal.dsl.StreamJoinProcessor.Kind.INNER);
    }

    /** As {@link #join}, and a record of this stream that matched nothing is emitted joined with null once its
     * window closed. */
    public <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows) {
        return leftJoin(other, joiner, windows, StreamJoined.with(null, null, null));
    }

    public <VO, VR> KStream<K, VR> leftJoin(KStream<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
            StreamJoined<K, V, VO> joined) {
        return StreamStreamJoin.join(builder, joinSide(), other.joinSide(), joiner, windows, joined,
                io.tributary.streams.internal.dsl.StreamJoinProcessor.Kind.LEFT);
    }

    /** As {@link #leftJoin}, for the records of both streams. */
    public <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows) {
        return outerJoin(other, joiner, windows, StreamJoined.with(null, null, null));
    }

    public <VO, VR> KStream<K, VR> outerJoin(KStream<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, JoinWindows windows,
            StreamJoined<K, V, VO> joined) {
        return StreamStreamJoin.join(builder, joinSide(), other.joinSide(), joiner, windows, joined,
                io.tributary.streams.internal.dsl.StreamJoinProcessor.Kind.OUTER);
    }

    private StreamStreamJoin.Side joinSide() {
        return new StreamStreamJoin.Side(node, keySerde, valueSerde, keyChanged);
    }
}
