package io.tributary.streams.internal;

import io.tributary.streams.processor.ProcessorSupplier;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * A node of a topology as written down, before any task runs it. Topic names marked internal are suffixes that
 * the application id prefixes at run time ({@code <application.id>-<suffix>}), as Kafka Streams names its
 * repartition topics. Serdes may be null: the application's default serdes stand in.
 */
public sealed interface NodeSpec {

    String name();

    List<String> parents();

    /** Reads topics (or every topic a pattern matches) and deserializes their records. */
    record Source(String name, List<String> topics, Pattern pattern, boolean internal, Serde<?> keySerde,
            Serde<?> valueSerde) implements NodeSpec {
        @Override
        public List<String> parents() {
            return List.of();
        }
    }

    /** Runs a processor; {@code stores} are the state stores it may reach. */
    record Processor(String name, List<String> parents, ProcessorSupplier<?, ?, ?, ?> supplier, Set<String> stores)
            implements NodeSpec {
    }

    /** Serializes and writes to a topic, fixed or chosen per record. */
    record Sink(String name, List<String> parents, TopicChooser topic, boolean internal, Serde<?> keySerde,
            Serde<?> valueSerde) implements NodeSpec {
    }
}
