package io.tributary.registry.bench;

import com.sun.net.httpserver.HttpServer;
import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the serializer adds per record over Avro's own encoding, with a warm cache: {@code rawAvroEncode} is the
 * Avro binary encoding of a 10-field record alone; {@code serialize} is {@code KafkaAvroSerializer} (subject,
 * cached id, header, the same encoding); {@code deserialize} reads it back. The registry is a stub HTTP server
 * answering the one registration and schema fetch the warm-up makes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AvroSerializerBench {

    static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":"
            + "\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"customer\",\"type\":\"string\"},"
            + "{\"name\":\"item\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"},{\"name\":\"price\","
            + "\"type\":\"double\"},{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"paid\",\"type\":\"boolean\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"shop\",\"type\":\"int\"},"
            + "{\"name\":\"region\",\"type\":\"string\"}]}");

    private HttpServer stub;
    private KafkaAvroSerializer serializer;
    private KafkaAvroDeserializer deserializer;
    private GenericRecord record;
    private byte[] serialized;
    private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(SCHEMA);
    private BinaryEncoder reused;

    @Setup
    public void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            String body = exchange.getRequestURI().getPath().startsWith("/schemas/ids/")
                    ? "{\"schema\":" + quote(SCHEMA.toString()) + "}" : "{\"id\":7}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        stub.start();
        Map<String, String> config = Map.of("schema.registry.url", "http://127.0.0.1:" + stub.getAddress().getPort());
        serializer = new KafkaAvroSerializer();
        serializer.configure(config, false);
        deserializer = new KafkaAvroDeserializer();
        deserializer.configure(config, false);
        record = new GenericData.Record(SCHEMA);
        record.put("id", 123_456_789L);
        record.put("customer", "customer-4711");
        record.put("item", "blue widget, large");
        record.put("qty", 3);
        record.put("price", 19.99);
        record.put("ts", 1_764_950_000_000L);
        record.put("paid", true);
        record.put("note", null);
        record.put("shop", 42);
        record.put("region", "eu-west");
        serialized = serializer.serialize("orders", record);
        deserializer.deserialize("orders", serialized);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @TearDown
    public void stop() {
        stub.stop(0);
    }

    @Benchmark
    public byte[] rawAvroEncode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, reused);
        reused = encoder;
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize("orders", record);
    }

    @Benchmark
    public Object deserialize() {
        return deserializer.deserialize("orders", serialized);
    }
}
