package io.tributary.registry.serde;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import io.tributary.registry.serde.RegistryClient.Ref;
import io.tributary.registry.serde.RegistryClient.SchemaText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Protobuf messages — generated classes or {@code DynamicMessage}s — in Confluent's wire format: byte 0, the
 * schema's 4-byte id, the message indexes ({@code 0} for the file's first message; see
 * {@link ProtobufMessageIndexes}), the message's Protobuf encoding.
 *
 * <p>The schema is the message's file, registered (or looked up) as Confluent's non-Java serializers do: the base64
 * of its {@code FileDescriptorProto}, {@code "schemaType":"PROTOBUF"}, each imported file first registered the same
 * way under the subject its import path names ({@code reference.subject.name.strategy}: Confluent's default; the
 * well-known {@code google/protobuf/*.proto} need no reference) and given as a reference. Configured with
 * Confluent's names: {@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code normalize.schemas}, {@code key|value.subject.name.strategy} (TopicNameStrategy, RecordNameStrategy = the
 * message's full name, TopicRecordNameStrategy), {@code basic.auth.*}. Ids are cached per message type, so a warm
 * serializer makes no HTTP call. Needs protobuf-java on the class path (the application's own).
 */
public class KafkaProtobufSerializer<T extends Message> implements Serializer<T> {

    private SerdeConfig config;
    private RegistryClient client;
    private boolean isKey;
    private final Map<String, Map<Descriptor, Integer>> ids = new ConcurrentHashMap<>();
    private final Map<FileDescriptor, SchemaText> schemas = new ConcurrentHashMap<>();
    private final Map<Descriptor, int[]> indexes = new ConcurrentHashMap<>();

    public KafkaProtobufSerializer() {
    }

    /** A serializer sharing {@code client} (and its caches) with others. */
    public KafkaProtobufSerializer(RegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = SerdeConfig.from(configs, isKey);
        Object refStrategy = configs.get("reference.subject.name.strategy");
        if (refStrategy != null && !refStrategy.toString().isBlank() && !refStrategy.toString().trim()
                .toLowerCase(Locale.ROOT).endsWith("defaultreferencesubjectnamestrategy")) {
            throw new ConfigException("reference.subject.name.strategy", refStrategy,
                    "only DefaultReferenceSubjectNameStrategy (a reference's subject is its import path) is supported");
        }
        if (client == null) {
            client = new RegistryClient(config.urls(), config.basicUserInfo(), config.tls());
        }
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException("KafkaProtobufSerializer is not configured");
        }
        Descriptor type = value.getDescriptorForType();
        int id = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(type,
                d -> idOf(topic, d));
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.getSerializedSize() + 8);
        out.write(0);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        ProtobufMessageIndexes.write(indexes.computeIfAbsent(type, ProtobufMessageIndexes::of), out);
        try {
            value.writeTo(out);
        } catch (IOException e) {
            throw new SerializationException("could not write a " + type.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The subject a message type's schema goes under, by the configured strategy. */
    String subject(String topic, Descriptor type) {
        return switch (config.strategy()) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> type.getFullName();
            case TOPIC_RECORD -> topic + "-" + type.getFullName();
        };
    }

    private int idOf(String topic, Descriptor type) {
        String subject = subject(topic, type);
        if (config.useLatestVersion()) {
            return client.latestText(subject).id();
        }
        SchemaText schema = schemaOf(type.getFile());
        return config.autoRegister() ? client.register(subject, schema, config.normalize())
                : client.lookup(subject, schema, config.normalize());
    }

    /** The schema of {@code file}: its descriptor, with its non-built-in imports registered (or found) first. */
    SchemaText schemaOf(FileDescriptor file) {
        SchemaText cached = schemas.get(file);
        if (cached != null) {
            return cached;
        }
        List<Ref> refs = new ArrayList<>();
        for (FileDescriptor dep : file.getDependencies()) {
            String path = dep.getName();
            if (ProtobufSchemas.builtIn(path)) {
                continue;
            }
            String subject = path;   // Confluent's DefaultReferenceSubjectNameStrategy
            int version;
            if (config.useLatestVersion()) {
                version = client.latestText(subject).version();
            } else {
                SchemaText depSchema = schemaOf(dep);
                if (config.autoRegister()) {
                    client.register(subject, depSchema, config.normalize());
                }
                version = client.lookupVersion(subject, depSchema, config.normalize()).version();
            }
            refs.add(new Ref(path, subject, version));
        }
        SchemaText schema = new SchemaText(ProtobufSchemas.TYPE, ProtobufSchemas.serialized(file), refs);
        schemas.putIfAbsent(file, schema);
        return schema;
    }
}
