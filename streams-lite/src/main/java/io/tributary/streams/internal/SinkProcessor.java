package io.tributary.streams.internal;

import io.tributary.streams.processor.Processor;
import io.tributary.streams.processor.Record;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes each record and hands it to the task's {@link RecordSink}; topic names are resolved per record. */
final class SinkProcessor implements Processor<Object, Object, Object, Object> {

    private final NodeSpec.Sink spec;
    private final TopologyPlan plan;
    private final Serializer<Object> keySerializer;
    private final Serializer<Object> valueSerializer;
    private final RecordSink sink;
    /** A fixed topic's resolved name, worked out once (null: chosen per record). */
    private final String fixedTopic;

    SinkProcessor(NodeSpec.Sink spec, TopologyPlan plan, Serializer<Object> keySerializer,
            Serializer<Object> valueSerializer, RecordSink sink) {
        this.spec = spec;
        this.plan = plan;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.sink = sink;
        this.fixedTopic = spec.topic() instanceof TopicChooser.Fixed fixed
                ? plan.resolve(fixed.name(), spec.internal()) : null;
    }

    @Override
    public void process(Record<Object, Object> record) {
        String topic = fixedTopic != null ? fixedTopic : plan.resolve(spec.topic().topic(record), spec.internal());
        byte[] key = keySerializer.serialize(topic, record.headers(), record.key());
        byte[] value = valueSerializer.serialize(topic, record.headers(), record.value());
        sink.send(topic, null, key, value, record.timestamp(), record.headers());
    }
}
