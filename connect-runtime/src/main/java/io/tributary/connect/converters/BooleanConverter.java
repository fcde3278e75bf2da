package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.BooleanDeserializer;
import org.apache.kafka.common.serialization.BooleanSerializer;
import org.apache.kafka.connect.data.Schema;

/** Boolean values as Kafka's {@code BooleanSerializer} writes them (Apache's {@code BooleanConverter}). */
public final class BooleanConverter extends NumberConverter<Boolean> {

    public BooleanConverter() {
        super(Boolean.class, Schema.OPTIONAL_BOOLEAN_SCHEMA, new BooleanSerializer(), new BooleanDeserializer());
    }
}
