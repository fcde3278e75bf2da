package io.tributary.streams;

import io.tributary.streams.internal.CopartitionedSupplier;
import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.dsl.Change;
import io.tributary.streams.internal.dsl.JoinKind;
import io.tributary.streams.internal.dsl.TableMaterializeProcessor;
import io.tributary.streams.internal.dsl.TableValueGetterSupplier;
import io.tributary.streams.internal.dsl.fk.ResponseResolver;
import io.tributary.streams.internal.dsl.fk.RightChangeProcessor;
import io.tributary.streams.internal.dsl.fk.SubscriptionProcessor;
import io.tributary.streams.internal.dsl.fk.SubscriptionSender;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Wires a foreign-key table join ({@link KTable#join(KTable, Function, BiFunction)}). Left rows are keyed by K
 * and name a right row by the foreign key KO their value holds; the two tables need not be co-partitioned.
 *
 * <ol>
 *   <li>Left side: each change of a left row bumps its version (store {@code <name>-VERSION}) and goes to the
 *   topic {@code <name>-subscription-repartition}, keyed by the foreign key: "unsubscribe" from the old foreign
 *   key if it changed, "subscribe" to the new one (headers carry the instruction and the version).</li>
 *   <li>Right side (co-partitioned with the right table): the store {@code <name>-SUBSCRIPTION} keeps, per
 *   foreign key, the subscribed left keys (as bytes) and versions; a subscription is answered with the right row
 *   as it is now, and every change of a right row is answered to all its subscribers, through the topic
 *   {@code <name>-response-repartition}, keyed by the left key's bytes (so it lands on the left row's
 *   partition).</li>
 *   <li>Left side again: an answer for an older version of the left row is dropped; otherwise the current left
 *   row joins the answer's value, and the result is kept in the join's store, which supplies the old values.</li>
 * </ol>
 */
final class ForeignKeyJoin {

    private ForeignKeyJoin() {
    }

    static <K, V, KO, VO, VR> KTable<K, VR> build(StreamsBuilder builder, KTable<K, V> left, KTable<KO, VO> right,
            Function<? super V, ? extends KO> foreignKey, BiFunction<? super V, ? super VO, ? extends VR> joiner,
            JoinKind kind, Materialized<K, VR> materialized) {
        String name = builder.newName(kind == JoinKind.INNER ? "KTABLE-FK-JOIN" : "KTABLE-FK-LEFTJOIN");
        String versionStore = name + "-VERSION";
        String subscriptionStore = name + "-SUBSCRIPTION";
        builder.addKeyValueStore(versionStore, Materialized.<K, Long>with(left.keySerde(), Serdes.Long()));
        builder.addKeyValueStore(subscriptionStore,
                Materialized.<KO, byte[]>with(right.keySerde(), Serdes.ByteArray()));
        TableValueGetterSupplier<K, V> leftGetter = left.valueGetter();
        TableValueGetterSupplier<KO, VO> rightGetter = right.valueGetter();

        // Names first: the sender forwards to the subscription sink and to the resolver by name.
        String sender = name + "-SUBSCRIBE";
        String subscriptionSink = name + "-SUBSCRIPTION-SINK";
        String resolver = name + "-RESOLVE";
        String subscriptionTopic = name + "-subscription-repartition";
        String responseTopic = name + "-response-repartition";

        ProcessorSupplier<K, Object, Object, Object> senderSupplier = () -> new SubscriptionSender<K, V, KO>(
                foreignKey, versionStore, subscriptionSink, resolver);
        builder.graph.add(new NodeSpec.Processor(sender, List.of(left.node()), senderSupplier, Set.of(versionStore)));
        builder.graph.add(new NodeSpec.Sink(subscriptionSink, List.of(sender), TopicChooser.fixed(subscriptionTopic),
                true, right.keySerde(), left.keySerde()));

        String subscriptionSource = name + "-SUBSCRIPTION-SOURCE";
        builder.graph.add(new NodeSpec.Source(subscriptionSource, List.of(subscriptionTopic), null, true,
                right.keySerde(), Serdes.ByteArray()));
        Set<String> subscriptionStores = new LinkedHashSet<>(rightGetter.storeNames());
        subscriptionStores.add(subscriptionStore);
        String subscriptionProcessor = name + "-SUBSCRIPTION-PROCESSOR";
        ProcessorSupplier<KO, byte[], byte[], VO> subscriptionSupplier = () -> new SubscriptionProcessor<>(
                subscriptionStore, rightGetter.get());
        builder.graph.add(new NodeSpec.Processor(subscriptionProcessor, List.of(subscriptionSource),
                CopartitionedSupplier.of(subscriptionSupplier), subscriptionStores));
        String rightChanges = name + "-RIGHT-CHANGES";
        ProcessorSupplier<KO, Object, byte[], VO> rightSupplier = () -> new RightChangeProcessor<>(subscriptionStore);
        builder.graph.add(new NodeSpec.Processor(rightChanges, List.of(right.node()), rightSupplier,
                Set.of(subscriptionStore)));
        builder.graph.add(new NodeSpec.Sink(name + "-RESPONSE-SINK", List.of(subscriptionProcessor, rightChanges),
                TopicChooser.fixed(responseTopic), true, Serdes.ByteArray(), right.valueSerde()));

        String responseSource = name + "-RESPONSE-SOURCE";
        builder.graph.add(new NodeSpec.Source(responseSource, List.of(responseTopic), null, true, left.keySerde(),
                right.valueSerde()));
        Set<String> resolverStores = new LinkedHashSet<>(leftGetter.storeNames());
        resolverStores.add(versionStore);
        ProcessorSupplier<K, VO, K, Change<VR>> resolverSupplier = () -> new ResponseResolver<>(versionStore,
                leftGetter.get(), joiner, kind);
        builder.graph.add(new NodeSpec.Processor(resolver, List.of(responseSource, sender),
                CopartitionedSupplier.of(resolverSupplier), resolverStores));

        Materialized<K, VR> m = materialized.keySerde() == null ? materialized.withKeySerde(left.keySerde())
                : materialized;
        String store = m.storeName() != null ? m.storeName() : name + "-OUTPUT-STATE-STORE";
        builder.addKeyValueStore(store, m);
        String output = name + "-OUTPUT";
        ProcessorSupplier<K, Object, K, Change<VR>> outputSupplier = () -> new TableMaterializeProcessor<>(store);
        builder.graph.add(new NodeSpec.Processor(output, List.of(resolver), outputSupplier, Set.of(store)));
        return new KTable<>(builder, output, store, m.keySerde(), m.valueSerde());
    }
}
