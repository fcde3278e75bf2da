package io.tributary.streams;

import io.tributary.streams.internal.CopartitionedSupplier;
import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.JoinKind;
import io.tributary.streams.internal.dsl.TableGroupBySelector;
import io.tributary.streams.internal.dsl.TableMaterializeProcessor;
import io.tributary.streams.internal.dsl.TableOps;
import io.tributary.streams.internal.dsl.TableTableJoinProcessor;
import io.tributary.streams.internal.dsl.TableValueGetterSupplier;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;

/**
 * A changelog stream read as a table: the latest value per key, null meaning deleted. Downstream table nodes see
 * every change with the value it replaced (so a re-grouping can subtract it and a join retract it);
 * {@link #toStream()} shows the new values only. {@link #queryableStoreName()} names the store that holds it, if
 * any; a table without one (a filter, a mapValues, an unmaterialized join) computes its rows from the stores
 * above it when a join needs to look them up.
 */
public final class KTable<K, V> {

    private final StreamsBuilder builder;
    private final String node;
    private final String storeName;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final TableValueGetterSupplier<K, V> valueGetter;
    /** The store-backed copy made for joins when nothing above this table has a store; made once. */
    private KTable<K, V> materializedCopy;

    KTable(StreamsBuilder builder, String node, String storeName, Serde<K> keySerde, Serde<V> valueSerde) {
        this(builder, node, storeName, keySerde, valueSerde,
                storeName == null ? null : TableValueGetterSupplier.ofStore(storeName));
    }

    KTable(StreamsBuilder builder, String node, String storeName, Serde<K> keySerde, Serde<V> valueSerde,
            TableValueGetterSupplier<K, V> valueGetter) {
        this.builder = builder;
        this.node = node;
        this.storeName = storeName;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.valueGetter = valueGetter;
    }

    /** Keeps the rows that match; a row that stops matching is deleted downstream. */
    public KTable<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        return values("KTABLE-FILTER", (k, v) -> predicate.test(k, v) ? v : null, valueSerde);
    }

    /** Keeps the rows that do not match; a row that starts matching is deleted downstream. */
    public KTable<K, V> filterNot(BiPredicate<? super K, ? super V> predicate) {
        return values("KTABLE-FILTER", (k, v) -> predicate.test(k, v) ? null : v, valueSerde);
    }

    /** Maps each row's value; a null result deletes the row downstream. */
    public <VR> KTable<K, VR> mapValues(Function<? super V, ? extends VR> mapper) {
        return values("KTABLE-MAPVALUES", (k, v) -> mapper.apply(v), null);
    }

    public <VR> KTable<K, VR> mapValues(BiFunction<? super K, ? super V, ? extends VR> mapper) {
        return values("KTABLE-MAPVALUES", mapper, null);
    }

    /** Every change of the table as a stream (deletions as null values). */
    public KStream<K, V> toStream() {
        String name = builder.newName("KTABLE-TOSTREAM");
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), TableOps.<K, V>newValues(), Set.of()));
        return new KStream<>(builder, name, keySerde, valueSerde, false);
    }

    public String queryableStoreName() {
        return storeName;
    }

    /**
     * Re-groups the rows by a new key, to aggregate with an adder and a subtractor: when a row changes, its old
     * (key, value) is subtracted from its old group and its new one added to its new group. Always goes through
     * the repartition topic {@code <application.id>-<name>-repartition} (see {@link KGroupedTable}).
     */
    public <KR, VR> KGroupedTable<KR, VR> groupBy(
            BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> selector,
            Grouped<KR, VR> grouped) {
        String name = builder.newName("KTABLE-SELECT");
        ProcessorSupplier<K, Object, KR, VR> supplier = () -> new TableGroupBySelector<>(selector);
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), supplier, Set.of()));
        return new KGroupedTable<>(builder, name, grouped.keySerde(), grouped.valueSerde(), grouped.name());
    }

    public <KR, VR> KGroupedTable<KR, VR> groupBy(
            BiFunction<? super K, ? super V, ? extends KeyValue<? extends KR, ? extends VR>> selector) {
        return groupBy(selector, Grouped.with(null, null));
    }

    /**
     * Inner table–table join on the key: a row exists where both tables have one. An update on either side
     * forwards the joined change; a row that loses its match is deleted. Both tables must be co-partitioned.
     */
    public <VO, VR> KTable<K, VR> join(KTable<K, VO> other, BiFunction<? super V, ? super VO, ? extends VR> joiner) {
        return join(other, joiner, JoinKind.INNER, null);
    }

    public <VO, VR> KTable<K, VR> join(KTable<K, VO> other, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            Materialized<K, VR> materialized) {
        return join(other, joiner, JoinKind.INNER, materialized);
    }

    /** Left table–table join: a row for every row of this table, joined to the other's row or to null. */
    public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner) {
        return join(other, joiner, JoinKind.LEFT, null);
    }

    public <VO, VR> KTable<K, VR> leftJoin(KTable<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized) {
        return join(other, joiner, JoinKind.LEFT, materialized);
    }

    /** Outer table–table join: a row wherever either table has one, the missing side joined as null. */
    public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner) {
        return join(other, joiner, JoinKind.OUTER, null);
    }

    public <VO, VR> KTable<K, VR> outerJoin(KTable<K, VO> other,
            BiFunction<? super V, ? super VO, ? extends VR> joiner, Materialized<K, VR> materialized) {
        return join(other, joiner, JoinKind.OUTER, materialized);
    }

    /**
     * Foreign-key join: each row of this table joins the row of {@code other} whose key its value names
     * ({@code foreignKeyExtractor}; null: no match). Changes on either side update the result, which is kept in a
     * store. The tables need not be co-partitioned: the join goes through two repartition topics (see
     * {@code ForeignKeyJoin}). Rows without a match are left out.
     */
    public <KO, VO, VR> KTable<K, VR> join(KTable<KO, VO> other, Function<? super V, ? extends KO>
            foreignKeyExtractor, BiFunction<? super V, ? super VO, ? extends VR> joiner) {
        return join(other, foreignKeyExtractor, joiner, Materialized.as(null));
    }

    public <KO, VO, VR> KTable<K, VR> join(KTable<KO, VO> other, Function<? super V, ? extends KO>
            foreignKeyExtractor, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            Materialized<K, VR> materialized) {
        return ForeignKeyJoin.build(builder, this, other, foreignKeyExtractor, joiner, JoinKind.INNER, materialized);
    }

    /** Foreign-key left join: as the foreign-key join, but a row without a match joins null. */
    public <KO, VO, VR> KTable<K, VR> leftJoin(KTable<KO, VO> other, Function<? super V, ? extends KO>
            foreignKeyExtractor, BiFunction<? super V, ? super VO, ? extends VR> joiner) {
        return leftJoin(other, foreignKeyExtractor, joiner, Materialized.as(null));
    }

    public <KO, VO, VR> KTable<K, VR> leftJoin(KTable<KO, VO> other, Function<? super V, ? extends KO>
            foreignKeyExtractor, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            Materialized<K, VR> materialized) {
        return ForeignKeyJoin.build(builder, this, other, foreignKeyExtractor, joiner, JoinKind.LEFT, materialized);
    }

    String node() {
        return node;
    }

    Serde<K> keySerde() {
        return keySerde;
    }

    Serde<V> valueSerde() {
        return valueSerde;
    }

    /** How a join looks up this table's rows; materializes the table first if nothing above it has a store. */
    TableValueGetterSupplier<K, V> valueGetter() {
        if (valueGetter != null) {
            return valueGetter;
        }
        if (materializedCopy == null) {
            materializedCopy = materialize();
        }
        return materializedCopy.valueGetter;
    }

    /** This table kept in a new store, for a join that must look up a table with no store above it. */
    private KTable<K, V> materialize() {
        String store = builder.newName("KTABLE-MATERIALIZE-STATE-STORE");
        builder.addKeyValueStore(store, Materialized.<K, V>as(store).withKeySerde(keySerde)
                .withValueSerde(valueSerde));
        String name = builder.newName("KTABLE-MATERIALIZE");
        ProcessorSupplier<K, Object, K, Change<V>> supplier = () -> new TableMaterializeProcessor<>(store);
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), supplier, Set.of(store)));
        return new KTable<>(builder, name, store, keySerde, valueSerde);
    }

    private <VO, VR> KTable<K, VR> join(KTable<K, VO> other, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            JoinKind kind, Materialized<K, VR> materialized) {
        TableValueGetterSupplier<K, V> thisGetter = valueGetter();
        TableValueGetterSupplier<K, VO> otherGetter = other.valueGetter();
        String prefix = switch (kind) {
            case INNER -> "KTABLE-JOIN";
            case LEFT -> "KTABLE-LEFTJOIN";
            case OUTER -> "KTABLE-OUTERJOIN";
        };
        String thisSide = builder.newName(prefix + "THIS");
        ProcessorSupplier<K, Object, K, Change<VR>> thisSupplier = () -> new TableTableJoinProcessor<K, V, VO, VR>(
                otherGetter.get(), joiner, kind, true);
        builder.graph.add(new NodeSpec.Processor(thisSide, List.of(node), CopartitionedSupplier.of(thisSupplier),
                otherGetter.storeNames()));
        String otherSide = builder.newName(prefix + "OTHER");
        ProcessorSupplier<K, Object, K, Change<VR>> otherSupplier = () -> new TableTableJoinProcessor<K, VO, V, VR>(
                thisGetter.get(), joiner, kind, false);
        builder.graph.add(new NodeSpec.Processor(otherSide, List.of(other.node), CopartitionedSupplier.of(
                otherSupplier), thisGetter.storeNames()));
        String merge = builder.newName("KTABLE-MERGE");
        Serde<K> joinedKeySerde = keySerde != null ? keySerde : other.keySerde;
        if (materialized == null) {
            builder.graph.add(new NodeSpec.Processor(merge, List.of(thisSide, otherSide),
                    TableOps.<K, Object, Object>values((k, v) -> v), Set.of()));
            return new KTable<>(builder, merge, null, joinedKeySerde, null,
                    TableValueGetterSupplier.joined(thisGetter, otherGetter, joiner, kind));
        }
        Materialized<K, VR> m = materialized.keySerde() == null ? materialized.withKeySerde(joinedKeySerde)
                : materialized;
        String store = builder.storeName(m, "JOIN-STATE-STORE");
        builder.addKeyValueStore(store, m);
        ProcessorSupplier<K, Object, K, Change<VR>> supplier = () -> new TableMaterializeProcessor<>(store);
        builder.graph.add(new NodeSpec.Processor(merge, List.of(thisSide, otherSide), supplier, Set.of(store)));
        return new KTable<>(builder, merge, store, m.keySerde(), m.valueSerde());
    }

    private <VR> KTable<K, VR> values(String kind, BiFunction<? super K, ? super V, ? extends VR> mapper,
            Serde<VR> serde) {
        String name = builder.newName(kind);
        builder.graph.add(new NodeSpec.Processor(name, List.of(node), TableOps.<K, V, VR>values(mapper), Set.of()));
        return new KTable<>(builder, name, null, keySerde, serde,
                valueGetter == null ? null : TableValueGetterSupplier.mapped(valueGetter, mapper));
    }

    /**
     * Holds back a windowed table's updates: with {@link Suppressed#untilWindowCloses}, each window's final value
     * is emitted once, when the window closes. Must follow the windowed aggregation directly.
     */
    public KTable<K, V> suppress(Suppressed suppressed) {
        return WindowedTables.suppress(builder, node, keySerde, valueSerde, suppressed);
    }
}
