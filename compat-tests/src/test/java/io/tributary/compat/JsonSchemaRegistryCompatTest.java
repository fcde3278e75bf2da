package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.compat.RegistryHttp.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON Schemas ({@code "schemaType":"JSON"}) in the registry bundled in {@code tributary start}, over HTTP as a
 * Confluent client or curl uses it: registration with Confluent's canonical text (compact, keys as given) and ids,
 * references between schemas by {@code $ref} URL, Confluent's JSON Schema compatibility rules and messages, and the
 * 42201 answers for what is not a valid schema.
 */
class JsonSchemaRegistryCompatTest {

    @TempDir
    static Path data;
    static TributaryProcess node;
    static RegistryHttp http;

    static final String PERSON = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "title": "Person",
              "type": "object",
              "properties": {
                "name": { "type": "string" },
                "age":  { "type": "integer", "minimum": 0 }
              },
              "required": ["name"]
            }
            """;
    static final String PERSON_CANONICAL = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":"
            + "\"Person\",\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":"
            + "\"integer\",\"minimum\":0}},\"required\":[\"name\"]}";

    @BeforeAll
    static void start() throws Exception {
        node = TributaryProcess.withRegistry(data).start();
        http = new RegistryHttp(node.registryUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    static ObjectNode json(String text) {
        return RegistryHttp.body(text).put("schemaType", "JSON");
    }

    static Reply register(String subject, ObjectNode body) throws Exception {
        return http.post("/subjects/" + subject + "/versions", body.toString());
    }

    static int registered(String subject, ObjectNode body) throws Exception {
        Reply r = register(subject, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("id").asInt();
    }

    /** A closed object (no other properties allowed) with string properties of these names. */
    static String closed(String... names) {
        List<String> props = new ArrayList<>();
        for (String n : names) {
            props.add("\"" + n + "\":{\"type\":\"string\"}");
        }
        return "{\"type\":\"object\",\"properties\":{" + String.join(",", props) + "},\"additionalProperties\":false}";
    }

    @Test
    void typesListJsonFirst() throws Exception {
        List<String> types = new ArrayList<>();
        http.get("/schemas/types").json().forEach(t -> types.add(t.asText()));
        assertThat(types).contains("JSON", "AVRO");
        assertThat(types.get(0)).as("Confluent's order: JSON, PROTOBUF, AVRO").isEqualTo("JSON");
    }

    @Test
    void aJsonSchemaIsStoredAsCanonicalTextAndAnswersWithItsType() throws Exception {
        int id = registered("person-value", json(PERSON));

        JsonNode latest = http.get("/subjects/person-value/versions/latest").json();
        assertThat(latest.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(latest.get("schema").asText()).isEqualTo(PERSON_CANONICAL);
        JsonNode byId = http.get("/schemas/ids/" + id).json();
        assertThat(byId.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(byId.get("schema").asText()).isEqualTo(PERSON_CANONICAL);
        assertThat(http.get("/schemas/ids/" + id + "/schema").text()).isEqualTo(PERSON_CANONICAL);
        assertThat(http.get("/subjects/person-value/versions/1/schema").text()).isEqualTo(PERSON_CANONICAL);

        // Whitespace does not make another schema: same id, same version.
        assertThat(registered("person-value", json(PERSON_CANONICAL))).isEqualTo(id);
        assertThat(registered("person-other-value", json(PERSON.replace("\n", "\r\n  ")))).isEqualTo(id);
        assertThat(http.get("/subjects/person-value/versions").json().toString()).isEqualTo("[1]");

        Reply found = http.post("/subjects/person-value", json(PERSON).toString());
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("schemaType").asText()).isEqualTo("JSON");

        // The same text registered as Avro is not an Avro schema.
        Reply asAvro = http.post("/subjects/person-avro-value/versions", RegistryHttp.schemaBody(PERSON));
        assertThat(asAvro.errorCode()).as(asAvro.text()).isEqualTo(42201);
    }

    @Test
    void keyOrderMattersUnlessNormalized() throws Exception {
        String given = "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":"
                + "\"integer\"}}}";
        String reordered = "{\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}},\"type\":"
                + "\"object\"}";
        int id = registered("order-value", json(given));
        assertThat(registered("order-value", json(reordered))).isNotEqualTo(id);

        Reply normalized = http.post("/subjects/normalized-value/versions?normalize=true", json(given).toString());
        assertThat(normalized.status()).as(normalized.text()).isEqualTo(200);
        int nid = normalized.json().get("id").asInt();
        assertThat(http.get("/schemas/ids/" + nid + "/schema").text()).isEqualTo(reordered);
        Reply again = http.post("/subjects/normalized-value/versions?normalize=true", json(reordered).toString());
        assertThat(again.json().get("id").asInt()).isEqualTo(nid);
    }

    @Test
    void anIncompatibleEvolutionIsRefusedWithConfluentsReasons() throws Exception {
        registered("closed-value", json(closed("a", "b")));

        // BACKWARD (the default): the new schema must read what the old one wrote; b is gone from a closed model.
        Reply refused = register("closed-value", json(closed("a")));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.json().get("message").asText())
                .contains("{errorType:\"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL\", description:\"The new has a "
                        + "closed content model and is missing a property or item present at path '#/properties/b' "
                        + "in the old schema'}")
                .contains("oldSchemaVersion: 1").contains("BACKWARD");

        Reply check = http.post("/compatibility/subjects/closed-value/versions/latest?verbose=true",
                json(closed("a")).toString());
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").toString()).contains("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL");

        // Adding an optional property to a closed model is backward compatible: version 2.
        Reply ok = http.post("/compatibility/subjects/closed-value/versions/latest", json(closed("a", "b", "c"))
                .toString());
        assertThat(ok.text()).isEqualTo("{\"is_compatible\":true}");
        Reply v2 = register("closed-value", json(closed("a", "b", "c")));
        assertThat(v2.status()).as(v2.text()).isEqualTo(200);
        assertThat(http.get("/subjects/closed-value/versions").json().toString()).isEqualTo("[1,2]");
        assertThat(http.get("/subjects/closed-value/versions/2").json().get("schemaType").asText())
                .isEqualTo("JSON");

        // The same addition to an open model is not: the old writer may have put anything under "c".
        registered("open-value", json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"));
        Reply open = register("open-value", json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
                + "\"c\":{\"type\":\"string\"}}}"));
        assertThat(open.status()).isEqualTo(409);
        assertThat(open.json().get("message").asText()).contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
                .contains("'#/properties/c'");

        // FORWARD on the subject: now the old schema must read new data, and removing from the closed model fails.
        http.put("/config/closed-value", "{\"compatibility\": \"FORWARD\"}");
        Reply forward = register("closed-value", json(closed("a", "b", "c", "d")));
        assertThat(forward.status()).isEqualTo(409);
        assertThat(forward.json().get("message").asText())
                .contains("description:\"The old has a closed content model and is missing a property or item "
                        + "present at path '#/properties/d' in the new schema'}")
                .contains("FORWARD");
    }

    @Test
    void schemasReferToEachOtherByRefUrl() throws Exception {
        String address = "{\"$id\":\"https://example.com/address.schema.json\",\"type\":\"object\",\"properties\":"
                + "{\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}}}";
        registered("json-address", json(address));
        String customer = "{\"$id\":\"https://example.com/customer.schema.json\",\"type\":\"object\",\"properties\":"
                + "{\"name\":{\"type\":\"string\"},\"home\":{\"$ref\":\"address.schema.json\"}}}";
        ObjectNode body = json(customer);
        body.putArray("references").addObject().put("name", "address.schema.json").put("subject", "json-address")
                .put("version", 1);
        int id = registered("json-customer", body);

        JsonNode byId = http.get("/schemas/ids/" + id).json();
        assertThat(byId.get("schemaType").asText()).isEqualTo("JSON");
        assertThat(byId.get("references").toString()).isEqualTo(
                "[{\"name\":\"address.schema.json\",\"subject\":\"json-address\",\"version\":1}]");
        assertThat(byId.get("schema").asText()).contains("\"$ref\":\"address.schema.json\"").doesNotContain("street");
        assertThat(http.get("/subjects/json-address/versions/1/referencedby").json().toString())
                .isEqualTo("[" + id + "]");
        assertThat(http.delete("/subjects/json-address/versions/1").errorCode()).isEqualTo(42206);

        // A $ref that is neither inside the schema nor a reference: 42201.
        Reply dangling = register("json-dangling", json(customer));
        assertThat(dangling.errorCode()).as(dangling.text()).isEqualTo(42201);
        assertThat(dangling.json().get("message").asText()).contains("address.schema.json");
        // A reference to a version that does not exist: 42201.
        ObjectNode missing = json(customer);
        missing.putArray("references").addObject().put("name", "address.schema.json").put("subject", "json-address")
                .put("version", 9);
        assertThat(register("json-missing", missing).errorCode()).isEqualTo(42201);
    }

    @Test
    void whatIsNotAValidJsonSchemaIs42201() throws Exception {
        for (String bad : List.of("{\"type\":\"strin\"}", "{\"type\":\"object\",\"required\":\"name\"}",
                "{\"type\": \"object\"", "[\"type\"]", "{\"properties\":{\"a\":{\"$ref\":\"#/definitions/none\"}}}")) {
            Reply r = register("json-bad-value", json(bad));
            assertThat(r.status()).as(bad + " -> " + r.text()).isEqualTo(422);
            assertThat(r.errorCode()).as(bad).isEqualTo(42201);
            assertThat(r.json().get("message").asText()).as(bad).startsWith("Invalid schema");
        }
        assertThat(http.get("/subjects").json().toString()).doesNotContain("json-bad-value");
    }
}
