package io.tributary.registry.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's wire format (byte 0, 4-byte schema id, Avro binary) with the writer's schema fetched by id
 * (cached): generic records by default, specific ones with {@code specific.avro.reader=true}; a string is returned
 * as a {@code String}.
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {

    private RegistryClient client;
    private boolean specific;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final DecoderFactory decoders = DecoderFactory.get();

    public KafkaAvroDeserializer() {
    }

    public KafkaAvroDeserializer(RegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = SerdeConfig.from(configs, isKey);
        specific = config.specificReader();
        if (client == null) {
            client = new RegistryClient(config.urls(), config.basicUserInfo(), config.tls());
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != 0) {
            throw new SerializationException("not Confluent's Avro wire format (magic byte 0 and a 4-byte schema id)"
                    + (data.length > 0 ? ": first byte " + data[0] : ": empty"));
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        DatumReader<Object> reader = readers.computeIfAbsent(id, i -> {
            Schema schema = client.schema(i);
            return specific ? new SpecificDatumReader<>(schema) : new GenericDatumReader<>(schema);
        });
        try {
            Object value = reader.read(null, decoders.binaryDecoder(data, 5, data.length - 5, null));
            return value instanceof Utf8 utf8 ? utf8.toString() : value;
        } catch (java.io.IOException | RuntimeException e) {
            throw new SerializationException("could not read a record with schema id " + id + ": " + e.getMessage(),
                    e);
        }
    }
}
