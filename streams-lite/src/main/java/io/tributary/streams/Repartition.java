package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.dsl.StatelessOps;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * Sends a stream through the repartition topic {@code <application.id>-<name>-repartition} (dropping null keys,
 * which have no partition), so every record of one key reaches the same task. The same steps as
 * {@link KGroupedStream}'s, usable by any operation.
 */
final class Repartition {

    private Repartition() {
    }

    /** Adds filter, sink and source; returns the source's name. */
    static <K, V> String through(StreamsBuilder builder, String node, String name, Serde<K> keySerde,
            Serde<V> valueSerde) {
        String topic = name + "-repartition";
        String dropNullKeys = builder.newName("KSTREAM-FILTER");
        builder.graph.add(new NodeSpec.Processor(dropNullKeys, List.of(node),
                StatelessOps.<K, V>filter((k, v) -> k != null, true), Set.of()));
        builder.graph.add(new NodeSpec.Sink(builder.newName("KSTREAM-SINK"), List.of(dropNullKeys),
                TopicChooser.fixed(topic), true, keySerde, valueSerde));
        String source = builder.newName("KSTREAM-SOURCE");
        builder.graph.add(new NodeSpec.Source(source, List.of(topic), null, true, keySerde, valueSerde));
        return source;
    }
}
