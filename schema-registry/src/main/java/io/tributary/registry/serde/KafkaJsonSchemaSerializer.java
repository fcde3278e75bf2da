package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.serde.RegistryClient.Ref;
import io.tributary.registry.serde.RegistryClient.SchemaText;
import io.tributary.registry.serde.RegistryClient.Versioned;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes values as JSON in Confluent's wire format — byte 0, the schema's 4-byte id (big-endian), the UTF-8 JSON
 * document written by Jackson — registering or looking up a JSON Schema ({@code "schemaType":"JSON"}) the way
 * Confluent's {@code io.confluent.kafka.serializers.json.KafkaJsonSchemaSerializer} is configured.
 *
 * <p>The schema a value is written with, first found of:
 * <ol>
 *   <li>{@code use.schema.id=N}: the schema with that id;</li>
 *   <li>{@code use.latest.version=true}: the subject's latest version (with {@code latest.compatibility.strict},
 *       the default, it must be able to read what the value's own schema below — if there is one — writes);</li>
 *   <li>the value's own schema: a {@link JsonSchemaEnvelope} (or Confluent's envelope {@code ObjectNode},
 *       {@code {"schema": ..., "payload": ...}}) brings it; else the class's {@link JsonSchemaDefinition} (or
 *       Confluent's {@code @Schema}) annotation; else the {@code json.value.schema}/{@code json.key.schema} (or
 *       {@code json.schema}) setting — registered under the subject with {@code auto.register.schemas} (the
 *       default), else looked up there.</li>
 * </ol>
 * Without any of them the send fails with a {@link SerializationException} saying so: no schema is derived from a
 * Java class. With {@code json.fail.invalid.schema=true} a value the schema refuses is not written
 * ({@link SerializationException} naming the violations). Ids and compiled validators are cached, so a warm
 * serializer makes no HTTP call.
 */
public class KafkaJsonSchemaSerializer<T> implements Serializer<T> {

    /** Jackson as the serdes use it unconfigured (modules on the class path registered). */
    static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper().findAndRegisterModules();

    private static final String CONFLUENT_ANNOTATION = "io.confluent.kafka.schemaregistry.annotations.Schema";
    private static final ClassValue<Optional<SchemaText>> ANNOTATED = new ClassValue<>() {
        @Override
        protected Optional<SchemaText> computeValue(Class<?> type) {
            return Optional.ofNullable(annotated(type));
        }
    };
    /** The key of the schema-less target (use.schema.id, use.latest.version without a schema of the value's). */
    private static final SchemaText NONE = new SchemaText("NONE", "", List.of());

    private JsonSchemaSerdeConfig config;
    private RegistryClient client;
    private JsonSchemas schemas;
    private boolean isKey;
    private SchemaText configured;
    private ObjectMapper mapper = DEFAULT_MAPPER;
    /** topic → the value's own schema (or {@link #NONE}) → where it is written. */
    private final Map<String, Map<SchemaText, Target>> targets = new ConcurrentHashMap<>();

    public KafkaJsonSchemaSerializer() {
    }

    /** A serializer sharing {@code client} (and its caches) with others. */
    public KafkaJsonSchemaSerializer(RegistryClient client) {
        this.client = client;
    }

    /** The schema id records are written with, and that schema (resolved and compiled only when validating). */
    private final class Target {
        final int id;
        final SchemaText schema;
        private volatile JsonSchemas.Loaded loaded;

        Target(int id, SchemaText schema) {
            this.id = id;
            this.schema = schema;
        }

        JsonSchemas.Loaded loaded() {
            JsonSchemas.Loaded l = loaded;
            if (l == null) {
                l = schemas.load(schema != null ? schema : client.schemaText(id));
                loaded = l;
            }
            return l;
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = JsonSchemaSerdeConfig.from(configs, isKey);
        this.mapper = config.mapper();
        this.configured = config.schema() == null ? null : new SchemaText(JsonSchemas.TYPE, config.schema(),
                List.of());
        if (client == null) {
            client = new RegistryClient(config.common().urls(), config.common().basicUserInfo(),
                    config.common().tls());
        }
        schemas = new JsonSchemas(client);
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        if (config == null) {
            throw new SerializationException("KafkaJsonSchemaSerializer is not configured: call configure() (a "
                    + "producer does) with schema.registry.url");
        }
        JsonSchemaEnvelope envelope = JsonSchemaEnvelope.from(value);
        Object payload = envelope != null ? envelope.payload() : value;
        SchemaText own = envelope != null ? new SchemaText(JsonSchemas.TYPE, envelope.schema(),
                envelope.references()) : ANNOTATED.get(value.getClass()).orElse(configured);
        Map<SchemaText, Target> byTopic = targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        SchemaText key = own == null ? NONE : own;
        Target target = byTopic.get(key);
        if (target == null) {
            target = byTopic.computeIfAbsent(key, k -> target(topic, own, value.getClass()));
        }
        try {
            Object written = payload;
            if (config.validate()) {
                JsonNode tree = payload instanceof JsonNode node ? node : mapper.valueToTree(payload);
                List<String> errors = target.loaded().errors(tree);
                if (!errors.isEmpty()) {
                    throw new SerializationException("JSON " + JsonSchemas.abbreviate(tree.toString())
                            + " does not match schema " + target.id + ": " + String.join("; ", errors));
                }
                written = tree;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            int id = target.id;
            out.write(0);
            out.write(id >>> 24);
            out.write(id >>> 16);
            out.write(id >>> 8);
            out.write(id);
            mapper.writeValue(out, written);
            return out.toByteArray();
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("could not write a " + payload.getClass().getName() + " as JSON with "
                    + "schema id " + target.id + ": " + e.getMessage(), e);
        }
    }

    private Target target(String topic, SchemaText own, Class<?> valueClass) {
        if (config.useSchemaId() >= 0) {
            return new Target(config.useSchemaId(), null);
        }
        SerdeConfig common = config.common();
        if (common.useLatestVersion()) {
            String subject = subject(topic, own);
            Versioned latest = client.latestText(subject);
            if (!JsonSchemas.TYPE.equals(latest.schema().type())) {
                throw new SerializationException("the latest version of subject " + subject + " (id " + latest.id()
                        + ") is " + latest.schema().type() + ", not a JSON schema");
            }
            if (own != null && config.latestCompatibilityStrict()) {
                List<String> problems = schemas.incompatibilities(latest.schema(), own);
                if (!problems.isEmpty()) {
                    throw new SerializationException("the latest version of subject " + subject + " (version "
                            + latest.version() + ", id " + latest.id() + ") cannot read what the value's schema "
                            + "writes (latest.compatibility.strict=true): " + problems);
                }
            }
            return new Target(latest.id(), latest.schema());
        }
        if (own == null) {
            throw new SerializationException("no JSON schema to write a " + valueClass.getName() + " with: set "
                    + "use.latest.version=true (the subject's latest schema), json." + (isKey ? "key" : "value")
                    + ".schema (a schema text), annotate the class with @" + JsonSchemaDefinition.class.getName()
                    + ", or send a " + JsonSchemaEnvelope.class.getName() + " (schema + payload); no schema is "
                    + "derived from a Java class");
        }
        String subject = subject(topic, own);
        int id = common.autoRegister() ? client.register(subject, own, common.normalize())
                : client.lookup(subject, own, common.normalize());
        return new Target(id, own);
    }

    private String subject(String topic, SchemaText own) {
        SubjectNameStrategy strategy = config.common().strategy();
        if (strategy == SubjectNameStrategy.TOPIC) {
            return topic + (isKey ? "-key" : "-value");
        }
        String title = own == null ? null : schemas.load(own).title();
        if (title == null) {
            throw new SerializationException(strategy + " subject name strategy: the record name of a JSON schema "
                    + "is its \"title\", and " + (own == null ? "there is no schema of the value's to take it from"
                    : "the schema has none"));
        }
        return strategy == SubjectNameStrategy.RECORD ? title : topic + "-" + title;
    }

    /** The schema a class's annotation gives, ours or Confluent's; null without one. */
    static SchemaText annotated(Class<?> type) {
        JsonSchemaDefinition ours = type.getAnnotation(JsonSchemaDefinition.class);
        if (ours != null) {
            List<Ref> refs = new ArrayList<>();
            for (JsonSchemaDefinition.Ref r : ours.refs()) {
                refs.add(new Ref(r.name(), r.subject(), r.version()));
            }
            return new SchemaText(JsonSchemas.TYPE, ours.value(), refs);
        }
        for (Annotation a : type.getAnnotations()) {
            if (a.annotationType().getName().equals(CONFLUENT_ANNOTATION)) {
                try {
                    String value = (String) invoke(a, "value");
                    List<Ref> refs = new ArrayList<>();
                    for (Object r : (Object[]) invoke(a, "refs")) {
                        refs.add(new Ref((String) invoke(r, "name"), (String) invoke(r, "subject"),
                                (Integer) invoke(r, "version")));
                    }
                    return new SchemaText(JsonSchemas.TYPE, value, refs);
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new SerializationException("cannot read the @Schema annotation of " + type.getName() + ": "
                            + e, e);
                }
            }
        }
        return null;
    }

    private static Object invoke(Object annotation, String method) throws ReflectiveOperationException {
        Method m = ((Annotation) annotation).annotationType().getMethod(method);
        m.setAccessible(true);
        return m.invoke(annotation);
    }
}
