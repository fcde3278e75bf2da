package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.compat.RegistryHttp.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry bundled in {@code tributary start}, over HTTP as curl or a Confluent client reaches it: every
 * route of Confluent's API a client uses, with Confluent's answers and error codes, on one node process.
 */
class SchemaRegistryRestCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static RegistryHttp http;

    static final String USER_V1 = "{\"type\": \"record\", \"name\": \"User\", \"namespace\": \"com.example\", "
            + "\"fields\": [{\"name\": \"name\", \"type\": \"string\"}]}";
    static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.example\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\",\"default\":0}]}";
    static final String USER_BAD = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.example\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}";

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        http = new RegistryHttp(node.registryUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    @Test
    void rootAndTypesAnswerAsConfluents() throws Exception {
        Reply root = http.get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.text()).isEqualTo("{}");
        assertThat(root.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(http.get("/schemas/types").json().toString()).contains("\"AVRO\"");
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        http.register("metrics-value", "\"bytes\"");
        Reply metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.text()).contains("kafka_schema_registry_jersey_metrics_request_rate_total ")
                .contains("kafka_schema_registry_jersey_metrics_request_latency_seconds_count ")
                .contains("kafka_schema_registry_master_slave_role 1\n")
                .containsPattern("kafka_schema_registry_registered_count [1-9]");
    }

    @Test
    void aSchemaRegisteredTwiceOrInTwoSubjectsKeepsOneId() throws Exception {
        String given = "{\"type\": \"record\", \"name\": \"Same\", \"namespace\": \"com.example\", "
                + "\"fields\": [{\"name\": \"name\", \"type\": \"string\"}]}";
        int id = http.register("same-a-value", given);
        // Whitespace and key order do not make another schema.
        String reordered = "{\"namespace\":\"com.example\",\"name\":\"Same\",\"type\":\"record\",\"fields\":"
                + "[{\"type\":\"string\",\"name\":\"name\"}]}";
        assertThat(http.register("same-a-value", reordered)).isEqualTo(id);
        assertThat(http.register("same-b-value", given)).isEqualTo(id);
        assertThat(http.get("/subjects/same-a-value/versions").json().toString()).isEqualTo("[1]");
        Reply latest = http.get("/subjects/same-a-value/versions/latest");
        assertThat(latest.json().get("subject").asText()).isEqualTo("same-a-value");
        assertThat(latest.json().get("version").asInt()).isEqualTo(1);
        assertThat(latest.json().get("id").asInt()).isEqualTo(id);
        assertThat(latest.json().has("schemaType")).as("AVRO is implied, as Confluent omits it").isFalse();
        assertThat(latest.json().get("schema").asText()).isEqualTo("{\"type\":\"record\",\"name\":\"Same\","
                + "\"namespace\":\"com.example\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");
        assertThat(http.get("/schemas/ids/" + id + "/subjects").json().toString())
                .isEqualTo("[\"same-a-value\",\"same-b-value\"]");
        assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString()).isEqualTo(
                "[{\"subject\":\"same-a-value\",\"version\":1},{\"subject\":\"same-b-value\",\"version\":1}]");
    }

    @Test
    void aPrimitiveSchemaIsReturnedAsAJsonString() throws Exception {
        int id = http.register("prim-value", "{\"type\": \"string\"}");
        assertThat(http.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo("\"string\"");
        assertThat(http.get("/schemas/ids/" + id + "/schema").text()).isEqualTo("\"string\"");
        assertThat(http.get("/subjects/prim-value/versions/1/schema").text()).isEqualTo("\"string\"");
        assertThat(http.register("prim-value", "\"string\"")).isEqualTo(id);
    }

    @Test
    void redundantNestedNamespacesAreStripped() throws Exception {
        String given = "{\"type\":\"record\",\"name\":\"Outer\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"in\","
                + "\"type\":{\"type\":\"record\",\"name\":\"Inner\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"x\","
                + "\"type\":\"int\"}]}}]}";
        int id = http.register("ns-value", given);
        assertThat(http.get("/schemas/ids/" + id).json().get("schema").asText()).isEqualTo(
                "{\"type\":\"record\",\"name\":\"Outer\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"in\",\"type\":"
                        + "{\"type\":\"record\",\"name\":\"Inner\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}}]}");
        // The same schema written without the inner namespace is the same schema (Connect's AvroConverter case).
        String without = given.replace(",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"x\"",
                ",\"fields\":[{\"name\":\"x\"");
        assertThat(http.register("ns-value", without)).isEqualTo(id);
        assertThat(http.get("/subjects/ns-value/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void normalizeRegistersDifferentSpellingsAsOneSchema() throws Exception {
        String qualified = "{\"type\":\"record\",\"name\":\"com.n.Norm\",\"fields\":[{\"name\":\"a\","
                + "\"type\":\"int\"}]}";
        String spelledOut = "{\"type\":\"record\",\"name\":\"Norm\",\"namespace\":\"com.n\",\"fields\":["
                + "{\"name\":\"a\",\"type\":{\"type\":\"int\"},\"order\":\"ascending\"}]}";
        Reply first = http.post("/subjects/norm-value/versions?normalize=true", RegistryHttp.schemaBody(qualified));
        Reply second = http.post("/subjects/norm-value/versions?normalize=true", RegistryHttp.schemaBody(spelledOut));
        assertThat(second.json().get("id").asInt()).isEqualTo(first.json().get("id").asInt());
        assertThat(http.get("/subjects/norm-value/versions").json().toString()).isEqualTo("[1]");
        assertThat(http.get("/subjects/norm-value/versions/1").json().get("schema").asText()).isEqualTo(
                "{\"type\":\"record\",\"name\":\"com.n.Norm\",\"fields\":[{\"name\":\"a\",\"type\":\"int\","
                        + "\"order\":\"ascending\"}]}");
        assertThat(http.post("/subjects/norm-value?normalize=true", RegistryHttp.schemaBody(spelledOut)).status())
                .isEqualTo(200);
    }

    @Test
    void versionsAreFoundByNumberOrLatestAndBadOnesAreRefused() throws Exception {
        int v1 = http.register("ver-value", USER_V1);
        int v2 = http.register("ver-value", USER_V2);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(http.get("/subjects/ver-value/versions/1").json().get("id").asInt()).isEqualTo(v1);
        assertThat(http.get("/subjects/ver-value/versions/-1").json().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/subjects/ver-value/versions/latest/schema").json().get("fields").size()).isEqualTo(2);
        assertThat(http.get("/subjects/ver-value/versions/3").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/ver-value/versions/3").status()).isEqualTo(404);
        Reply bad = http.get("/subjects/ver-value/versions/abc");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorCode()).isEqualTo(42202);
        assertThat(http.get("/subjects/ver-value/versions/0").errorCode()).isEqualTo(42202);
        assertThat(http.get("/subjects/no-such-subject/versions").errorCode()).isEqualTo(40401);
        Reply missing = http.get("/subjects/no-such-subject/versions/latest");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").asText()).isEqualTo("Subject 'no-such-subject' not found.");
        assertThat(http.get("/schemas/ids/987654").errorCode()).isEqualTo(40403);
        // Confluent answers an id whatever subject is named (the JS deserializer always names <topic>-value)
        assertThat(http.get("/schemas/ids/" + v1 + "?subject=prim-value").status()).isEqualTo(200);
        assertThat(http.get("/schemas/ids/" + v1 + "?subject=null").status()).isEqualTo(200);
        assertThat(http.get("/schemas/ids/" + v1 + "?subject=ver-value").status()).isEqualTo(200);
        assertThat(http.get("/schemas/ids/" + v2 + "?fetchMaxId=true").json().get("maxId").asInt())
                .isGreaterThanOrEqualTo(v2);
    }

    @Test
    void lookupFindsTheVersionHoldingASchema() throws Exception {
        int id = http.register("look-value", USER_V1);
        Reply found = http.post("/subjects/look-value", RegistryHttp.schemaBody(USER_V1));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("subject").asText()).isEqualTo("look-value");
        assertThat(found.json().get("schema").asText()).startsWith("{\"type\":\"record\"");
        assertThat(http.post("/subjects/look-value", RegistryHttp.schemaBody(USER_V2)).errorCode()).isEqualTo(40403);
        assertThat(http.post("/subjects/nobody-value", RegistryHttp.schemaBody(USER_V1)).errorCode())
                .isEqualTo(40401);
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheReasons() throws Exception {
        http.register("compat-value", USER_V1);
        Reply refused = http.post("/subjects/compat-value/versions", RegistryHttp.schemaBody(USER_BAD));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("email").contains("oldSchemaVersion: 1").contains("BACKWARD");

        Reply check = http.post("/compatibility/subjects/compat-value/versions/latest?verbose=true",
                RegistryHttp.schemaBody(USER_BAD));
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        Reply quiet = http.post("/compatibility/subjects/compat-value/versions/1", RegistryHttp.schemaBody(USER_V2));
        assertThat(quiet.text()).isEqualTo("{\"is_compatible\":true}");
        assertThat(http.post("/compatibility/subjects/compat-value/versions", RegistryHttp.schemaBody(USER_V2))
                .json().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/compat-value/versions/7", RegistryHttp.schemaBody(USER_V2))
                .errorCode()).isEqualTo(40402);
        assertThat(http.post("/compatibility/subjects/nobody-yet/versions/latest", RegistryHttp.schemaBody(USER_V2))
                .text()).isEqualTo("{\"is_compatible\":true}");

        // NONE for this subject lets it through; the global level is untouched.
        Reply set = http.put("/config/compat-value", "{\"compatibility\": \"NONE\"}");
        assertThat(set.text()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(http.get("/config/compat-value").text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
        http.register("compat-value", USER_BAD);
        assertThat(http.get("/subjects/compat-value/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(http.delete("/config/compat-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(http.get("/config/compat-value").errorCode()).isEqualTo(40408);
        assertThat(http.delete("/config/compat-value").errorCode()).as("Confluent: 40401 when none is set")
                .isEqualTo(40401);
        assertThat(http.get("/config/compat-value?defaultToGlobal=true").json().get("compatibilityLevel").asText())
                .isEqualTo("BACKWARD");
        Reply invalid = http.put("/config/compat-value", "{\"compatibility\": \"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
    }

    @Test
    void modesStopWritesAndImportKeepsGivenIds() throws Exception {
        assertThat(http.get("/mode").text()).isEqualTo("{\"mode\":\"READWRITE\"}");
        http.register("ro-value", USER_V1);
        assertThat(http.put("/mode/ro-value", "{\"mode\": \"READONLY\"}").text()).isEqualTo("{\"mode\":\"READONLY\"}");
        Reply refused = http.post("/subjects/ro-value/versions", RegistryHttp.schemaBody(USER_V2));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorCode()).isEqualTo(42205);
        assertThat(http.delete("/subjects/ro-value").errorCode()).isEqualTo(42205);
        assertThat(http.get("/mode/ro-value").json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(http.put("/mode/ro-value", "{\"mode\": \"SOMETIMES\"}").errorCode()).isEqualTo(42204);
        assertThat(http.put("/config/ro-value", "{\"compatibility\": \"NONE\"}").errorCode()).isEqualTo(42205);
        assertThat(refused.json().get("message").asText()).isEqualTo("Subject ro-value in context  is in read-only mode");
        assertThat(http.delete("/mode/ro-value").json().get("mode").asText()).isEqualTo("READONLY");
        assertThat(http.get("/mode/ro-value").errorCode()).isEqualTo(40409);
        assertThat(http.delete("/mode/ro-value").errorCode()).as("Confluent: 40401 when none is set").isEqualTo(40401);
        http.register("ro-value", USER_V2);

        // IMPORT: refused for a subject that has schemas unless forced; then ids and versions are the caller's.
        assertThat(http.put("/mode/imp-value", "{\"mode\": \"IMPORT\"}").status()).isEqualTo(200);
        ObjectNode imported = RegistryHttp.body(USER_V1).put("id", 5000).put("version", 7);
        Reply ok = http.post("/subjects/imp-value/versions", imported.toString());
        assertThat(ok.json().get("id").asInt()).isEqualTo(5000);
        assertThat(http.get("/subjects/imp-value/versions/7").json().get("id").asInt()).isEqualTo(5000);
        ObjectNode clash = RegistryHttp.body(USER_BAD).put("id", 5000).put("version", 8);
        assertThat(http.post("/subjects/imp-value/versions", clash.toString()).errorCode()).isEqualTo(42205);
        assertThat(http.post("/subjects/imp-value/versions", RegistryHttp.schemaBody(USER_BAD)).json().get("message")
                .asText()).isEqualTo("Subject imp-value in context  is not in read-write mode");
        assertThat(http.put("/mode/ro-value", "{\"mode\": \"IMPORT\"}").errorCode()).isEqualTo(42205);
        assertThat(http.put("/mode/ro-value?force=true", "{\"mode\": \"IMPORT\"}").status()).isEqualTo(200);
        http.delete("/mode/ro-value");
        http.delete("/mode/imp-value");
        // an id given outside IMPORT is refused
        assertThat(http.post("/subjects/ro-value/versions", RegistryHttp.body(USER_V1).put("id", 6000).toString())
                .errorCode()).isEqualTo(42205);
        // a new schema after the import gets an id above the imported one: ids are never reused
        assertThat(http.register("after-import-value", "{\"type\":\"fixed\",\"name\":\"F\",\"size\":3}"))
                .isGreaterThan(5000);
    }

    @Test
    void softThenPermanentDeletesFollowConfluentsOrder() throws Exception {
        http.register("del-value", USER_V1);
        http.register("del-value", USER_V2);
        assertThat(http.delete("/subjects/del-value/versions/1?permanent=true").errorCode()).isEqualTo(40407);
        assertThat(http.delete("/subjects/del-value/versions/1").text()).isEqualTo("1");
        assertThat(http.delete("/subjects/del-value/versions/1").errorCode()).isEqualTo(40406);
        assertThat(http.get("/subjects/del-value/versions").json().toString()).isEqualTo("[2]");
        assertThat(http.get("/subjects/del-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/del-value/versions/1").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/del-value/versions/1?deleted=true").json().get("version").asInt()).isEqualTo(1);
        assertThat(http.delete("/subjects/del-value/versions/1?permanent=true").text()).isEqualTo("1");
        assertThat(http.get("/subjects/del-value/versions?deleted=true").json().toString()).isEqualTo("[2]");

        assertThat(http.delete("/subjects/del-value?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(http.delete("/subjects/del-value").text()).isEqualTo("[2]");
        assertThat(http.delete("/subjects/del-value").errorCode()).isEqualTo(40404);
        assertThat(http.get("/subjects").json().toString()).doesNotContain("\"del-value\"");
        assertThat(http.get("/subjects?deleted=true").json().toString()).contains("\"del-value\"");
        assertThat(http.get("/subjects?deletedOnly=true").json().toString()).contains("\"del-value\"");
        assertThat(http.delete("/subjects/del-value?permanent=true").text()).isEqualTo("[2]");
        assertThat(http.get("/subjects?deleted=true").json().toString()).doesNotContain("\"del-value\"");
        assertThat(http.delete("/subjects/del-value").errorCode()).isEqualTo(40401);
    }

    @Test
    void referencesResolveAndProtectWhatTheyReference() throws Exception {
        String address = "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.example\",\"fields\":["
                + "{\"name\":\"street\",\"type\":\"string\"}]}";
        http.register("ref-address", address);
        ObjectNode body = RegistryHttp.body("{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"com.example\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"com.example.Address\"}]}");
        body.putArray("references").addObject().put("name", "com.example.Address").put("subject", "ref-address")
                .put("version", 1);
        Reply registered = http.post("/subjects/ref-customer/versions", body.toString());
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        int id = registered.json().get("id").asInt();
        JsonNode byId = http.get("/schemas/ids/" + id).json();
        assertThat(byId.get("references").toString()).isEqualTo(
                "[{\"name\":\"com.example.Address\",\"subject\":\"ref-address\",\"version\":1}]");
        assertThat(byId.get("schema").asText()).contains("\"type\":\"Address\"")
                .doesNotContain("street");
        assertThat(http.get("/subjects/ref-address/versions/1/referencedby").json().toString())
                .isEqualTo("[" + id + "]");
        Reply protectedDelete = http.delete("/subjects/ref-address/versions/1");
        assertThat(protectedDelete.status()).isEqualTo(422);
        assertThat(protectedDelete.errorCode()).isEqualTo(42206);
        ObjectNode dangling = RegistryHttp.body("{\"type\":\"record\",\"name\":\"C2\",\"fields\":[{\"name\":\"h\","
                + "\"type\":\"com.example.Nowhere\"}]}");
        dangling.putArray("references").addObject().put("name", "com.example.Nowhere").put("subject", "nowhere")
                .put("version", 1);
        assertThat(http.post("/subjects/ref-bad/versions", dangling.toString()).errorCode()).isEqualTo(42201);
    }

    @Test
    void schemasAreListedByPrefixAndLatest() throws Exception {
        http.register("list-a-value", USER_V1);
        http.register("list-a-value", USER_V2);
        http.register("list-b-value", "\"long\"");
        JsonNode all = http.get("/schemas?subjectPrefix=list-").json();
        assertThat(all.size()).isEqualTo(3);
        JsonNode latest = http.get("/schemas?subjectPrefix=list-&latestOnly=true").json();
        assertThat(latest.size()).isEqualTo(2);
        assertThat(latest.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/schemas?subjectPrefix=list-&offset=1&limit=1").json().size()).isEqualTo(1);
        assertThat(http.get("/subjects?subjectPrefix=list-").json().toString())
                .isEqualTo("[\"list-a-value\",\"list-b-value\"]");
    }

    @Test
    void subjectsWithSlashesAndSpacesRoundTrip() throws Exception {
        int id = http.register("team%2Forders%20v1", "\"int\"");
        assertThat(http.get("/subjects").json().toString()).contains("\"team/orders v1\"");
        assertThat(http.get("/subjects/team%2Forders%20v1/versions/1").json().get("id").asInt()).isEqualTo(id);
    }

    @Test
    void badInputGetsAClearAnswerAndTheRegistryStaysUp() throws Exception {
        Reply malformed = http.post("/subjects/bad-value/versions", "{\"schema\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo(400);
        assertThat(malformed.json().get("message").asText()).isNotBlank();
        Reply unparsable = http.post("/subjects/bad-value/versions", RegistryHttp.schemaBody("{\"type\":\"recrod\"}"));
        assertThat(unparsable.status()).isEqualTo(422);
        assertThat(unparsable.errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/bad-value/versions", "{}").errorCode()).isEqualTo(42201);
        assertThat(http.post("/subjects/bad-value/versions", "[1,2]").status()).isEqualTo(422);
        assertThat(http.post("/subjects/bad-value/versions", "{\"schema\":\"\\\"int\\\"\",\"schemaType\":\"XML\"}")
                .errorCode()).isEqualTo(42201);
        Reply unknown = http.get("/no/such/route");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        assertThat(http.send("PATCH", "/subjects", "{}").status()).isEqualTo(405);
        String huge = "{\"schema\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
        Reply tooLarge = http.post("/subjects/bad-value/versions", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(http.get("/subjects/bad-value/versions").errorCode()).isEqualTo(40401);
        assertThat(node.isAlive()).isTrue();
        assertThat(http.register("bad-value", "\"boolean\"")).isPositive();
    }

    @Test
    void concurrentRegistrationsOfOneSchemaGetOneIdAndOneVersion() throws Exception {
        String schema = "{\"type\":\"enum\",\"name\":\"Colour\",\"symbols\":[\"RED\",\"GREEN\"]}";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String subject = "race-" + (i % 3) + "-value";
                calls.add(pool.submit(() -> {
                    ids.add(http.register(subject, schema));
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
            assertThat(ids).hasSize(1);
            for (int s = 0; s < 3; s++) {
                assertThat(http.get("/subjects/race-" + s + "-value/versions").json().toString()).isEqualTo("[1]");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
