package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.ShortDeserializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;

/** Short values as Kafka's {@code ShortSerializer} writes them (Apache's {@code ShortConverter}). */
public final class ShortConverter extends NumberConverter<Short> {

    public ShortConverter() {
        super(Short.class, Schema.OPTIONAL_INT16_SCHEMA, new ShortSerializer(), new ShortDeserializer());
    }
}
