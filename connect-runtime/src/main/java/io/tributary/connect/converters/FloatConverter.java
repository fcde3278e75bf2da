package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.FloatDeserializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.connect.data.Schema;

/** Float values as Kafka's {@code FloatSerializer} writes them (Apache's {@code FloatConverter}). */
public final class FloatConverter extends NumberConverter<Float> {

    public FloatConverter() {
        super(Float.class, Schema.OPTIONAL_FLOAT32_SCHEMA, new FloatSerializer(), new FloatDeserializer());
    }
}
