package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.compat.RegistryHttp.Reply;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code FileDescriptorProto}s.
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
}
