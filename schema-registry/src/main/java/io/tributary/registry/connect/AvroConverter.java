package io.tributary.registry.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.registry.serde.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * A Kafka Connect converter between Connect data and Avro in Confluent's wire format (byte 0, the schema's 4-byte
 * registry id, Avro binary), configured like Confluent's {@code io.confluent.connect.avro.AvroConverter}:
 *
 * <pre>
 * value.converter=io.tributary.registry.connect.AvroConverter
 * value.converter.schema.registry.url=http://localhost:8081
 * </pre>
 *
 * <p>Writing, a Connect schema is translated to Avro once ({@link ConnectAvroData}; {@code schemas.cache.config}
 * translations are kept, least recently used dropped) and registered once per subject ({@code <topic>-key|value}
 * by default); later records only convert and encode their values. Reading, the writer's schema is fetched by id
 * once and its Connect translation kept per id. Thread-safe.
 */
public class AvroConverter implements Converter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroConverterConfig config;
    private RegistryClient client;
    private ConnectAvroData avroData;
    private boolean isKey;
    private final GenericData data = new GenericData();
    private final EncoderFactory encoders = EncoderFactory.get();
    private final DecoderFactory decoders = DecoderFactory.get();
    private Map<Schema, Outbound> outbound;
    private volatile Outbound lastOutbound;
    private final Map<Integer, Inbound> inbound = new ConcurrentHashMap<>();
    private HttpClient http;

    public AvroConverter() {
    }

    /** A converter sharing {@code client} (and its caches) with others. */
    public AvroConverter(RegistryClient client) {
        this.client = client;
    }

    @Override
    public ConfigDef config() {
        return AvroConverterConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = AvroConverterConfig.from(configs, isKey);
        this.avroData = new ConnectAvroData(config.mapping());
        if (client == null) {
            client = new RegistryClient(config.urls(), config.basicUserInfo(), config.tls());
        }
        int capacity = config.cacheSize();
        outbound = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Schema, Outbound> eldest) {
                return size() > capacity;
            }
        });
        lastOutbound = null;
        inbound.clear();
    }

    /** The translation in use for a Connect schema (for tests and tools). */
    public org.apache.avro.Schema avroSchema(Schema schema) {
        return outboundFor(schema).avro;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connect -> bytes

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (config == null) {
            throw new IllegalStateException("AvroConverter is not configured");
        }
        if (value == null) {
            return null;   // a tombstone stays one
        }
        Outbound out = outboundFor(schema);
        try {
            // Struct.put validated the fields when the struct was built; Avro's writer checks what is missing
            if (value instanceof Struct struct) {
                if (struct.schema() != schema && !struct.schema().equals(schema)) {
                    throw new DataException("the struct's schema is not the record's schema " + schema);
                }
            } else {
                ConnectSchema.validateValue(schema, value);
            }
        } catch (DataException e) {
            throw new DataException("the value for topic " + topic + " does not match its Connect schema: "
                    + e.getMessage(), e);
        }
        Target target = out.target(topic);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(out.sizeHint);
        int id = target.id;
        bytes.write(0);
        bytes.write(id >>> 24);
        bytes.write(id >>> 16);
        bytes.write(id >>> 8);
        bytes.write(id);
        try {
            Object datum = target.plan.apply(value);
            BinaryEncoder encoder = encoders.directBinaryEncoder(bytes, null);
            target.writer.write(datum, encoder);
            encoder.flush();
            if (bytes.size() > out.sizeHint) {
                out.sizeHint = bytes.size() + bytes.size() / 4;   // the next record's buffer, grown once
            }
        } catch (IOException | RuntimeException e) {
            throw new DataException("could not write Avro for topic " + topic + " with schema id " + id + ": "
                    + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private Outbound outboundFor(Schema schema) {
        Outbound last = lastOutbound;
        if (last != null && last.connect == schema) {
            return last;
        }
        if (schema == null) {
            throw new DataException("a value without a Connect schema cannot be written as Avro (schemaless data is "
                    + "not supported: use a converter with schemas, or add them with a transform)");
        }
        Outbound out = outbound.get(schema);
        if (out == null) {
            org.apache.avro.Schema avro = avroData.fromConnectSchema(schema);
            out = new Outbound(schema, avro, avroData.toAvro(schema, avro));
            outbound.put(schema, out);
        }
        lastOutbound = out;
        return out;
    }

    /** A Connect schema's translation, and per topic where its records go. */
    private final class Outbound {
        final Schema connect;
        final org.apache.avro.Schema avro;
        final ConnectAvroData.ToAvro plan;
        final DatumWriter<Object> writer;
        final Map<String, Target> targets = new ConcurrentHashMap<>();
        volatile int sizeHint = 64;

        Outbound(Schema connect, org.apache.avro.Schema avro, ConnectAvroData.ToAvro plan) {
            this.connect = connect;
            this.avro = avro;
            this.plan = plan;
            this.writer = new GenericDatumWriter<>(avro, data);
        }

        Target target(String topic) {
            Target t = targets.get(topic);
            if (t == null) {
                t = targets.computeIfAbsent(topic, this::resolve);
            }
            return t;
        }

        private Target resolve(String topic) {
            String subject = config.strategy().subject(topic, isKey, avro);
            try {
                if (config.useLatestVersion()) {
                    RegistryClient.Latest latest = client.latest(subject);
                    if (config.latestCompatibilityStrict()) {
                        SchemaCompatibility.SchemaPairCompatibility check =
                                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), avro);
                        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                            throw new DataException("the latest schema of " + subject + " (id " + latest.id()
                                    + ") cannot read data of the record's schema (" + check.getDescription()
                                    + "); latest.compatibility.strict=false skips this check");
                        }
                    }
                    return new Target(latest.id(), avroData.toAvro(connect, latest.schema()),
                            new GenericDatumWriter<>(latest.schema(), data));
                }
                int id = config.autoRegister() ? client.register(subject, avro, config.normalize())
                        : client.lookup(subject, avro, config.normalize());
                return new Target(id, plan, writer);
            } catch (DataException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new DataException("could not " + (config.autoRegister() && !config.useLatestVersion()
                        ? "register" : "look up") + " the Avro schema of topic " + topic + " in subject " + subject
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private record Target(int id, ConnectAvroData.ToAvro plan, DatumWriter<Object> writer) {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // bytes -> Connect

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (config == null) {
            throw new IllegalStateException("AvroConverter is not configured");
        }
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (value.length < 5 || value[0] != 0) {
            throw new DataException("the data of topic " + topic + " is not in Confluent's Avro wire format (magic "
                    + "byte 0 and a 4-byte schema id)" + (value.length > 0 ? ": first byte " + value[0] : ": empty"));
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Inbound in = inbound.get(id);
        if (in == null) {
            in = inbound.computeIfAbsent(id, this::fetch);
        }
        Object datum;
        try {
            datum = in.reader.read(null, decoders.binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException | RuntimeException e) {
            throw new DataException("could not read Avro of topic " + topic + " with schema id " + id + ": "
                    + e.getMessage(), e);
        }
        ConnectAvroData.ConnectView view = in.view(topic);
        try {
            return new SchemaAndValue(view.schema(), view.reader().apply(datum));
        } catch (RuntimeException e) {
            throw new DataException("could not convert Avro of topic " + topic + " with schema id " + id
                    + " to Connect data: " + e.getMessage(), e);
        }
    }

    private Inbound fetch(int id) {
        org.apache.avro.Schema writer;
        try {
            writer = client.schema(id);
        } catch (RuntimeException e) {
            throw new DataException("could not fetch the Avro schema with id " + id + ": " + e.getMessage(), e);
        }
        return new Inbound(id, writer);
    }

    /** A writer schema's reader and Connect view (per topic: the registry version can differ by subject). */
    private final class Inbound {
        final int id;
        final org.apache.avro.Schema avro;
        final DatumReader<Object> reader;
        final boolean wantsVersion;
        final ConnectAvroData.ConnectView unversioned;
        final Map<String, ConnectAvroData.ConnectView> views = new ConcurrentHashMap<>();

        Inbound(int id, org.apache.avro.Schema avro) {
            this.id = id;
            this.avro = avro;
            this.reader = new GenericDatumReader<>(avro, avro, data);
            org.apache.avro.Schema top = avro;
            if (top.getType() == org.apache.avro.Schema.Type.UNION && top.getTypes().size() == 2) {
                top = top.getTypes().get(top.getTypes().get(0).getType() == org.apache.avro.Schema.Type.NULL ? 1 : 0);
            }
            wantsVersion = top.getType() == org.apache.avro.Schema.Type.RECORD
                    && top.getObjectProp(ConnectAvroData.CONNECT_VERSION) == null;
            unversioned = wantsVersion ? null : avroData.toConnect(avro, null);
        }

        ConnectAvroData.ConnectView view(String topic) {
            if (!wantsVersion) {
                return unversioned;
            }
            ConnectAvroData.ConnectView v = views.get(topic);
            if (v == null) {
                v = views.computeIfAbsent(topic, t -> avroData.toConnect(avro, registryVersion(id,
                        subjectOf(t))));
            }
            return v;
        }

        private String subjectOf(String topic) {
            try {
                return config.strategy().subject(topic, isKey, avro);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * The version {@code id} has in {@code subject} ({@code GET /schemas/ids/{id}/versions}), given to the Connect
     * schema as Confluent's converter does (sinks that compare schema versions need it); null when the registry
     * does not say.
     */
    private Integer registryVersion(int id, String subject) {
        if (subject == null) {
            return null;
        }
        HttpClient http = httpClient();
        for (String url : config.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "")
                    + "/schemas/ids/" + id + "/versions")).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/vnd.schemaregistry.v1+json");
            if (config.basicUserInfo() != null && !config.basicUserInfo().isEmpty()) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        config.basicUserInfo().getBytes(StandardCharsets.UTF_8)));
            }
            try {
                HttpResponse<String> r = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return null;
                }
                for (JsonNode entry : JSON.readTree(r.body())) {
                    if (subject.equals(entry.path("subject").asText(null)) && entry.path("version").isInt()) {
                        return entry.path("version").asInt();
                    }
                }
                return null;
            } catch (IOException e) {
                // unreachable: the next URL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
            http = (config.tls() == null ? builder : builder.sslContext(config.tls())).build();
        }
        return http;
    }

    @Override
    public void close() {
    }
}
