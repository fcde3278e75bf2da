package io.tributary.registry.serde;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's Protobuf wire format (byte 0, 4-byte schema id, message indexes, Protobuf bytes). With
 * {@code specific.protobuf.value.type} (or {@code specific.protobuf.key.type}) — a generated message class or its
 * name — the payload is parsed with that class's parser (the schema is not fetched). Otherwise the answer is a
 * {@link DynamicMessage} of the writer's message type: the schema is fetched by id with its references (each
 * fetched once, as {@code ?format=serialized}; a {@code .proto} text answer is linked with Wire here) and built
 * into a descriptor with protobuf-java's own well-known files; descriptors are cached per id.
 */
public class KafkaProtobufDeserializer<T extends Message> implements Deserializer<T> {

    private RegistryClient client;
    private ProtobufSchemas schemas;
    private Parser<? extends Message> specific;
    private final Map<Integer, Map<String, Descriptor>> types = new ConcurrentHashMap<>();

    public KafkaProtobufDeserializer() {
    }

    /** A deserializer sharing {@code client} (and its caches) with others. */
    public KafkaProtobufDeserializer(RegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? "specific.protobuf.key.type" : "specific.protobuf.value.type";
        Object type = configs.get(key);
        if (type != null && !type.toString().isBlank()) {
            specific = parserOf(key, type);
        }
        SerdeConfig config = SerdeConfig.from(configs, isKey);
        if (client == null) {
            client = new RegistryClient(config.urls(), config.basicUserInfo(), config.tls());
        }
        schemas = new ProtobufSchemas(client);
    }

    private static Parser<? extends Message> parserOf(String key, Object type) {
        Class<?> cls;
        try {
            cls = type instanceof Class<?> c ? c : JsonSchemaSerdeConfig.load(type.toString().trim());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, type, "class not found");
        }
        if (!Message.class.isAssignableFrom(cls)) {
            throw new ConfigException(key, type, "not a generated Protobuf message class");
        }
        try {
            Message instance = (Message) cls.getMethod("getDefaultInstance").invoke(null);
            return instance.getParserForType();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ConfigException(key, type, "no getDefaultInstance(): not a generated message class");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (schemas == null) {
            throw new IllegalStateException("KafkaProtobufDeserializer is not configured");
        }
        if (data.length < 6 || data[0] != 0) {
            throw new SerializationException("not Confluent's Protobuf wire format (magic byte 0, a 4-byte schema "
                    + "id, message indexes)" + (data.length > 0 ? ": first byte " + data[0] + ", " + data.length
                    + " bytes" : ": empty"));
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        in.get();
        int id = in.getInt();
        int[] path = ProtobufMessageIndexes.read(in);
        try {
            if (specific != null) {
                return (T) specific.parseFrom(data, in.position(), in.remaining());
            }
            Descriptor type = types.computeIfAbsent(id, i -> new ConcurrentHashMap<>()).computeIfAbsent(
                    Arrays.toString(path), p -> ProtobufMessageIndexes.find(schemas.byId(id), path));
            return (T) DynamicMessage.parseFrom(type, CodedInputStream.newInstance(data, in.position(),
                    in.remaining()));
        } catch (java.io.IOException e) {
            throw new SerializationException("could not read a message with schema id " + id + ": "
                    + e.getMessage(), e);
        }
    }
}
