package io.tributary.connect.converters;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * Passes bytes through unchanged. Configs naming Apache's {@code org.apache.kafka.connect.converters.ByteArrayConverter}
 * get this one (that class lives in Apache's worker, not in connect-api).
 */
public final class ByteArrayConverter implements Converter, HeaderConverter, Versioned {

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
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema != null && schema.type() != Schema.Type.BYTES) {
            throw new DataException("Invalid schema type for ByteArrayConverter: " + schema.type());
        }
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
        throw new DataException("ByteArrayConverter is not compatible with objects of type " + value.getClass());
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, schema, value);
    }

    @Override
    public String version() {
        return ConverterVersion.VALUE;
    }

    @Override
    public void close() {
    }
}
