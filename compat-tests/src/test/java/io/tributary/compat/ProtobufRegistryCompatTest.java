package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.compat.RegistryHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protobuf schemas ({@code "schemaType":"PROTOBUF"}) in the registry bundled in {@code tributary start}, over HTTP as a
 * Confluent client or curl uses it: registration with Confluent's canonical text and ids, imports of well-known files
 * and of registered schemas through references, Confluent's Protobuf compatibility rules, and the 42201 answers;
 * and Confluent's JavaScript serializer ({@code ProtobufSerializer} of npm {@code @confluentinc/schemaregistry}, set up
 * as {@link ConfluentJsClientCompatTest} does; Node.js and npm are required), which registers base64-encoded
 * {@code FileDescriptorProto}s; {@code ?format=serialized} (the descriptor Confluent's non-Java deserializers fetch) and
 * the other formats; and Confluent's JavaScript {@code ProtobufDeserializer} reading what its serializer and Java wrote.
 */
class ProtobufRegistryCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static RegistryHttp http;
    static String url;

    static final String USER_V1 = """
            syntax = "proto3";
            package com.acme;

            message User {
              string name = 1;
              int32 age = 2;
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        int port = TributaryProcess.freePort();
        node = new TributaryProcess(data, Map.of("schema.registry.listeners", "http://127.0.0.1:" + port,
                "schema.registry.kafkastore.timeout.ms", "10000")).start();
        node.awaitOutput("Schema registry started");
        url = "http://127.0.0.1:" + port;
        http = new RegistryHttp(url);
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    static ObjectNode proto(String text) {
        return RegistryHttp.body(text).put("schemaType", "PROTOBUF");
    }

    static Reply register(String subject, ObjectNode body) throws Exception {
        return http.post("/subjects/" + subject + "/versions", body.toString());
    }

    static int registered(String subject, ObjectNode body) throws Exception {
        Reply r = register(subject, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("id").asInt();
    }

    @Test
    void typesListProtobufBeforeAvro() throws Exception {
        List<String> types = new ArrayList<>();
        http.get("/schemas/types").json().forEach(t -> types.add(t.asText()));
        assertThat(types).contains("PROTOBUF", "AVRO");
        assertThat(types.indexOf("PROTOBUF")).as("Confluent's order: JSON, PROTOBUF, AVRO")
                .isLessThan(types.indexOf("AVRO"));
    }

    @Test
    void aProtoIsStoredAsCanonicalTextAndAnswersWithItsType() throws Exception {
        int id = registered("user-proto-value", proto(USER_V1));
        JsonNode version = http.get("/subjects/user-proto-value/versions/1").json();
        assertThat(version.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(version.get("id").asInt()).isEqualTo(id);
        assertThat(version.get("schema").asText()).isEqualTo(USER_V1);
        JsonNode byId = http.get("/schemas/ids/" + id).json();
        assertThat(byId.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(http.get("/schemas/ids/" + id + "/schema").text()).isEqualTo(USER_V1);

        // Whitespace and comments do not make another schema: the same id, no second version.
        String loose = "// the user\nsyntax=\"proto3\"; package com.acme;\n/* doc */ message User { string name = 1; "
                + "int32 age = 2; // years\n}";
        assertThat(registered("user-proto-value", proto(loose))).isEqualTo(id);
        assertThat(http.get("/subjects/user-proto-value/versions").json().toString()).isEqualTo("[1]");
        Reply lookup = http.post("/subjects/user-proto-value", proto(loose).toString());
        assertThat(lookup.status()).as(lookup.text()).isEqualTo(200);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(id);
        assertThat(lookup.json().get("schemaType").asText()).isEqualTo("PROTOBUF");
        // Another subject, same schema: the same id.
        assertThat(registered("user-proto-copy-value", proto(USER_V1))).isEqualTo(id);
        // The same text as Avro is not a schema at all.
        assertThat(http.post("/subjects/user-proto-value/versions", RegistryHttp.schemaBody(USER_V1)).errorCode())
                .isEqualTo(42201);
    }

    @Test
    void wellKnownImportsNeedNoReferences() throws Exception {
        int id = registered("event-proto-value", proto("""
                syntax = "proto3";
                package com.acme.events;
                import "google/protobuf/timestamp.proto";
                import "google/protobuf/wrappers.proto";
                import "confluent/meta.proto";
                message Event {
                  google.protobuf.Timestamp at = 1 [(confluent.field_meta).doc = "when"];
                  google.protobuf.StringValue note = 2;
                }
                """));
        JsonNode byId = http.get("/schemas/ids/" + id).json();
        assertThat(byId.has("references")).isFalse();
        assertThat(byId.get("schema").asText()).contains("import \"google/protobuf/timestamp.proto\";");
    }

    @Test
    void anImportResolvesThroughAReference() throws Exception {
        int commonId = registered("acme-common-proto", proto("""
                syntax = "proto3";
                package com.acme.common;
                message Money { string currency = 1; int64 units = 2; }
                """));
        String order = """
                syntax = "proto3";
                package com.acme.orders;
                import "acme/common.proto";
                message Order { string id = 1; com.acme.common.Money total = 2; }
                """;
        ObjectNode body = proto(order);
        body.putArray("references").addObject().put("name", "acme/common.proto").put("subject", "acme-common-proto")
                .put("version", 1);
        int orderId = registered("order-proto-value", body);
        assertThat(orderId).isNotEqualTo(commonId);
        JsonNode byId = http.get("/schemas/ids/" + orderId).json();
        assertThat(byId.get("references").toString()).isEqualTo(
                "[{\"name\":\"acme/common.proto\",\"subject\":\"acme-common-proto\",\"version\":1}]");
        assertThat(http.get("/subjects/acme-common-proto/versions/1/referencedby").json().toString())
                .isEqualTo("[" + orderId + "]");
        assertThat(http.delete("/subjects/acme-common-proto/versions/1").errorCode()).isEqualTo(42206);
        // Without the reference the import does not resolve.
        Reply unresolved = register("order-proto-bad-value", proto(order));
        assertThat(unresolved.errorCode()).isEqualTo(42201);
        assertThat(unresolved.json().get("message").asText()).contains("acme/common.proto");
    }

    @Test
    void confluentsProtobufRulesDecideCompatibility() throws Exception {
        registered("compat-proto-value", proto(USER_V1));
        // age changes from a varint to a string: incompatible under the default BACKWARD.
        String changedType = USER_V1.replace("int32 age = 2;", "string age = 2;");
        Reply refused = register("compat-proto-value", proto(changedType));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText())
                .contains("FIELD_SCALAR_KIND_CHANGED").contains("#/User/2").contains("oldSchemaVersion: 1")
                .contains("BACKWARD");
        Reply check = http.post("/compatibility/subjects/compat-proto-value/versions/latest?verbose=true",
                proto(changedType).toString());
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").toString()).contains("FIELD_SCALAR_KIND_CHANGED");

        // Adding a field, and int32 to int64 (one varint group), are compatible: version 2.
        String evolved = USER_V1.replace("int32 age = 2;", "int64 age = 2;\n  string email = 3;");
        assertThat(http.post("/compatibility/subjects/compat-proto-value/versions/latest",
                proto(evolved).toString()).text()).isEqualTo("{\"is_compatible\":true}");
        Reply v2 = register("compat-proto-value", proto(evolved));
        assertThat(v2.status()).as(v2.text()).isEqualTo(200);
        assertThat(http.get("/subjects/compat-proto-value/versions").json().toString()).isEqualTo("[1,2]");

        // Removing a message a writer may still use is refused (MESSAGE_REMOVED).
        registered("msgs-proto-value", proto(USER_V1 + "message Extra { int32 x = 1; }\n"));
        Reply removed = register("msgs-proto-value", proto(USER_V1));
        assertThat(removed.status()).isEqualTo(409);
        assertThat(removed.json().get("message").asText()).contains("MESSAGE_REMOVED").contains("#/Extra");
    }

    @Test
    void invalidProtosAreRefusedWith42201() throws Exception {
        Reply syntax = register("bad-proto-value", proto("syntax = \"proto3\"; message M { string a = ; }"));
        assertThat(syntax.status()).isEqualTo(422);
        assertThat(syntax.errorCode()).isEqualTo(42201);
        assertThat(syntax.json().get("message").asText()).contains("Syntax error");
        Reply unknown = register("bad-proto-value", proto("syntax = \"proto3\"; message M { Missing m = 1; }"));
        assertThat(unknown.errorCode()).isEqualTo(42201);
        assertThat(unknown.json().get("message").asText()).contains("unable to resolve Missing");
        assertThat(http.get("/subjects/bad-proto-value/versions").errorCode()).isEqualTo(40401);
    }

    /**
     * A script for Confluent's JavaScript client: builds {@code com.acme.User} as a FileDescriptorProto with
     * {@code @bufbuild/protobuf}, lets {@code ProtobufSerializer} (auto-registering) serialize one message per step
     * and prints, per step, the payload in hex or the error the client reports.
     */
    static final String JS_SCRIPT = """
            'use strict';
            const { create, createFileRegistry } = require('@bufbuild/protobuf');
            const wkt = require('@bufbuild/protobuf/wkt');
            const { SchemaRegistryClient, ProtobufSerializer, SerdeType } = require('@confluentinc/schemaregistry');
            const LABEL_OPTIONAL = 1, TYPE_STRING = 9, TYPE_INT32 = 5, TYPE_MESSAGE = 11;
            function userFile(ageType, withEmail) {
              const field = [
                { name: 'name', number: 1, label: LABEL_OPTIONAL, type: TYPE_STRING },
                { name: 'age', number: 2, label: LABEL_OPTIONAL, type: ageType },
                { name: 'joined', number: 3, label: LABEL_OPTIONAL, type: TYPE_MESSAGE,
                  typeName: '.google.protobuf.Timestamp' },
              ];
              if (withEmail) field.push({ name: 'email', number: 4, label: LABEL_OPTIONAL, type: TYPE_STRING });
              return create(wkt.FileDescriptorProtoSchema, {
                name: 'com/acme/user.proto', package: 'com.acme', syntax: 'proto3',
                dependency: ['google/protobuf/timestamp.proto'], messageType: [{ name: 'User', field }],
              });
            }
            async function main(url, topic) {
              const out = {};
              for (const [step, fdp, value] of [
                  ['v1', userFile(TYPE_INT32, false), { name: 'alice', age: 30, joined: { seconds: 1700000000n } }],
                  ['v1again', userFile(TYPE_INT32, false), { name: 'bob', age: 7 }],
                  ['v2', userFile(TYPE_INT32, true), { name: 'carol', age: 40, email: 'c@example.com' }],
                  ['incompatible', userFile(TYPE_STRING, true), { name: 'dave', age: 'old' }]]) {
                const registry = createFileRegistry(fdp, (name) =>
                  name === 'google/protobuf/timestamp.proto' ? wkt.file_google_protobuf_timestamp : undefined);
                const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
                const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true, registry });
                try {
                  const bytes = await serializer.serialize(topic, create(registry.getMessage('com.acme.User'), value));
                  out[step] = { hex: Buffer.from(bytes).toString('hex') };
                } catch (e) {
                  out[step] = { error: String(e && e.message), status: e && e.status };
                }
              }
              console.log(JSON.stringify(out));
            }
            main(process.argv[2], process.argv[3]).catch((e) => { console.error(e); process.exit(1); });
            """;

    @Test
    void confluentsJavaScriptSerializerRegistersFileDescriptors() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "");
        Path nodeExecutable = ConfluentJsClientCompatTest.locate("node", path);
        ConfluentJsClientCompatTest.npmCi(ConfluentJsClientCompatTest.locate("npm", path));
        Path script = ConfluentJsClientCompatTest.JS_DIR.resolve("protobuf-serializer.js");
        Files.writeString(script, JS_SCRIPT);
        Path stdout = Files.createTempFile(data, "js", ".out");
        Path stderr = Files.createTempFile(data, "js", ".err");
        Process p = new ProcessBuilder(nodeExecutable.toString(), script.getFileName().toString(), url,
                "js-proto").directory(ConfluentJsClientCompatTest.JS_DIR.toFile()).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
        assertThat(p.exitValue()).as(Files.readString(stderr, StandardCharsets.UTF_8)).isZero();
        JsonNode out = RegistryHttp.JSON.readTree(Files.readString(stdout, StandardCharsets.UTF_8));

        // v1: registered (the descriptor is stored as the .proto text it describes); Confluent's framing: magic
        // byte, the id, message index [0] as one zero byte, then the message (name = 1, age = 2, joined = 3).
        JsonNode v1 = http.get("/subjects/js-proto-value/versions/1").json();
        assertThat(v1.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(v1.get("schema").asText()).isEqualTo("""
                syntax = "proto3";
                package com.acme;

                import "google/protobuf/timestamp.proto";

                message User {
                  string name = 1;
                  int32 age = 2;
                  .google.protobuf.Timestamp joined = 3;
                }
                """);
        int id1 = v1.get("id").asInt();
        assertThat(out.path("v1").path("hex").asText()).as(out.toString())
                .isEqualTo("00" + HexFormat.of().toHexDigits(id1) + "00" + "0a05616c696365" + "101e"
                        + "1a060880e2cfaa06");
        // The same descriptor again is the same schema.
        assertThat(out.path("v1again").path("hex").asText()).startsWith("00" + HexFormat.of().toHexDigits(id1));
        // Adding a field is compatible: version 2, with a new id.
        JsonNode v2 = http.get("/subjects/js-proto-value/versions/2").json();
        assertThat(v2.get("schema").asText()).contains("string email = 4;");
        assertThat(out.path("v2").path("hex").asText()).startsWith("00"
                + HexFormat.of().toHexDigits(v2.get("id").asInt()));
        // age from int32 to string is not: the client reports the registry's 409.
        assertThat(out.path("incompatible").path("status").asInt()).as(out.toString()).isEqualTo(409);
        assertThat(out.path("incompatible").path("error").asText()).contains("FIELD_SCALAR_KIND_CHANGED");
        assertThat(http.get("/subjects/js-proto-value/versions").json().toString()).isEqualTo("[1,2]");
    }

    @Test
    void normalizeRegistersDifferentSpellingsAsOneSchema() throws Exception {
        String a = """
                syntax = "proto3";
                package com.acme.n;
                import "google/protobuf/wrappers.proto";
                import "google/protobuf/timestamp.proto";
                message M { google.protobuf.Timestamp t = 2; google.protobuf.StringValue s = 1; }
                """;
        String b = """
                syntax = "proto3";
                package com.acme.n;
                import "google/protobuf/timestamp.proto";
                import "google/protobuf/wrappers.proto";
                message M { .google.protobuf.StringValue s = 1; .google.protobuf.Timestamp t = 2; }
                """;
        Reply first = http.post("/subjects/norm-proto-value/versions?normalize=true", proto(a).toString());
        Reply second = http.post("/subjects/norm-proto-value/versions?normalize=true", proto(b).toString());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(second.json().get("id").asInt()).isEqualTo(first.json().get("id").asInt());
        assertThat(http.get("/subjects/norm-proto-value/versions").json().toString()).isEqualTo("[1]");
        assertThat(http.get("/subjects/norm-proto-value/versions/1").json().get("schema").asText())
                .contains(".google.protobuf.StringValue s = 1;\n  .google.protobuf.Timestamp t = 2;");
    }

    // ---- ?format= (serialized, ignore_extensions) and Confluent's JavaScript deserializer ----

    static final String MONEY = """
            syntax = "proto3";
            package com.acme.money;

            message Money {
              string currency = 1;
              int64 units = 2;
            }
            """;

    /** Imports a well-known file and a referenced schema; a map, an enum, a nested message, a oneof, optional. */
    static final String ORDER = """
            syntax = "proto3";
            package com.acme.orders;

            import "google/protobuf/timestamp.proto";
            import "acme/money.proto";

            message Header {
              string source = 1;
            }
            message Order {
              string id = 1;
              com.acme.money.Money total = 2;
              google.protobuf.Timestamp placed = 3;
              repeated string tags = 4;
              map<string, int32> counts = 5;
              Status status = 6;
              Line line = 7;
              optional int32 priority = 8;

              oneof contact {
                string email = 9;
                int64 phone = 10;
              }

              message Line {
                string sku = 1;
                int32 quantity = 2;
              }
            }
            enum Status {
              UNKNOWN = 0;
              PLACED = 1;
              SHIPPED = 2;
            }
            """;

    static ObjectNode orderBody(String schema) {
        ObjectNode body = proto(schema);
        body.putArray("references").addObject().put("name", "acme/money.proto").put("subject", "fmt-money")
                .put("version", 1);
        return body;
    }

    /** Registers MONEY (fmt-money) and ORDER (fmt-order-value, referencing it) as .proto texts; answers their ids. */
    static int[] registerOrder() throws Exception {
        return new int[] {registered("fmt-money", proto(MONEY)), registered("fmt-order-value", orderBody(ORDER))};
    }

    @Test
    void formatSerializedAnswersTheFileDescriptorAndTheOtherFormatsTheirTexts() throws Exception {
        int[] ids = registerOrder();
        int orderId = ids[1];
        JsonNode version = http.get("/subjects/fmt-order-value/versions/1?format=serialized").json();
        assertThat(version.get("schemaType").asText()).isEqualTo("PROTOBUF");
        assertThat(version.get("id").asInt()).isEqualTo(orderId);
        assertThat(version.get("references").toString()).isEqualTo(
                "[{\"name\":\"acme/money.proto\",\"subject\":\"fmt-money\",\"version\":1}]");
        String serialized = version.get("schema").asText();
        byte[] descriptor = Base64.getDecoder().decode(serialized);
        // FileDescriptorProto field 1, the name: "default", as Confluent names the file of every schema it serializes.
        assertThat(HexFormat.of().formatHex(descriptor, 0, 9)).isEqualTo("0a0764656661756c74");
        assertThat(new String(descriptor, StandardCharsets.ISO_8859_1)).contains("google/protobuf/timestamp.proto",
                "acme/money.proto", "CountsEntry");
        // The same answer from every read of the schema, with the format in any case.
        assertThat(http.get("/subjects/fmt-order-value/versions/latest/schema?format=serialized").text())
                .isEqualTo(serialized);
        JsonNode byId = http.get("/schemas/ids/" + orderId + "?format=SERIALIZED&subject=fmt-order-value").json();
        assertThat(byId.get("schema").asText()).isEqualTo(serialized);
        assertThat(byId.get("references").get(0).get("name").asText()).isEqualTo("acme/money.proto");
        assertThat(http.get("/schemas/ids/" + orderId + "/schema?format=serialized").text()).isEqualTo(serialized);
        // Without a format, or an unknown one (Confluent answers it so): the text.
        assertThat(http.get("/subjects/fmt-order-value/versions/1").json().get("schema").asText()).isEqualTo(ORDER);
        Reply unknown = http.get("/schemas/ids/" + orderId + "?format=nonsense");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().get("schema").asText()).isEqualTo(ORDER);
        assertThat(http.get("/schemas/ids/" + orderId + "?format=").json().get("schema").asText()).isEqualTo(ORDER);

        // The descriptor given back is the same schema: the map comes back as its entry message, so as text it
        // matches after normalization (a lookup with normalize=true finds it); MONEY comes back as itself.
        Reply lookup = http.post("/subjects/fmt-order-value?normalize=true", orderBody(serialized).toString());
        assertThat(lookup.status()).as(lookup.text()).isEqualTo(200);
        assertThat(lookup.json().get("id").asInt()).isEqualTo(orderId);
        String money = http.get("/subjects/fmt-money/versions/1?format=serialized").json().get("schema").asText();
        Reply moneyLookup = http.post("/subjects/fmt-money", proto(money).toString());
        assertThat(moneyLookup.status()).as(moneyLookup.text()).isEqualTo(200);
        assertThat(moneyLookup.json().get("id").asInt()).isEqualTo(ids[0]);

        // ignore_extensions: no custom options (Confluent's kept), extension ranges or extends.
        int extId = registered("fmt-ext-value", proto("""
                syntax = "proto2";
                package ext;
                import "google/protobuf/descriptor.proto";
                extend google.protobuf.FieldOptions { optional string mine = 50001; }
                message M {
                  optional string a = 1 [(mine) = "x"];
                  extensions 100 to 199;
                }
                extend M { optional int32 b = 100; }
                """));
        assertThat(http.get("/schemas/ids/" + extId + "?format=ignore_extensions").json().get("schema").asText())
                .isEqualTo("""
                        syntax = "proto2";
                        package ext;

                        import "google/protobuf/descriptor.proto";

                        message M {
                          optional string a = 1;
                        }
                        """);
        assertThat(http.get("/subjects/fmt-ext-value/versions/1/schema?format=ignore_extensions").text())
                .doesNotContain("extend").doesNotContain("mine");
    }

    /**
     * A script for Confluent's JavaScript client: its {@code ProtobufDeserializer} (which fetches the writer's schema
     * and its references with {@code ?format=serialized}) reads the payloads Java wrote; then its
     * {@code ProtobufSerializer}, given the types the deserializer built from those descriptors, writes an Order
     * against the registered schema (useLatestVersion) and, auto-registering, under a subject of its own; a fresh
     * deserializer reads both. Prints each record's type and proto3 JSON ({@code toJson}, proto field names).
     */
    static final String JS_DESERIALIZER_SCRIPT = """
            'use strict';
            const { create, toJson } = require('@bufbuild/protobuf');
            const { SchemaRegistryClient, ProtobufSerializer, ProtobufDeserializer, SerdeType } =
              require('@confluentinc/schemaregistry');
            function newClient(url) {
              return new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
            }
            async function read(deserializer, topic, bytes) {
              const msg = await deserializer.deserialize(topic, Buffer.from(bytes));
              const desc = deserializer.fileRegistry.getMessage(msg.$typeName);
              // Proto field names: like Confluent's, the served descriptors carry json_name only where the .proto
              // text gives one, and protobuf-es takes an absent json_name as "".
              return { type: msg.$typeName, json: toJson(desc, msg, { useProtoFieldName: true }) };
            }
            async function main(url, topic, jsTopic, hexes) {
              const out = { java: [] };
              const reader = new ProtobufDeserializer(newClient(url), SerdeType.VALUE, {});
              for (const hex of hexes.split(',')) {
                out.java.push(await read(reader, topic, Buffer.from(hex, 'hex')));
              }
              const Order = reader.fileRegistry.getMessage('com.acme.orders.Order');
              const value = create(Order, {
                id: 'js-1', total: { currency: 'USD', units: -5n }, placed: { seconds: 1n, nanos: 0 }, tags: ['z'],
                counts: { a: 1, b: -2 }, status: 1, line: { sku: 'l', quantity: 7 }, priority: 3,
                contact: { case: 'phone', value: 5551234n },
              });
              for (const [key, t, conf] of [
                  ['jsLatest', topic, { useLatestVersion: true, autoRegisterSchemas: false }],
                  ['jsOwn', jsTopic, { autoRegisterSchemas: true }]]) {
                const serializer = new ProtobufSerializer(newClient(url), SerdeType.VALUE,
                  { ...conf, registry: reader.fileRegistry });
                const bytes = await serializer.serialize(t, value);
                const fresh = new ProtobufDeserializer(newClient(url), SerdeType.VALUE, {});
                out[key] = { hex: Buffer.from(bytes).toString('hex'), ...(await read(fresh, t, bytes)) };
              }
              console.log(JSON.stringify(out));
            }
            main(...process.argv.slice(2)).catch((e) => { console.error(e); process.exit(1); });
            """;

    @Test
    void confluentsJavaScriptDeserializerReadsWhatItsSerializerAndJavaWrote() throws Exception {
        int[] ids = registerOrder();
        int orderId = ids[1];
        // Java writes Confluent's framing by hand: magic 0, the id, the message indexes (zigzag varints: a count,
        // then the path; [0] alone as one 0 byte), then the message in protobuf's encoding.
        byte[] order = new Pb().string(1, "o-1")
                .message(2, new Pb().string(1, "EUR").varint(2, 1234))
                .message(3, new Pb().varint(1, 1_700_000_000L).varint(2, 5))
                .string(4, "a").string(4, "b")
                .message(5, new Pb().string(1, "x").varint(2, 3))
                .varint(6, 2)
                .message(7, new Pb().string(1, "s-9").varint(2, 4))
                .varint(8, 0)  // proto3 optional: present although zero
                .string(9, "e@x").bytes();
        byte[] line = new Pb().string(1, "solo").varint(2, -1).bytes();
        byte[] header = new Pb().string(1, "java").bytes();
        List<String> payloads = List.of(frame(orderId, new byte[] {2, 2}, order),
                frame(orderId, new byte[] {4, 2, 0}, line), frame(orderId, new byte[] {0}, header));

        Path node = ConfluentJsClientCompatTest.locate("node", System.getenv().getOrDefault("PATH", ""));
        ConfluentJsClientCompatTest.npmCi(ConfluentJsClientCompatTest.locate("npm",
                System.getenv().getOrDefault("PATH", "")));
        Files.writeString(ConfluentJsClientCompatTest.JS_DIR.resolve("protobuf-deserializer.js"),
                JS_DESERIALIZER_SCRIPT);
        String stdout = ConfluentJsClientCompatTest.run(List.of(node.toString(), "protobuf-deserializer.js", url,
                "fmt-order", "fmt-js", String.join(",", payloads)), 60);
        JsonNode out = RegistryHttp.JSON.readTree(stdout);

        // What Java wrote, as Confluent's deserializer decoded it with the descriptors this registry served.
        assertThat(out.get("java").get(0).get("type").asText()).isEqualTo("com.acme.orders.Order");
        assertThat(out.get("java").get(0).get("json")).isEqualTo(RegistryHttp.JSON.readTree("""
                {"id": "o-1", "total": {"currency": "EUR", "units": "1234"},
                 "placed": "2023-11-14T22:13:20.000000005Z", "tags": ["a", "b"], "counts": {"x": 3},
                 "status": "SHIPPED", "line": {"sku": "s-9", "quantity": 4}, "priority": 0, "email": "e@x"}
                """));
        assertThat(out.get("java").get(1).get("type").asText()).isEqualTo("com.acme.orders.Order.Line");
        assertThat(out.get("java").get(1).get("json").toString()).isEqualTo("{\"sku\":\"solo\",\"quantity\":-1}");
        assertThat(out.get("java").get(2).get("type").asText()).isEqualTo("com.acme.orders.Header");
        assertThat(out.get("java").get(2).get("json").toString()).isEqualTo("{\"source\":\"java\"}");

        // What its serializer wrote against the schema registered as text: the same bytes Java writes for the same
        // values, read back alike.
        JsonNode js = RegistryHttp.JSON.readTree("""
                {"id": "js-1", "total": {"currency": "USD", "units": "-5"}, "placed": "1970-01-01T00:00:01Z",
                 "tags": ["z"], "counts": {"a": 1, "b": -2}, "status": "PLACED", "line": {"sku": "l", "quantity": 7},
                 "priority": 3, "phone": "5551234"}
                """);
        byte[] jsOrder = new Pb().string(1, "js-1")
                .message(2, new Pb().string(1, "USD").varint(2, -5))
                .message(3, new Pb().varint(1, 1))
                .string(4, "z")
                .message(5, new Pb().string(1, "a").varint(2, 1))
                .message(5, new Pb().string(1, "b").varint(2, -2))
                .varint(6, 1)
                .message(7, new Pb().string(1, "l").varint(2, 7))
                .varint(8, 3)
                .varint(10, 5_551_234).bytes();
        assertThat(out.get("jsLatest").get("hex").asText()).isEqualTo(frame(orderId, new byte[] {2, 2}, jsOrder));
        assertThat(out.get("jsLatest").get("json")).isEqualTo(js);

        // Auto-registering, it registered the descriptors it had been served: MONEY under its import path (the same
        // schema, so the same id), the order under fmt-js-value, referencing it.
        JsonNode jsMoney = http.get("/subjects/acme%2Fmoney.proto/versions/1").json();
        assertThat(jsMoney.get("schema").asText()).isEqualTo(MONEY);
        assertThat(jsMoney.get("id").asInt()).isEqualTo(ids[0]);
        JsonNode jsVersion = http.get("/subjects/fmt-js-value/versions/1").json();
        assertThat(jsVersion.get("references").toString()).isEqualTo(
                "[{\"name\":\"acme/money.proto\",\"subject\":\"acme/money.proto\",\"version\":1}]");
        assertThat(jsVersion.get("schema").asText()).contains(".com.acme.money.Money total = 2;",
                "repeated .com.acme.orders.Order.CountsEntry counts = 5;");
        assertThat(out.get("jsOwn").get("hex").asText())
                .isEqualTo(frame(jsVersion.get("id").asInt(), new byte[] {2, 2}, jsOrder));
        assertThat(out.get("jsOwn").get("json")).isEqualTo(js);
        assertThat(out.get("jsOwn").get("type").asText()).isEqualTo("com.acme.orders.Order");
    }

    /** Confluent's framing in hex: magic byte 0, the id (4 bytes, big-endian), the message indexes, the message. */
    static String frame(int id, byte[] messageIndexes, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        out.writeBytes(messageIndexes);
        out.writeBytes(message);
        return HexFormat.of().formatHex(out.toByteArray());
    }

    /** Protobuf's binary encoding, by hand: varint and length-delimited fields, as much as the test writes. */
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** A varint field; negative values take ten bytes (int32 and int64 alike), as protobuf writes them. */
        Pb varint(int field, long value) {
            key(field, 0);
            raw(value);
            return this;
        }

        Pb string(int field, String value) {
            return lengthDelimited(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Pb message(int field, Pb message) {
            return lengthDelimited(field, message.bytes());
        }

        Pb lengthDelimited(int field, byte[] value) {
            key(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void key(int field, int wireType) {
            raw((long) field << 3 | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
