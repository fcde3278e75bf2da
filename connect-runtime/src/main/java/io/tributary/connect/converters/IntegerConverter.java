package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.connect.data.Schema;

/** Integer values as Kafka's {@code IntegerSerializer} writes them (Apache's {@code IntegerConverter}). */
public final class IntegerConverter extends NumberConverter<Integer> {

    public IntegerConverter() {
        super(Integer.class, Schema.OPTIONAL_INT32_SCHEMA, new IntegerSerializer(), new IntegerDeserializer());
    }
}
