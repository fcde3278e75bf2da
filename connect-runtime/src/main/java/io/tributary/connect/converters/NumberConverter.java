package io.tributary.connect.converters;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * A primitive value in Kafka's serializer layout (big-endian ints, IEEE floats): the base of the Integer, Long, Short,
 * Float, Double and Boolean converters that configs know by Apache's class names.
 */
public abstract class NumberConverter<T> implements Converter, HeaderConverter, Versioned {

    private final Class<T> javaType;
    private final Schema schema;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;

    protected NumberConverter(Class<T> javaType, Schema schema, Serializer<T> serializer,
                              Deserializer<T> deserializer) {
        this.javaType = javaType;
        this.schema = schema;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public byte[] fromConnectData(String topic, Schema valueSchema, Object value) {
        if (value != null && !javaType.isInstance(value)) {
            throw new DataException(getClass().getSimpleName() + " cannot convert a " + value.getClass().getName()
                    + "; it expects " + javaType.getSimpleName());
        }
        return serializer.serialize(topic, javaType.cast(value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            return new SchemaAndValue(schema, deserializer.deserialize(topic, value));
        } catch (RuntimeException e) {
            throw new DataException("Failed to deserialize " + javaType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema headerSchema, Object value) {
        return fromConnectData(topic, headerSchema, value);
    }

    @Override
    public String version() {
        return ConverterVersion.VALUE;
    }

    @Override
    public void close() {
    }
}
