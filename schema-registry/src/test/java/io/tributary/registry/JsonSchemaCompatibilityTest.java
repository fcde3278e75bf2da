package io.tributary.registry;

import static io.tributary.registry.CompatibilityTable.ALL;
import static io.tributary.registry.CompatibilityTable.BACKWARD_ONLY;
import static io.tributary.registry.CompatibilityTable.FORWARD_ONLY;
import static io.tributary.registry.CompatibilityTable.ONLY_NONE;
import static io.tributary.registry.CompatibilityTable.allBut;
import static io.tributary.registry.state.CompatibilityLevel.BACKWARD;
import static io.tributary.registry.state.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.FORWARD;
import static io.tributary.registry.state.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.FULL;
import static io.tributary.registry.state.CompatibilityLevel.FULL_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.CompatibilityTable.Row;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.json.JsonSchemaParser;
import io.tributary.registry.state.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON Schema evolution against every compatibility level, with the outcomes of Confluent's checker (its default
 * STRICT policy). A reader can read a writer's data when every difference between the two schemas is of a
 * compatible kind; BACKWARD means the new schema reads what the old one wrote, FORWARD the other way round. The
 * rules that surprise: with an open content model (the default: any other property is allowed) adding a property
 * is not backward compatible — the old writer may have written anything under that name — while removing one is;
 * with a closed one ({@code additionalProperties: false}) it is the other way round; a partially open one
 * ({@code additionalProperties} or {@code patternProperties} with a schema) allows both when that schema covers the
 * property.
 */
class JsonSchemaCompatibilityTest {


    private static final JsonSchemaParser PARSER = new JsonSchemaParser();

    private static Row row(String name, String old, String candidate, Set<CompatibilityLevel> compatibleUnder) {
        return CompatibilityTable.row(name, json(old), json(candidate), compatibleUnder);
    }

    private static Row history(String name, List<String> history, String candidate,
                               Set<CompatibilityLevel> compatibleUnder) {
        return CompatibilityTable.history(name, history.stream().map(JsonSchemaCompatibilityTest::json).toList(),
                json(candidate), compatibleUnder);
    }

    /** Schemas are written with single quotes to stay readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** An object with these properties and an open content model (anything else allowed). */
    private static String open(String... properties) {
        return "{'type':'object','properties':{" + String.join(",", properties) + "}}";
    }

    /** The same with {@code required}. */
    private static String openRequiring(String required, String... properties) {
        return "{'type':'object','properties':{" + String.join(",", properties) + "},'required':[" + required
                + "]}";
    }

    /** An object with these properties and a closed content model ({@code additionalProperties: false}). */
    private static String closed(String... properties) {
        return "{'type':'object','properties':{" + String.join(",", properties) + "},'additionalProperties':false}";
    }

    private static String closedRequiring(String required, String... properties) {
        return "{'type':'object','properties':{" + String.join(",", properties) + "},'required':[" + required
                + "],'additionalProperties':false}";
    }

    /** An object whose other properties must match {@code additional}: a partially open content model. */
    private static String partial(String additional, String... properties) {
        return "{'type':'object','properties':{" + String.join(",", properties) + "},'additionalProperties':"
                + additional + "}";
    }

    private static String prop(String name, String schema) {
        return "'" + name + "':" + schema;
    }

    private static final String STRING = "{'type':'string'}";
    private static final String INTEGER = "{'type':'integer'}";
    private static final String NUMBER = "{'type':'number'}";
    private static final String A = prop("a", STRING);
    private static final String B = prop("b", STRING);

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // Open content models: the old writer may have put anything under a new name.
        rows.add(row("open: add an optional property", open(A), open(A, B), FORWARD_ONLY));
        rows.add(row("open: add a required property", open(A), openRequiring("'b'", A, B), FORWARD_ONLY));
        rows.add(row("open: add a required property with a default", open(A),
                openRequiring("'b'", A, prop("b", "{'type':'string','default':''}")), FORWARD_ONLY));
        rows.add(row("open: add a property with an empty schema", open(A), open(A, prop("b", "{}")), ALL));
        rows.add(row("open: add a property with the true schema", open(A), open(A, prop("b", "true")), ALL));
        rows.add(row("open: remove a property", open(A, B), open(A), BACKWARD_ONLY));
        rows.add(row("identical schema", open(A, B), open(A, B), ALL));
        rows.add(row("reorder properties", open(A, B), open(B, A), ALL));

        // Closed content models: nothing else was written, so the reader may add, but not drop.
        rows.add(row("closed: add an optional property", closed(A), closed(A, B), BACKWARD_ONLY));
        rows.add(row("closed: add a required property", closed(A), closedRequiring("'b'", A, B), ONLY_NONE));
        rows.add(row("closed: add a required property with a default", closed(A),
                closedRequiring("'b'", A, prop("b", "{'type':'string','default':'x'}")), BACKWARD_ONLY));
        rows.add(row("closed: remove a property", closed(A, B), closed(A), FORWARD_ONLY));
        rows.add(row("closed: remove a property whose schema is false", closed(A, prop("b", "false")), closed(A),
                ALL));

        // Partially open: what the additional-property schema covers may come and go.
        rows.add(row("partially open: add a property the additional schema covers", partial(STRING, A),
                partial(STRING, A, B), ALL));
        rows.add(row("partially open: add a property it does not cover", partial(STRING, A),
                partial(STRING, A, prop("b", INTEGER)), ONLY_NONE));
        rows.add(row("partially open: remove a covered property", partial(STRING, A, B), partial(STRING, A), ALL));
        rows.add(row("partially open: a pattern property covers the new one",
                "{'type':'object','properties':{" + A + "},'patternProperties':{'^x_':" + INTEGER + "}}",
                "{'type':'object','properties':{" + A + ",'x_count':" + INTEGER + "},'patternProperties':{'^x_':"
                        + INTEGER + "}}", ALL));

        // Changing the content model itself.
        rows.add(row("open to closed", open(A), closed(A), FORWARD_ONLY));
        rows.add(row("closed to open", closed(A), open(A), BACKWARD_ONLY));
        rows.add(row("open to partially open", open(A), partial(STRING, A), FORWARD_ONLY));

        // required.
        rows.add(row("make a property required", open(A), openRequiring("'a'", A), FORWARD_ONLY));
        rows.add(row("make a property required, with a default", open(prop("a", "{'type':'string','default':''}")),
                openRequiring("'a'", prop("a", "{'type':'string','default':''}")), ALL));
        rows.add(row("make a required property optional", openRequiring("'a'", A), open(A), BACKWARD_ONLY));

        // Types.
        rows.add(row("string to integer", open(A), open(prop("a", INTEGER)), ONLY_NONE));
        rows.add(row("integer to number", open(prop("a", INTEGER)), open(prop("a", NUMBER)), BACKWARD_ONLY));
        rows.add(row("number to integer", open(prop("a", NUMBER)), open(prop("a", INTEGER)), FORWARD_ONLY));
        rows.add(row("string to string-or-null", STRING, "{'type':['string','null']}", BACKWARD_ONLY));
        rows.add(row("string-or-null to string", "{'type':['string','null']}", STRING, FORWARD_ONLY));
        rows.add(row("string to any value", STRING, "{}", BACKWARD_ONLY));
        rows.add(row("empty schema to true", "{}", "true", ALL));
        rows.add(row("true to false", "true", "false", FORWARD_ONLY));
        rows.add(row("object to array", open(A), "{'type':'array','items':" + STRING + "}", ONLY_NONE));
        rows.add(row("nested object: property type changed", open(prop("addr", open(prop("zip", STRING)))),
                open(prop("addr", open(prop("zip", INTEGER)))), ONLY_NONE));
        rows.add(row("nested closed object: property added", open(prop("addr", closed(prop("zip", STRING)))),
                open(prop("addr", closed(prop("zip", STRING), prop("city", STRING)))), BACKWARD_ONLY));

        // enum and const.
        rows.add(row("enum: add a value", "{'enum':['A','B']}", "{'enum':['A','B','C']}", BACKWARD_ONLY));
        rows.add(row("enum: remove a value", "{'enum':['A','B','C']}", "{'enum':['A','B']}", FORWARD_ONLY));
        rows.add(row("enum: replace a value", "{'enum':['A','B']}", "{'enum':['A','C']}", ONLY_NONE));
        rows.add(row("enum: reorder values", "{'enum':['A','B']}", "{'enum':['B','A']}", ALL));
        rows.add(row("typed enum: remove a value", "{'type':'string','enum':['A','B']}",
                "{'type':'string','enum':['A']}", FORWARD_ONLY));
        rows.add(row("const changed", "{'const':'A'}", "{'const':'B'}", ONLY_NONE));

        // Strings.
        rows.add(row("maxLength increased", "{'type':'string','maxLength':5}", "{'type':'string','maxLength':10}",
                BACKWARD_ONLY));
        rows.add(row("maxLength added", STRING, "{'type':'string','maxLength':10}", FORWARD_ONLY));
        rows.add(row("maxLength removed", "{'type':'string','maxLength':10}", STRING, BACKWARD_ONLY));
        rows.add(row("minLength increased", "{'type':'string','minLength':1}", "{'type':'string','minLength':2}",
                FORWARD_ONLY));
        rows.add(row("pattern added", STRING, "{'type':'string','pattern':'^a'}", FORWARD_ONLY));
        rows.add(row("pattern changed", "{'type':'string','pattern':'^a'}", "{'type':'string','pattern':'^b'}",
                ONLY_NONE));
        rows.add(row("format changed (not compared)", "{'type':'string','format':'date'}",
                "{'type':'string','format':'email'}", ALL));

        // Numbers.
        rows.add(row("maximum decreased", "{'type':'number','maximum':10}", "{'type':'number','maximum':5}",
                FORWARD_ONLY));
        rows.add(row("minimum decreased", "{'type':'number','minimum':10}", "{'type':'number','minimum':5}",
                BACKWARD_ONLY));
        rows.add(row("same maximum written differently", "{'type':'number','maximum':10}",
                "{'type':'number','maximum':10.0}", ALL));
        rows.add(row("exclusiveMaximum decreased", "{'type':'number','exclusiveMaximum':10}",
                "{'type':'number','exclusiveMaximum':5}", FORWARD_ONLY));
        rows.add(row("exclusiveMinimum added", NUMBER, "{'type':'number','exclusiveMinimum':0}", FORWARD_ONLY));
        rows.add(row("multipleOf 2 to 4", "{'type':'integer','multipleOf':2}", "{'type':'integer','multipleOf':4}",
                FORWARD_ONLY));
        rows.add(row("multipleOf 4 to 2", "{'type':'integer','multipleOf':4}", "{'type':'integer','multipleOf':2}",
                BACKWARD_ONLY));
        rows.add(row("multipleOf 2 to 3", "{'type':'integer','multipleOf':2}", "{'type':'integer','multipleOf':3}",
                ONLY_NONE));

        // Arrays.
        String strings = "{'type':'array','items':" + STRING + "}";
        rows.add(row("items type changed", strings, "{'type':'array','items':" + INTEGER + "}", ONLY_NONE));
        rows.add(row("items integer to number", "{'type':'array','items':" + INTEGER + "}",
                "{'type':'array','items':" + NUMBER + "}", BACKWARD_ONLY));
        rows.add(row("items schema added", "{'type':'array'}", strings, FORWARD_ONLY));
        rows.add(row("maxItems added", strings, "{'type':'array','items':" + STRING + ",'maxItems':3}",
                FORWARD_ONLY));
        rows.add(row("uniqueItems added", strings, "{'type':'array','items':" + STRING + ",'uniqueItems':true}",
                FORWARD_ONLY));
        rows.add(row("closed tuple: item added", "{'type':'array','items':[" + STRING + "],'additionalItems':false}",
                "{'type':'array','items':[" + STRING + "," + INTEGER + "],'additionalItems':false}", BACKWARD_ONLY));
        rows.add(row("open tuple: item added", "{'type':'array','items':[" + STRING + "]}",
                "{'type':'array','items':[" + STRING + "," + INTEGER + "]}", FORWARD_ONLY));
        rows.add(row("2020-12 closed tuple: prefixItems item added",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'array','prefixItems':[" + STRING
                        + "],'items':false}",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'array','prefixItems':[" + STRING
                        + "," + INTEGER + "],'items':false}", BACKWARD_ONLY));

        // allOf / anyOf / oneOf.
        rows.add(row("oneOf: add a branch", "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                "{'oneOf':[" + STRING + "," + INTEGER + ",{'type':'null'}]}", BACKWARD_ONLY));
        rows.add(row("oneOf: remove a branch", "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                "{'oneOf':[" + STRING + "]}", FORWARD_ONLY));
        rows.add(row("oneOf: reorder branches", "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                "{'oneOf':[" + INTEGER + "," + STRING + "]}", ALL));
        rows.add(row("oneOf: change a branch", "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                "{'oneOf':[" + STRING + ",{'type':'boolean'}]}", ONLY_NONE));
        rows.add(row("oneOf to anyOf", "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                "{'anyOf':[" + STRING + "," + INTEGER + "]}", BACKWARD_ONLY));
        rows.add(row("allOf: add a part", "{'allOf':[" + open(A) + "]}",
                "{'allOf':[" + open(A) + "," + openRequiring("'a'") + "]}", FORWARD_ONLY));
        rows.add(row("a type becomes one branch of a oneOf", STRING, "{'oneOf':[" + STRING + "," + INTEGER + "]}",
                BACKWARD_ONLY));

        // not.
        rows.add(row("not: forbid more", "{'not':" + STRING + "}", "{'not':{'type':['string','null']}}",
                FORWARD_ONLY));
        rows.add(row("not: forbid less", "{'not':{'type':['string','null']}}", "{'not':" + STRING + "}",
                BACKWARD_ONLY));

        // $ref: compared through to what they name, recursive schemas included.
        String node = "'definitions':{'node':{'type':'object','properties':{'value':%s,'next':{'$ref':"
                + "'#/definitions/node'}}}}";
        String list = "{'type':'object','properties':{'head':{'$ref':'#/definitions/node'}}," + node + "}";
        rows.add(row("recursive schema unchanged", String.format(list, STRING), String.format(list, STRING), ALL));
        rows.add(row("recursive schema: a type changed inside", String.format(list, STRING),
                String.format(list, INTEGER), ONLY_NONE));
        rows.add(row("inline schema replaced by a $ref to the same", open(A),
                "{'type':'object','properties':{'a':{'$ref':'#/definitions/s'}},'definitions':{'s':" + STRING + "}}",
                ALL));
        rows.add(row("$ref target widened", "{'properties':{'a':{'$ref':'#/definitions/n'}},'definitions':{'n':"
                + INTEGER + "}}", "{'properties':{'a':{'$ref':'#/definitions/n'}},'definitions':{'n':" + NUMBER
                + "}}", BACKWARD_ONLY));

        // Annotations do not matter; dependencies do.
        rows.add(row("title and description changed", "{'type':'string','title':'a','description':'x'}",
                "{'type':'string','title':'b','description':'y'}", ALL));
        rows.add(row("default changed", "{'type':'string','default':'a'}", "{'type':'string','default':'b'}", ALL));
        rows.add(row("property dependency added", open(A, B),
                "{'type':'object','properties':{" + A + "," + B + "},'dependencies':{'a':['b']}}", FORWARD_ONLY));
        rows.add(row("2019-09 unevaluatedProperties false: add an optional property",
                "{'$schema':'https://json-schema.org/draft/2019-09/schema','type':'object','properties':{" + A
                        + "},'unevaluatedProperties':false}",
                "{'$schema':'https://json-schema.org/draft/2019-09/schema','type':'object','properties':{" + A + ","
                        + B + "},'unevaluatedProperties':false}", BACKWARD_ONLY));
        rows.add(row("draft-04: property type changed",
                "{'$schema':'http://json-schema.org/draft-04/schema#','type':'object','properties':{" + A + "}}",
                "{'$schema':'http://json-schema.org/draft-04/schema#','type':'object','properties':{'a':" + INTEGER
                        + "}}", ONLY_NONE));

        // Histories: the latest check passes, an older one fails, so transitive and not differ.
        rows.add(history("integer, then number; the candidate is number again",
                List.of(INTEGER, NUMBER), "{'type':'number','title':'n'}", allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("maxLength 20, then 10; the candidate keeps 10",
                List.of("{'type':'string','maxLength':20}", "{'type':'string','maxLength':10}"),
                "{'type':'string','maxLength':10,'title':'s'}", allBut(BACKWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("every step adds an enum value", List.of("{'enum':['A']}", "{'enum':['A','B']}"),
                "{'enum':['A','B','C']}", BACKWARD_ONLY));
        rows.add(history("every step adds a property to a closed model", List.of(closed(A), closed(A, B)),
                closed(A, B, prop("c", STRING)), BACKWARD_ONLY));

        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void compatibleUnderExactlyTheExpectedLevels(Row row) throws InvalidSchemaException {
        CompatibilityTable.assertAcceptedUnderExactly(PARSER, row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void expectationsAreCoherent(Row row) {
        CompatibilityTable.assertCoherent(row);
    }

    // --- The verbose messages: Confluent's text, to the character ---------------------------------------------

    @Test
    void aPropertyRemovedFromAClosedModelUnderBackward() throws InvalidSchemaException {
        ParsedSchema old = parse(json(closed(A, B)));
        List<String> problems = Compatibility.check(parse(json(closed(A))), List.of(new Compatibility.Earlier(1, old)),
                BACKWARD);
        assertThat(problems).containsExactly(
                "{errorType:\"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL\", description:\"The new has a closed "
                        + "content model and is missing a property or item present at path '#/properties/b' in the "
                        + "old schema'}",
                "{oldSchemaVersion: 1}",
                "{oldSchema: '" + old.canonical() + "'}",
                "{validateFields: 'false', compatibility: 'BACKWARD'}");
    }

    @Test
    void forwardSentencesCallTheReaderTheOldSchema() throws InvalidSchemaException {
        assertThat(firstProblem(closed(A), closed(A, B), FORWARD)).isEqualTo(
                "{errorType:\"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL\", description:\"The old has a closed "
                        + "content model and is missing a property or item present at path '#/properties/b' in the "
                        + "new schema'}");
    }

    @Test
    void eachKindOfProblemHasConfluentsTypeAndSentence() throws InvalidSchemaException {
        assertThat(firstProblem(open(A), open(A, B), BACKWARD)).isEqualTo(
                "{errorType:\"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL\", description:\"The new schema has an "
                        + "open content model and has a property or item at path '#/properties/b' which is missing "
                        + "in the old schema'}");
        assertThat(firstProblem(open(A), open(prop("a", INTEGER)), BACKWARD)).isEqualTo(
                "{errorType:\"TYPE_CHANGED\", description:\"A type at path '#/properties/a' is different between "
                        + "the new schema and the old schema'}");
        assertThat(firstProblem(closed(A), closedRequiring("'b'", A, B), BACKWARD)).isEqualTo(
                "{errorType:\"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL\", description:\"The new schema has "
                        + "an unopen content model and has a required property at path '#/properties/b' which is "
                        + "missing in the old schema'}");
        assertThat(firstProblem(open(A), openRequiring("'a'", A), BACKWARD)).isEqualTo(
                "{errorType:\"REQUIRED_ATTRIBUTE_ADDED\", description:\"The keyword at path '#/required/a' in the "
                        + "new schema is not present in the old schema'}");
        assertThat(firstProblem("{'type':'number','maximum':10}", "{'type':'number','maximum':5}", BACKWARD))
                .isEqualTo("{errorType:\"MAXIMUM_DECREASED\", description:\"The value at path '#/maximum' in the "
                        + "new schema is less than its value in the old schema'}");
        assertThat(firstProblem("{'type':'string','minLength':1}", "{'type':'string','minLength':2}", BACKWARD))
                .isEqualTo("{errorType:\"MIN_LENGTH_INCREASED\", description:\"The value at path '#/minLength' in "
                        + "the new schema is more than its value in the old schema'}");
        assertThat(firstProblem("{'enum':['A','B']}", "{'enum':['A']}", BACKWARD)).isEqualTo(
                "{errorType:\"ENUM_ARRAY_NARROWED\", description:\"An array or combined type at path '#/enum' has "
                        + "fewer elements in the new schema than the old schema'}");
        assertThat(firstProblem("{'type':'string','pattern':'^a'}", "{'type':'string','pattern':'^b'}", BACKWARD))
                .isEqualTo("{errorType:\"PATTERN_CHANGED\", description:\"The value at path '#/pattern' is "
                        + "different between the new and old schema'}");
        assertThat(firstProblem(partial(STRING, A), partial(STRING, A, prop("b", INTEGER)), BACKWARD))
                .isEqualTo("{errorType:\"TYPE_CHANGED\", description:\"A type at path '#/properties/b' is "
                        + "different between the new schema and the old schema'}");
        assertThat(problems(partial(STRING, A), partial(STRING, A, prop("b", INTEGER)), BACKWARD)).contains(
                "{errorType:\"PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL\", description:\"The new "
                        + "schema has a property or item at path '#/properties/b' which is missing in the old schema "
                        + "and is not covered by its partially open content model'}");
        assertThat(firstProblem("{'allOf':[" + open(A) + "]}", "{'allOf':[" + open(A) + "," + open(B) + "]}",
                BACKWARD)).isEqualTo("{errorType:\"PRODUCT_TYPE_EXTENDED\", description:\"An array or combined "
                        + "type at path '#/' has more elements in the new schema than the old schema'}");
        // Confluent has no sentence for a schema that appears where there was none.
        assertThat(firstProblem("{'type':'array'}", "{'type':'array','items':" + STRING + "}", BACKWARD))
                .isEqualTo("{errorType:\"SCHEMA_ADDED\", description:\"'}");
    }

    @Test
    void pathsLeadThroughCombinatorsAndReferences() throws InvalidSchemaException {
        assertThat(firstProblem("{'oneOf':[" + open(A) + "]}", "{'oneOf':[" + open(prop("a", INTEGER)) + "]}",
                BACKWARD)).isEqualTo("{errorType:\"COMBINED_TYPE_SUBSCHEMAS_CHANGED\", description:\"A type at "
                        + "path '#/' is different between the new schema and the old schema'}");
        String withRef = "{'properties':{'x':{'$ref':'#/definitions/d'}},'definitions':{'d':" + open(A) + "}}";
        assertThat(firstProblem(withRef, withRef.replace("'a':{'type':'string'}", "'a':{'type':'boolean'}"),
                BACKWARD)).contains("'#/properties/x/properties/a'");
    }

    @Test
    void fullReportsBothDirectionsOnce() throws InvalidSchemaException {
        List<String> problems = problems(open(A, B), open(A, prop("c", STRING)), FULL);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
                .contains("'#/properties/c'").contains("The new schema"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
                .contains("'#/properties/b'").contains("The old schema"));
        assertThat(problems).containsOnlyOnce("{oldSchemaVersion: 1}")
                .endsWith("{validateFields: 'false', compatibility: 'FULL'}");
    }

    @Test
    void aSchemaOfAnotherTypeIsIncompatibleAsSuch() throws InvalidSchemaException {
        ParsedSchema avro = new AvroSchemaParser().parse("\"string\"", List.of(), Map.of());
        List<String> problems = Compatibility.check(parse(json(STRING)), List.of(new Compatibility.Earlier(1, avro)),
                BACKWARD);
        assertThat(problems).startsWith("Incompatible because of different schema type");
    }

    @Test
    void changesInAReferencedSchemaAreSeenThroughTheRef() throws InvalidSchemaException {
        ParsedSchema customerV1 = parse(json(closed(prop("name", STRING))));
        ParsedSchema customerV2 = parse(json(closed(prop("name", STRING), prop("email", STRING))));
        String order = json("{'type':'object','properties':{'customer':{'$ref':'customer.json'}}}");
        ParsedSchema orderV1 = PARSER.parse(order, List.of(new Reference("customer.json", "customer", 1)),
                Map.of("customer.json", customerV1));
        ParsedSchema orderV2 = PARSER.parse(order, List.of(new Reference("customer.json", "customer", 2)),
                Map.of("customer.json", customerV2));
        List<Compatibility.Earlier> earlier = List.of(new Compatibility.Earlier(1, orderV1));
        assertThat(Compatibility.check(orderV2, earlier, BACKWARD)).isEmpty();
        assertThat(Compatibility.check(orderV2, earlier, FORWARD)).first().asString()
                .contains("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")
                .contains("'#/properties/customer/properties/email'");
    }

    @Test
    void noneAcceptsAnythingAndNoHistoryIsAlwaysCompatible() throws InvalidSchemaException {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(Compatibility.check(parse(json(STRING)), List.of(), level)).isEmpty();
        }
        assertThat(Compatibility.check(parse(json(STRING)), earlier(List.of(json(open(A)))), NONE)).isEmpty();
    }

    @Test
    void mutuallyRecursiveSchemasTerminate() throws InvalidSchemaException {
        String tree = "{'$ref':'#/definitions/a','definitions':{'a':{'type':'object','properties':{'b':{'$ref':"
                + "'#/definitions/b'},'x':%s}},'b':{'anyOf':[{'$ref':'#/definitions/a'},{'$ref':'#'},{'type':"
                + "'null'}]}}}";
        ParsedSchema one = parse(json(String.format(tree, STRING)));
        ParsedSchema other = parse(json(String.format(tree, INTEGER)));
        assertThat(one.incompatibilitiesReading(one, true)).isEmpty();
        assertThat(other.incompatibilitiesReading(one, true)).isNotEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static List<String> problems(String old, String candidate, CompatibilityLevel level)
            throws InvalidSchemaException {
        return Compatibility.check(parse(json(candidate)), earlier(List.of(json(old))), level);
    }

    private static String firstProblem(String old, String candidate, CompatibilityLevel level)
            throws InvalidSchemaException {
        List<String> problems = problems(old, candidate, level);
        assertThat(problems).as("problems under %s", level).isNotEmpty();
        return problems.get(0);
    }

    private static List<Compatibility.Earlier> earlier(List<String> history) throws InvalidSchemaException {
        return CompatibilityTable.earlier(PARSER, history);
    }

    private static ParsedSchema parse(String text) throws InvalidSchemaException {
        return CompatibilityTable.parse(PARSER, text);
    }
}
