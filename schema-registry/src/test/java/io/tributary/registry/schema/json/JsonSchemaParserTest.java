package io.tributary.registry.schema.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON Schema parsing as Confluent's registry does it: what is a valid schema (an object or a boolean its draft's
 * meta-schema accepts, every {@code $ref} leading somewhere), the canonical text (compact, keys in the order given,
 * numbers as written), the normalized text (keys sorted), and references by {@code $ref} URL.
 */
class JsonSchemaParserTest {

    private static final JsonSchemaParser PARSER = new JsonSchemaParser();

    /** Schemas are written with single quotes to stay readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static ParsedSchema parse(String text) throws InvalidSchemaException {
        return PARSER.parse(json(text), List.of(), Map.of());
    }

    private static ParsedSchema parse(String text, Map<String, ParsedSchema> dependencies)
            throws InvalidSchemaException {
        List<Reference> refs = dependencies.keySet().stream().map(n -> new Reference(n, "subject-" + n, 1)).toList();
        return PARSER.parse(json(text), refs, dependencies);
    }

    private static String refusal(String text) {
        return refusal(text, Map.of());
    }

    private static String refusal(String text, Map<String, ParsedSchema> dependencies) {
        try {
            parse(text, dependencies);
        } catch (InvalidSchemaException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + json(text));
    }

    // ---- canonical text ----

    @Test
    void theTypeIsJson() throws InvalidSchemaException {
        assertThat(PARSER.type()).isEqualTo(SchemaType.JSON);
        assertThat(parse("{'type':'string'}").type()).isEqualTo(SchemaType.JSON);
    }

    @Test
    void canonicalTextIsCompactWithKeysInTheOrderGiven() throws InvalidSchemaException {
        ParsedSchema s = parse("{\n  'type' : 'object',\n  'properties' : { 'name' : { 'type' : 'string' } },\n"
                + "  'required' : [ 'name' ]\n}");
        assertThat(s.canonical()).isEqualTo(json("{'type':'object','properties':{'name':{'type':'string'}},"
                + "'required':['name']}"));
    }

    @Test
    void whitespaceDoesNotMakeAnotherSchemaButKeyOrderDoes() throws InvalidSchemaException {
        ParsedSchema compact = parse("{'type':'object','properties':{'a':{'type':'integer'}}}");
        ParsedSchema spaced = parse("{ 'type': 'object',\n\t'properties': {'a': {'type': 'integer'}} }");
        ParsedSchema reordered = parse("{'properties':{'a':{'type':'integer'}},'type':'object'}");
        assertThat(spaced).isEqualTo(compact).hasSameHashCodeAs(compact);
        assertThat(spaced.canonical()).isEqualTo(compact.canonical());
        assertThat(reordered.canonical()).isNotEqualTo(compact.canonical());
        // Normalized, key order no longer matters.
        assertThat(reordered.normalized().canonical()).isEqualTo(compact.normalized().canonical());
    }

    @Test
    void numbersAreKeptAsWritten() throws InvalidSchemaException {
        assertThat(parse("{'type':'number','maximum':1.50,'minimum':-2,'multipleOf':0.10}").canonical())
                .isEqualTo(json("{'type':'number','maximum':1.50,'minimum':-2,'multipleOf':0.10}"));
        // Jackson's BigDecimal text for exponents, as Confluent's canonical text has it.
        assertThat(parse("{'maximum':1e3}").canonical()).isEqualTo(json("{'maximum':1E+3}"));
    }

    @Test
    void unicodeIsKeptAndEscapesAreCanonical() throws InvalidSchemaException {
        assertThat(parse("{'description':'caf\\u00e9 \u00fc','type':'string'}").canonical())
                .isEqualTo(json("{'description':'caf\u00e9 \u00fc','type':'string'}"));
    }

    @Test
    void normalizedSortsKeysAtEveryDepth() throws InvalidSchemaException {
        ParsedSchema s = parse("{'type':'object','required':['b','a'],'properties':{'b':{'type':'string',"
                + "'maxLength':3},'a':{'type':'integer','default':{'z':1,'y':2}}}}");
        assertThat(s.normalized().canonical()).isEqualTo(json("{'properties':{'a':{'default':{'y':2,'z':1},"
                + "'type':'integer'},'b':{'maxLength':3,'type':'string'}},'required':['b','a'],'type':'object'}"));
        assertThat(s.normalized().type()).isEqualTo(SchemaType.JSON);
        assertThat(s.normalized().normalized().canonical()).isEqualTo(s.normalized().canonical());
    }

    @Test
    void normalizedSortsAndDeduplicatesReferences() throws InvalidSchemaException {
        ParsedSchema a = parse("{'type':'string'}");
        ParsedSchema b = parse("{'type':'integer'}");
        Map<String, ParsedSchema> deps = new LinkedHashMap<>();
        deps.put("b.json", b);
        deps.put("a.json", a);
        List<Reference> refs = List.of(new Reference("b.json", "b", 2), new Reference("a.json", "a", 1),
                new Reference("b.json", "b", 2));
        ParsedSchema s = PARSER.parse(json("{'properties':{'a':{'$ref':'a.json'},'b':{'$ref':'b.json'}}}"), refs,
                deps);
        assertThat(s.references()).isEqualTo(refs);
        assertThat(s.normalized().references()).containsExactly(new Reference("a.json", "a", 1),
                new Reference("b.json", "b", 2));
    }

    @Test
    void booleanSchemasAreSchemas() throws InvalidSchemaException {
        assertThat(parse("true").canonical()).isEqualTo("true");
        assertThat(parse(" false ").canonical()).isEqualTo("false");
        assertThat(parse("{}").canonical()).isEqualTo("{}");
        assertThat(parse("{'type':'object','properties':{'never':false,'any':true}}").canonical())
                .isEqualTo(json("{'type':'object','properties':{'never':false,'any':true}}"));
    }

    // ---- validity ----

    @ParameterizedTest
    @ValueSource(strings = {"{", "{'type':'string'", "{'type':'string'} trailing", "nope", "{'a':1,}"})
    void textThatIsNotJsonIsRefused(String text) {
        assertThat(refusal(text)).startsWith("Invalid schema " + json(text) + ", details: it is not JSON: ");
    }

    @Test
    void anEmptyTextIsRefused() {
        assertThat(refusal("   ")).contains("it is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'string'", "42", "null"})
    void jsonThatIsNeitherAnObjectNorABooleanIsRefused(String text) {
        assertThat(refusal(text)).contains("a JSON Schema is an object or a boolean, not ");
    }

    @Test
    void whatTheMetaSchemaRefusesIsRefusedWithItsReasons() {
        assertThat(refusal("{'type':'strin'}")).contains("the draft-07 meta-schema refuses it").contains("/type");
        assertThat(refusal("{'type':'string','minLength':-1}")).contains("/minLength");
        assertThat(refusal("{'type':'object','required':'name'}")).contains("/required");
        assertThat(refusal("{'type':'object','properties':{'a':5}}")).contains("/properties/a");
        assertThat(refusal("{'type':'array','items':'string'}")).contains("/items");
        assertThat(refusal("{'enum':'a'}")).contains("/enum");
        assertThat(refusal("{'type':'string','pattern':'(unclosed'}")).contains("/pattern");
        assertThat(refusal("{'allOf':{}}")).contains("/allOf");
    }

    @Test
    void theDraftIsChosenBySchemaAndDefaultsToDraft07() throws InvalidSchemaException {
        assertThat(((JsonSchema) parse("{'type':'string'}")).draft()).isEqualTo("draft-07");
        assertThat(((JsonSchema) parse("{'$schema':'http://json-schema.org/draft-04/schema#'}")).draft())
                .isEqualTo("draft-04");
        assertThat(((JsonSchema) parse("{'$schema':'https://json-schema.org/draft-06/schema'}")).draft())
                .isEqualTo("draft-06");
        assertThat(((JsonSchema) parse("{'$schema':'http://json-schema.org/draft-07/schema#'}")).draft())
                .isEqualTo("draft-07");
        assertThat(((JsonSchema) parse("{'$schema':'https://json-schema.org/draft/2019-09/schema'}")).draft())
                .isEqualTo("draft/2019-09");
        assertThat(((JsonSchema) parse("{'$schema':'https://json-schema.org/draft/2020-12/schema'}")).draft())
                .isEqualTo("draft/2020-12");
        assertThat(((JsonSchema) parse("{'$schema':'https://example.com/my-meta-schema'}")).draft())
                .isEqualTo("draft-07");
    }

    @Test
    void eachDraftIsCheckedAgainstItsOwnMetaSchema() throws InvalidSchemaException {
        // draft-04: exclusiveMaximum is a boolean beside maximum; from draft-06 it is a number.
        String draft4 = "{'$schema':'http://json-schema.org/draft-04/schema#','type':'number','maximum':5,"
                + "'exclusiveMaximum':true}";
        assertThat(parse(draft4).canonical()).isEqualTo(json(draft4));
        assertThat(refusal("{'$schema':'http://json-schema.org/draft-04/schema#','exclusiveMaximum':5}"))
                .contains("draft-04 meta-schema");
        assertThat(refusal("{'type':'number','maximum':5,'exclusiveMaximum':true}")).contains("draft-07 meta-schema");
        parse("{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'array','prefixItems':"
                + "[{'type':'string'}],'items':false}");
        parse("{'$schema':'https://json-schema.org/draft/2019-09/schema','type':'object','properties':{'a':"
                + "{'type':'string'}},'unevaluatedProperties':false,'dependentRequired':{'a':['b']}}");
    }

    // ---- $ref within the schema ----

    @Test
    void localReferencesResolveWithinTheDocument() throws InvalidSchemaException {
        parse("{'type':'object','properties':{'a':{'$ref':'#/definitions/a'}},'definitions':{'a':{'type':'string'}}}");
        parse("{'$schema':'https://json-schema.org/draft/2020-12/schema','properties':{'a':{'$ref':'#/$defs/a'}},"
                + "'$defs':{'a':{'type':'string'}}}");
        parse("{'properties':{'self':{'$ref':'#'}}}");
        parse("{'properties':{'a':{'$ref':'#/definitions/a~1b'},'c':{'$ref':'#/definitions/with%20space'}},"
                + "'definitions':{'a/b':{'type':'string'},'with space':{'type':'integer'}}}");
        parse("{'properties':{'first':{'$ref':'#/properties/list/items/0'},'list':{'items':[{'type':'string'}]}}}");
    }

    @Test
    void anchorsAndEmbeddedIdsResolve() throws InvalidSchemaException {
        // draft-07: an $id of '#name' is an anchor.
        parse("{'properties':{'a':{'$ref':'#addr'}},'definitions':{'x':{'$id':'#addr','type':'string'}}}");
        // 2020-12: $anchor.
        parse("{'$schema':'https://json-schema.org/draft/2020-12/schema','properties':{'a':{'$ref':'#addr'}},"
                + "'$defs':{'x':{'$anchor':'addr','type':'string'}}}");
        // An embedded schema named by its $id, relative to the document's $id.
        parse("{'$id':'https://example.com/root.json','properties':{'a':{'$ref':'item.json'},"
                + "'b':{'$ref':'https://example.com/item.json#/properties/n'}},'definitions':{'item':{'$id':"
                + "'item.json','type':'object','properties':{'n':{'type':'integer'}}}}}");
        // A pointer written against the document's own $id.
        parse("{'$id':'https://example.com/root.json','properties':{'a':{'$ref':"
                + "'https://example.com/root.json#/definitions/a'}},'definitions':{'a':{'type':'string'}}}");
    }

    @Test
    void aRefLeadingNowhereIsRefused() {
        assertThat(refusal("{'properties':{'a':{'$ref':'#/definitions/missing'}}}"))
                .contains("the $ref '#/definitions/missing' at '#/properties/a' leads neither to a schema within "
                        + "this one nor to one of its references (it has none)");
        assertThat(refusal("{'$ref':'#nowhere'}")).contains("'#nowhere'");
        assertThat(refusal("{'$ref':'https://example.com/schemas/customer.json'}"))
                .contains("'https://example.com/schemas/customer.json'");
        // A ref into something that is not a schema.
        assertThat(refusal("{'properties':{'a':{'$ref':'#/required/0'}},'required':['a']}")).contains("#/required/0");
        // Inside definitions too, even when nothing uses it.
        assertThat(refusal("{'definitions':{'a':{'items':{'$ref':'other.json'}}}}"))
                .contains("at '#/definitions/a/items'");
    }

    // ---- references to other registered schemas ----

    @Test
    void aReferenceIsNamedByTheRefUrl() throws InvalidSchemaException {
        ParsedSchema customer = parse("{'type':'object','properties':{'name':{'type':'string'}}}");
        ParsedSchema order = parse("{'type':'object','properties':{'customer':{'$ref':'customer.json'}}}",
                Map.of("customer.json", customer));
        assertThat(order.references()).containsExactly(new Reference("customer.json", "subject-customer.json", 1));
        // The canonical text keeps the $ref; the referenced schema is not inlined.
        assertThat(order.canonical()).isEqualTo(json("{'type':'object','properties':{'customer':{'$ref':"
                + "'customer.json'}}}"));
        assertThat(refusal("{'type':'object','properties':{'customer':{'$ref':'customer.json'}}}"))
                .contains("'customer.json'");
        assertThat(refusal("{'properties':{'c':{'$ref':'customer.json'}}}", Map.of("client.json", customer)))
                .contains("[client.json]");
    }

    @Test
    void aRelativeRefAndAReferenceNameMeetThroughTheDocumentsId() throws InvalidSchemaException {
        ParsedSchema address = parse("{'$id':'https://example.com/address.schema.json','type':'object'}");
        // Named as written in the $ref...
        parse("{'$id':'https://example.com/person.schema.json','properties':{'home':{'$ref':"
                + "'address.schema.json'}}}", Map.of("address.schema.json", address));
        // ...or by the absolute URL the $ref resolves to against the $id.
        parse("{'$id':'https://example.com/person.schema.json','properties':{'home':{'$ref':"
                + "'address.schema.json'}}}", Map.of("https://example.com/address.schema.json", address));
        parse("{'properties':{'home':{'$ref':'https://example.com/address.schema.json'}}}",
                Map.of("https://example.com/address.schema.json", address));
        assertThat(refusal("{'$id':'https://other.org/person.json','properties':{'home':{'$ref':"
                + "'https://example.com/address.schema.json'}}}", Map.of("https://other.org/address.json", address)))
                .contains("leads neither");
    }

    @Test
    void aRefMayPointIntoAReferencedSchema() throws InvalidSchemaException {
        ParsedSchema defs = parse("{'definitions':{'address':{'type':'object'},'zip':{'$id':'#zip',"
                + "'type':'string'}}}");
        parse("{'properties':{'a':{'$ref':'defs.json#/definitions/address'},'z':{'$ref':'defs.json#zip'}}}",
                Map.of("defs.json", defs));
        assertThat(refusal("{'properties':{'a':{'$ref':'defs.json#/definitions/phone'}}}", Map.of("defs.json", defs)))
                .contains("'defs.json#/definitions/phone'");
    }

    @Test
    void referencesReachTheirOwnReferences() throws InvalidSchemaException {
        ParsedSchema country = parse("{'type':'string','enum':['NL','FR']}");
        ParsedSchema address = parse("{'type':'object','properties':{'country':{'$ref':'country.json'}}}",
                Map.of("country.json", country));
        // The order names only address.json; what address.json references comes with it.
        ParsedSchema order = parse("{'properties':{'ship':{'$ref':'address.json'},'c':{'$ref':'country.json'}}}",
                Map.of("address.json", address));
        assertThat(order.references()).hasSize(1);
    }

    @Test
    void onlyJsonSchemasCanBeReferenced() throws InvalidSchemaException {
        ParsedSchema avro = new AvroSchemaParser().parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}",
                List.of(), Map.of());
        assertThat(refusal("{'$ref':'A'}", Map.of("A", avro)))
                .contains("a JSON schema can only reference JSON schemas; reference A is AVRO");
    }

    @Test
    void equalityIsTheCanonicalTextAndTheReferences() throws InvalidSchemaException {
        ParsedSchema target = parse("{'type':'string'}");
        ParsedSchema one = parse("{'$ref':'t.json'}", Map.of("t.json", target));
        ParsedSchema other = PARSER.parse(json("{'$ref':'t.json'}"), List.of(new Reference("t.json", "t", 2)),
                Map.of("t.json", target));
        assertThat(one).isNotEqualTo(other);
        assertThat(one.canonical()).isEqualTo(other.canonical());
        assertThat(one.toString()).isEqualTo(one.canonical());
    }

    @Test
    void theDocumentIsACopy() throws InvalidSchemaException {
        JsonSchema s = (JsonSchema) parse("{'type':'string'}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) s.document()).put("type", "integer");
        assertThat(s.canonical()).isEqualTo(json("{'type':'string'}"));
    }
}
