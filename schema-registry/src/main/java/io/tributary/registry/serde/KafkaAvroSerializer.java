package io.tributary.registry.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.reflect.ReflectData;
import org.apache.avro.reflect.ReflectDatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values in Confluent's wire format — byte 0, the schema's 4-byte id, the Avro binary encoding — for
 * generic and specific records, primitives and (otherwise) reflected Java objects. Configured with Confluent's
 * names ({@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code value.subject.name.strategy}, {@code basic.auth.*}); ids and writers are cached per schema, so a warm
 * serializer makes no HTTP call.
 */
public class KafkaAvroSerializer implements Serializer<Object> {

    private SerdeConfig config;
    private RegistryClient client;
    private boolean isKey;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
    private final EncoderFactory encoders = EncoderFactory.get();

    public KafkaAvroSerializer() {
    }

    /** A serializer sharing {@code client} (and its caches) with others. */
    public KafkaAvroSerializer(RegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = SerdeConfig.from(configs, isKey);
        if (client == null) {
            client = new RegistryClient(config.urls(), config.basicUserInfo(), config.tls());
        }
    }

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        Schema schema = schemaOf(value);
        int id = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(schema, s -> idOf(topic, s));
        Schema writerSchema = config.useLatestVersion() ? client.schema(id) : schema;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(0);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = encoders.directBinaryEncoder(out, null);
            writerFor(writerSchema, value).write(value instanceof byte[] b ? ByteBuffer.wrap(b) : value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not write a " + value.getClass().getName() + " with schema id "
                    + id + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int idOf(String topic, Schema schema) {
        String subject = config.strategy().subject(topic, isKey, schema);
        if (config.useLatestVersion()) {
            return client.latest(subject).id();
        }
        return config.autoRegister() ? client.register(subject, schema, config.normalize())
                : client.lookup(subject, schema, config.normalize());
    }

    private DatumWriter<Object> writerFor(Schema schema, Object value) {
        return writers.computeIfAbsent(schema, s -> {
            if (value instanceof SpecificRecord) {
                return new SpecificDatumWriter<>(s);
            }
            if (value instanceof GenericContainer || isPrimitive(value)) {
                return new GenericDatumWriter<>(s);
            }
            return new ReflectDatumWriter<>(s);
        });
    }

    private static boolean isPrimitive(Object value) {
        return value instanceof CharSequence || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Float || value instanceof Double
                || value instanceof byte[] || value instanceof ByteBuffer;
    }

    static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (value instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (value instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (value instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (value instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (value instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (value instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        return ReflectData.get().getSchema(value.getClass());
    }
}
