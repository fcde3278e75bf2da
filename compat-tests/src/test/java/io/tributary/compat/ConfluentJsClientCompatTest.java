package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.registry.serde.KafkaAvroDeserializer;
import io.tributary.registry.serde.KafkaAvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confluent's own JavaScript schema registry client (npm {@code @confluentinc/schemaregistry} 1.10.1, driven by
 * {@code src/test/js/registry-client.js} under Node.js) against the registry bundled in {@code tributary start}: it
 * registers and evolves a schema and serializes records that Tributary's {@code KafkaAvroDeserializer} (and Avro
 * itself) reads back, and deserializes records Tributary's {@code KafkaAvroSerializer} wrote. Without node and npm the test fails and says how to get them; it never skips.
 */
class ConfluentJsClientCompatTest {

    static final Path JS_SOURCES = Path.of("src/test/js");
    static final Path JS_DIR = Path.of("target/registry-client-js");

    /** The records the script serializes ({@code RECORDS} in registry-client.js). */
    static final List<User> SCRIPT_RECORDS = List.of(new User("alice", 30, 1_700_000_000_000L, "alice@example.com"),
            new User("bob", -7, 0, null), new User("Zoë ☃ 😀", Integer.MAX_VALUE, -4_503_599_627_370_496L, ""));

    // The script's USER_V1 and USER_V2, for the subject Java registers itself.
    static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.example\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"},"
            + "{\"name\":\"joined\",\"type\":\"long\"}]}";
    static final String USER_V2 = USER_V1.replace("]}", ",{\"name\":\"email\",\"type\":[\"null\",\"string\"],"
            + "\"default\":null}]}");

    record User(String name, int age, long joined, String email) {
    }

    @TempDir
    static Path data;
    static TributaryProcess broker;
    static RegistryHttp http;
    static String url;
    static Path nodeExecutable;

    @BeforeAll
    static void start() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        nodeExecutable = locate("node", path);
        npmCi(locate("npm", path));
        broker = TributaryProcess.withRegistry(data.resolve("broker")).start();
        url = broker.registryUrl();
        http = new RegistryHttp(url);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void whatTheJsClientRegistersAndSerializesJavaReads() throws Exception {
        List<String> lines = script("register-evolve-serialize", url, "js-users");
        assertThat(lines).as("three payloads and the ids").hasSize(4);
        JsonNode got = RegistryHttp.JSON.readTree(lines.get(3));
        String subject = "/subjects/js-users-value/versions/";
        for (String[] v : new String[][] {{"v1", "1"}, {"v2", "2"}, {"latest", "latest"}}) {
            JsonNode answered = http.get(subject + v[1]).json();
            assertThat(got.get(v[0]).get("id").asInt()).as(v[0] + " id").isEqualTo(answered.get("id").asInt());
            assertThat(got.get(v[0]).get("version").asInt()).as(v[0] + " version")
                    .isEqualTo(answered.get("version").asInt());
        }
        assertThat(got.get("v2").get("version").asInt()).isEqualTo(2);
        int v2 = got.get("v2").get("id").asInt();
        assertThat(got.get("latest").get("id").asInt()).isEqualTo(v2);
        assertThat(got.get("v1").get("id").asInt()).isNotEqualTo(v2);

        Schema writer = schemaById(v2);
        assertThat(writer.getFields()).extracting(Schema.Field::name).containsExactly("name", "age", "joined",
                "email");
        List<User> read = new ArrayList<>();
        for (String hex : lines.subList(0, 3)) {
            byte[] payload = HexFormat.of().parseHex(hex);
            assertThat(payload[0]).as("magic byte of %s", hex).isZero();
            assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).as("schema id of %s", hex).isEqualTo(v2);
            GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
            read.add(new User(record.get("name").toString(), (Integer) record.get("age"), (Long) record.get("joined"),
                    record.get("email") == null ? null : record.get("email").toString()));
            assertThat(encode(v2, writer, record)).as("Java encodes the values to the same bytes").isEqualTo(payload);
            assertThat(ourDeserializer().deserialize("js-users", payload)).as("Tributary's deserializer")
                    .isEqualTo(record);
        }
        assertThat(read).containsExactlyElementsOf(SCRIPT_RECORDS);
    }

    @Test
    void whatJavaWritesTheJsClientReads() throws Exception {
        int v1 = http.register("java-users-value", USER_V1);
        int v2 = http.register("java-users-value", USER_V2);
        List<User> users = List.of(new User("carol", 41, 1_234_567_890_123L, "carol@example.org"),
                new User("", Integer.MIN_VALUE, Long.MIN_VALUE / 2048, null),
                new User("\"quoted\" \\ 日本", 0, 4_503_599_627_370_496L, "x"));
        List<String> hexes = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>();
        Schema writerV2 = schemaById(v2);
        try (KafkaAvroSerializer serializer = ourSerializer(Map.of())) {
            for (User u : users) {
                byte[] payload = serializer.serialize("java-users", record(writerV2, u));
                assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).as("the registered v2's id").isEqualTo(v2);
                hexes.add(HexFormat.of().formatHex(payload));
                expected.add(json(u, true));
            }
            // an older writer: the deserializer fetches v1 by its id and returns v1's fields
            User old = new User("dave", 7, 42, null);
            byte[] payload = serializer.serialize("java-users", record(schemaById(v1), old));
            assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).as("v1's id").isEqualTo(v1);
            hexes.add(HexFormat.of().formatHex(payload));
            expected.add(json(old, false));
        }

        List<String> args = new ArrayList<>(List.of("deserialize", url, "java-users"));
        args.addAll(hexes);
        List<JsonNode> printed = new ArrayList<>();
        for (String line : script(args.toArray(String[]::new))) {
            printed.add(RegistryHttp.JSON.readTree(line));
        }
        assertThat(printed).containsExactlyElementsOf(expected);
    }

    @Test
    void theJsClientReadsARecordWhoseSchemaIsRegisteredUnderAnotherSubject() throws Exception {
        // RecordNameStrategy registers under com.example.User; the JS deserializer asks for the id with
        // ?subject=java-by-record-value, which does not hold it, and must still get it (as from Confluent's).
        User u = new User("erin", 3, 5, "e@example.org");
        String hex;
        try (KafkaAvroSerializer serializer = ourSerializer(Map.of("value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"))) {
            hex = HexFormat.of().formatHex(serializer.serialize("java-by-record", record(
                    new Schema.Parser().parse(USER_V2), u)));
        }
        assertThat(http.get("/subjects/java-by-record-value/versions").errorCode()).isEqualTo(40401);
        assertThat(script("deserialize", url, "java-by-record", hex)).singleElement()
                .satisfies(line -> assertThat(RegistryHttp.JSON.readTree(line)).isEqualTo(json(u, true)));
    }

    @Test
    void aMissingSubjectIsA40401ToTheJsClient() throws Exception {
        assertThat(script("missing", url)).containsExactly("{\"status\":404,\"errorCode\":40401}");
    }

    @Test
    void aMissingNodeOrNpmFailsWithInstructionsToInstallIt() {
        assertThatThrownBy(() -> locate("node", data.resolve("empty-bin").toString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install nodejs npm")
                .hasMessageContaining(".ci/run");
    }

    static KafkaAvroSerializer ourSerializer(Map<String, String> extra) {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        Map<String, String> config = new java.util.HashMap<>(extra);
        config.put("schema.registry.url", url);
        serializer.configure(config, false);
        return serializer;
    }

    static KafkaAvroDeserializer ourDeserializer() {
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", url), false);
        return deserializer;
    }

    /** {@code GET /schemas/ids/{id}}, parsed by Avro. */
    static Schema schemaById(int id) throws IOException, InterruptedException {
        RegistryHttp.Reply r = http.get("/schemas/ids/" + id);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new Schema.Parser().parse(r.json().get("schema").asText());
    }

    static GenericRecord record(Schema schema, User u) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("name", u.name());
        r.put("age", u.age());
        r.put("joined", u.joined());
        if (schema.getField("email") != null) {
            r.put("email", u.email());
        }
        return r;
    }

    /** Confluent's wire format: magic byte 0, the schema id as 4 big-endian bytes, the Avro binary encoding. */
    static byte[] encode(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** The JSON the script prints for a record (re-read, so numbers compare as Jackson parses them). */
    static JsonNode json(User u, boolean withEmail) throws IOException {
        ObjectNode n = RegistryHttp.JSON.createObjectNode().put("name", u.name()).put("age", u.age())
                .put("joined", u.joined());
        if (withEmail) {
            n.put("email", u.email());
        }
        return RegistryHttp.JSON.readTree(n.toString());
    }

    /**
     * Finds {@code name} (node or npm) on the search path.
     *
     * @throws AssertionError saying to install Node.js and npm when it is not there
     */
    static Path locate(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed, so the test of Confluent's JavaScript schema registry "
                + "client cannot run. Install Node.js and npm (Debian/Ubuntu: sudo apt-get install nodejs npm) or "
                + "run .ci/run, which installs them when absent. PATH was: " + path);
    }

    /**
     * Copies package.json, package-lock.json and the script into target/registry-client-js and runs {@code npm ci}
     * there, unless node_modules already holds what this lock file pins (a rerun without {@code mvn clean}).
     */
    static void npmCi(Path npm) throws IOException, InterruptedException {
        if (!Files.isDirectory(JS_SOURCES)) {
            throw new AssertionError(JS_SOURCES.toAbsolutePath() + " is missing: run the test in compat-tests (as "
                    + "Maven does)");
        }
        Files.createDirectories(JS_DIR);
        for (String file : List.of("package.json", "package-lock.json", "registry-client.js")) {
            Files.copy(JS_SOURCES.resolve(file), JS_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = JS_DIR.resolve("node_modules/.installed-from-package-lock.json");
        if (Files.exists(installed) && Files.mismatch(installed, JS_DIR.resolve("package-lock.json")) == -1) {
            return;
        }
        run(List.of(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund"), 300);
        Files.copy(JS_DIR.resolve("package-lock.json"), installed, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs registry-client.js with these arguments and returns the lines it printed. */
    static List<String> script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(nodeExecutable.toString(), "registry-client.js"));
        command.addAll(Arrays.asList(args));
        return run(command, 60).lines().toList();
    }

    /** Runs a command in target/registry-client-js, failing unless it exits 0 in time; returns its stdout. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        // In target/, not the class's @TempDir: other test classes (ProtobufRegistryCompatTest) run node through
        // here too, when this class's fields are not set.
        Path out = Files.createTempFile(JS_DIR, "run", ".out");
        Path err = Files.createTempFile(JS_DIR, "run", ".err");
        Process p = new ProcessBuilder(command).directory(JS_DIR.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        if (!done || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + (done ? " exited " + p.exitValue()
                    : " did not finish within " + timeoutSeconds + " s") + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr);
        }
        return stdout;
    }
}
