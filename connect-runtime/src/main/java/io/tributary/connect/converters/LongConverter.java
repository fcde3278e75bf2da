package io.tributary.connect.converters;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;

/** Long values as Kafka's {@code LongSerializer} writes them (Apache's {@code LongConverter}). */
public final class LongConverter extends NumberConverter<Long> {

    public LongConverter() {
        super(Long.class, Schema.OPTIONAL_INT64_SCHEMA, new LongSerializer(), new LongDeserializer());
    }
}
