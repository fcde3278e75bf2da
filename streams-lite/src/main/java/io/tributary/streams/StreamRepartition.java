package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.dsl.StatelessOps;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * Sends a stream through a repartition topic, {@code <application.id>-<name>-repartition}, so that records are
 * partitioned by their current key before a join or a table reads them. Records with a null key have no
 * partition to go to and are dropped first.
 */
final class StreamRepartition {

    private StreamRepartition() {
    }

    /** Adds the filter, the sink and the source; returns the source's name. */
    static <K, V> String through(StreamsBuilder builder, String node, String name, Serde<K> keySerde,
            Serde<V> valueSerde) {
        String dropNullKeys = builder.newName("KSTREAM-FILTER");
        builder.graph.add(new NodeSpec.Processor(dropNullKeys, List.of(node),
                StatelessOps.<K, V>filter((k, v) -> k != null, true), Set.of()));
        String topic = name + "-repartition";
        builder.graph.add(new NodeSpec.Sink(builder.newName("KSTREAM-SINK"), List.of(dropNullKeys),
                TopicChooser.fixed(topic), true, keySerde, valueSerde));
        String source = builder.newName("KSTREAM-SOURCE");
        builder.graph.add(new NodeSpec.Source(source, List.of(topic), null, true, keySerde, valueSerde));
        return source;
    }
}
