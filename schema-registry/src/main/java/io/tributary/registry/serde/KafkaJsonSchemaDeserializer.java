package io.tributary.registry.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.serde.RegistryClient.SchemaText;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's JSON Schema wire format (byte 0, the 4-byte schema id, the UTF-8 JSON document), configured as
 * Confluent's {@code io.confluent.kafka.serializers.json.KafkaJsonSchemaDeserializer} is. The writer's schema is
 * fetched by id once. What a record becomes:
 * <ul>
 *   <li>{@code json.value.type}/{@code json.key.type} (a class or its name), or the class given to the
 *       constructor: the JSON mapped into that class by Jackson ({@code java.lang.Object}: maps, lists, strings,
 *       numbers, booleans, as Confluent's default gives);</li>
 *   <li>else the class the schema names in its top-level {@code type.property} keyword ({@code javaType} by
 *       default), as Confluent does;</li>
 *   <li>else a {@link JsonNode}.</li>
 * </ul>
 * With {@code json.fail.invalid.schema=true} the document is validated against the writer's schema first (the
 * validator compiled once per schema) and a violation is a {@link SerializationException}.
 * {@code json.fail.unknown.properties} (default true) is Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES}.
 */
public class KafkaJsonSchemaDeserializer<T> implements Deserializer<T> {

    private RegistryClient client;
    private JsonSchemas schemas;
    private Class<?> type;
    private String typeProperty = "javaType";
    private boolean validate;
    private ObjectMapper mapper = KafkaJsonSchemaSerializer.DEFAULT_MAPPER;
    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();

    public KafkaJsonSchemaDeserializer() {
    }

    /** A deserializer sharing {@code client} (and its caches) with others. */
    public KafkaJsonSchemaDeserializer(RegistryClient client) {
        this.client = client;
    }

    /** A deserializer mapping every record into {@code type} (whatever {@code json.*.type} says). */
    public KafkaJsonSchemaDeserializer(RegistryClient client, Class<T> type) {
        this.client = client;
        this.type = type;
    }

    /** What records written with one schema id become: that schema, and the class they are mapped into. */
    private record Reader(JsonSchemas.Loaded schema, Class<?> target) {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        JsonSchemaSerdeConfig config = JsonSchemaSerdeConfig.from(configs, isKey);
        if (type == null) {
            type = config.type();
        }
        typeProperty = config.typeProperty();
        validate = config.validate();
        mapper = config.mapper();
        if (client == null) {
            client = new RegistryClient(config.common().urls(), config.common().basicUserInfo(),
                    config.common().tls());
        }
        schemas = new JsonSchemas(client);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != 0) {
            throw new SerializationException("not Confluent's JSON Schema wire format (magic byte 0 and a 4-byte "
                    + "schema id)" + (data.length > 0 ? ": first byte " + data[0] + ", " + data.length + " bytes"
                    : ": empty"));
        }
        if (schemas == null) {
            throw new SerializationException("KafkaJsonSchemaDeserializer is not configured: call configure() (a "
                    + "consumer does) with schema.registry.url");
        }
        int id = ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        Reader reader = readers.get(id);
        if (reader == null) {
            reader = readers.computeIfAbsent(id, this::reader);
        }
        try {
            JsonNode tree = null;
            if (validate) {
                tree = mapper.readTree(data, 5, data.length - 5);
                if (tree == null || tree.isMissingNode()) {
                    throw new SerializationException("no JSON document after schema id " + id);
                }
                List<String> errors = reader.schema().errors(tree);
                if (!errors.isEmpty()) {
                    throw new SerializationException("JSON " + JsonSchemas.abbreviate(tree.toString())
                            + " does not match schema " + id + ": " + String.join("; ", errors));
                }
            }
            Class<?> target = reader.target();
            if (target == null || target == JsonNode.class) {
                if (tree == null) {
                    tree = mapper.readTree(data, 5, data.length - 5);
                    if (tree == null || tree.isMissingNode()) {
                        throw new SerializationException("no JSON document after schema id " + id);
                    }
                }
                return (T) tree;
            }
            return (T) (tree != null ? mapper.treeToValue(tree, target)
                    : mapper.readValue(data, 5, data.length - 5, target));
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("could not read the JSON of a record with schema id " + id
                    + (reader.target() == null ? "" : " as " + reader.target().getName()) + ": " + e.getMessage(), e);
        }
    }

    private Reader reader(int id) {
        SchemaText text = client.schemaText(id);
        if (!JsonSchemas.TYPE.equals(text.type())) {
            throw new SerializationException("schema " + id + " is " + text.type() + ", not a JSON schema");
        }
        JsonSchemas.Loaded schema = schemas.load(text);
        Class<?> target = type;
        if (target == null && typeProperty != null && !typeProperty.isEmpty()) {
            String name = schema.stringProperty(typeProperty);
            if (name != null) {
                try {
                    target = JsonSchemaSerdeConfig.load(name);
                } catch (ClassNotFoundException e) {
                    throw new SerializationException("schema " + id + " names class " + name + " (its \""
                            + typeProperty + "\"), which could not be found; set json.value.type or json.key.type "
                            + "to read it otherwise", e);
                }
            }
        }
        return new Reader(schema, target);
    }
}
