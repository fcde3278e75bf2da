package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.connect.data.Schema;

/** Double values as Kafka's {@code DoubleSerializer} writes them (Apache's {@code DoubleConverter}). */
public final class DoubleConverter extends NumberConverter<Double> {

    public DoubleConverter() {
        super(Double.class, Schema.OPTIONAL_FLOAT64_SCHEMA, new DoubleSerializer(), new DoubleDeserializer());
    }
}
