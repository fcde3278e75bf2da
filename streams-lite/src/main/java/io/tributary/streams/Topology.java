package io.tributary.streams;

import io.tributary.streams.internal.NodeSpec;
import io.tributary.streams.internal.StoreSpec;
import io.tributary.streams.internal.TopicChooser;
import io.tributary.streams.internal.state.StoreFactory;
import io.tributary.streams.processor.ProcessorSupplier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable graph of sources, processors, sinks and state stores, made by {@link StreamsBuilder#build()} or,
 * for the low-level processor API, by {@link #builder()}. Run it with {@link StreamsApplication} or
 * {@code io.tributary.streams.test.TopologyTestDriver}.
 */
public final class Topology {

    private final Map<String, NodeSpec> nodes;
    private final Map<String, StoreSpec> stores;

    private Topology(Map<String, NodeSpec> nodes, Map<String, StoreSpec> stores) {
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The nodes in the order they were added (parents before children). */
    public Map<String, NodeSpec> nodes() {
        return nodes;
    }

    public Map<String, StoreSpec> stores() {
        return stores;
    }

    /** One line per node: its kind, name, and what it reads, writes or feeds. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (NodeSpec node : nodes.values()) {
            out.append(describe(node)).append('\n');
        }
        return out.toString();
    }

    private static String describe(NodeSpec node) {
        if (node instanceof NodeSpec.Source s) {
            return "Source: " + s.name() + " (topics: " + (s.pattern() != null ? s.pattern().pattern() : s.topics())
                    + ")";
        }
        if (node instanceof NodeSpec.Processor p) {
            return "Processor: " + p.name() + " (stores: " + p.stores() + ") <- " + p.parents();
        }
        NodeSpec.Sink k = (NodeSpec.Sink) node;
        return "Sink: " + k.name() + " (topic: " + k.topic() + ") <- " + k.parents();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Adds nodes and stores one at a time; names must be unique and parents must exist. */
    public static final class Builder {

        private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        private final Map<String, StoreSpec> stores = new LinkedHashMap<>();

        Builder() {
        }

        public Builder addSource(String name, Serde<?> keySerde, Serde<?> valueSerde, String... topics) {
            if (topics.length == 0) {
                throw new IllegalArgumentException("source " + name + " names no topic");
            }
            return add(new NodeSpec.Source(name, List.of(topics), null, false, keySerde, valueSerde));
        }

        public Builder addSource(String name, Serde<?> keySerde, Serde<?> valueSerde, Pattern pattern) {
            return add(new NodeSpec.Source(name, List.of(), pattern, false, keySerde, valueSerde));
        }

        public <KIn, VIn, KOut, VOut> Builder addProcessor(String name,
                ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, String... parents) {
            return add(new NodeSpec.Processor(name, List.of(parents), supplier, Set.of()));
        }

        public Builder addSink(String name, String topic, Serde<?> keySerde, Serde<?> valueSerde,
                String... parents) {
            return add(new NodeSpec.Sink(name, List.of(parents), TopicChooser.fixed(topic), false, keySerde,
                    valueSerde));
        }

        /** Declares a store and connects it to the named processors. */
        public Builder addStateStore(StoreFactory factory, String... processors) {
            addStore(new StoreSpec(factory.name(), factory, factory.logged(), factory.changelogConfigs()));
            for (String processor : processors) {
                connect(factory.name(), processor);
            }
            return this;
        }

        /** The DSL's entry: any node kind, already built. */
        public Builder add(NodeSpec node) {
            if (nodes.containsKey(node.name())) {
                throw new IllegalArgumentException("a node named " + node.name() + " already exists");
            }
            for (String parent : node.parents()) {
                NodeSpec p = nodes.get(parent);
                if (p == null) {
                    throw new IllegalArgumentException("node " + node.name() + ": no parent named " + parent);
                }
                if (p instanceof NodeSpec.Sink) {
                    throw new IllegalArgumentException("node " + node.name() + ": sink " + parent
                            + " cannot have children");
                }
            }
            if (node instanceof NodeSpec.Processor p) {
                for (String store : p.stores()) {
                    requireStore(store, node.name());
                }
            }
            nodes.put(node.name(), node);
            return this;
        }

        public Builder addStore(StoreSpec store) {
            if (stores.putIfAbsent(store.name(), store) != null) {
                throw new IllegalArgumentException("a store named " + store.name() + " already exists");
            }
            return this;
        }

        /** Lets an existing processor reach an existing store. */
        public Builder connect(String store, String processor) {
            requireStore(store, processor);
            if (!(nodes.get(processor) instanceof NodeSpec.Processor p)) {
                throw new IllegalArgumentException("no processor named " + processor);
            }
            Set<String> connected = new LinkedHashSet<>(p.stores());
            connected.add(store);
            nodes.put(processor, new NodeSpec.Processor(p.name(), p.parents(), p.supplier(), connected));
            return this;
        }

        public boolean hasNode(String name) {
            return nodes.containsKey(name);
        }

        public Topology build() {
            List<String> sinksWithoutParents = new ArrayList<>();
            nodes.values().stream()
                    .filter(n -> !(n instanceof NodeSpec.Source) && n.parents().isEmpty())
                    .forEach(n -> sinksWithoutParents.add(n.name()));
            if (!sinksWithoutParents.isEmpty()) {
                throw new IllegalArgumentException("nodes without parents: " + sinksWithoutParents);
            }
            return new Topology(nodes, stores);
        }

        private void requireStore(String store, String processor) {
            if (!stores.containsKey(store)) {
                throw new IllegalArgumentException("processor " + processor + ": no store named " + store);
            }
        }
    }
}
