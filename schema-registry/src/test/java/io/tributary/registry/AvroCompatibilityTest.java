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
import io.tributary.registry.state.CompatibilityLevel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Avro schema evolution against every compatibility level, with the outcomes Confluent's Schema Registry documents:
 * BACKWARD means the new schema reads data written with the old one (delete fields, add optional fields), FORWARD
 * that the old schema reads data written with the new one (add fields, delete optional fields), FULL both; the
 * transitive levels check every earlier version rather than only the latest. For the individual type rules Confluent
 * defers to Avro's schema resolution (its {@code AvroSchema.isBackwardCompatible} is Avro's
 * {@code SchemaCompatibility.checkReaderWriterCompatibility}), so those rows follow the Avro specification.
 */
class AvroCompatibilityTest {


    private static final AvroSchemaParser PARSER = new AvroSchemaParser();

    private static Row row(String name, String old, String candidate, Set<CompatibilityLevel> compatibleUnder) {
        return CompatibilityTable.row(name, json(old), json(candidate), compatibleUnder);
    }

    private static Row history(String name, List<String> history, String candidate,
                               Set<CompatibilityLevel> compatibleUnder) {
        return CompatibilityTable.history(name, history.stream().map(AvroCompatibilityTest::json).toList(),
                json(candidate), compatibleUnder);
    }

    /** Schemas are written with single quotes to stay readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A record {@code com.example.User} with the given fields. */
    private static String user(String... fields) {
        return "{'type':'record','name':'User','namespace':'com.example','fields':[" + String.join(",", fields)
                + "]}";
    }

    private static String field(String name, String type) {
        return "{'name':'" + name + "','type':" + type + "}";
    }

    private static String field(String name, String type, String defaultValue) {
        return "{'name':'" + name + "','type':" + type + ",'default':" + defaultValue + "}";
    }

    private static String q(String primitive) {
        return "'" + primitive + "'";
    }

    private static String status(String symbols) {
        return "{'type':'enum','name':'Status','symbols':[" + symbols + "]}";
    }

    private static String status(String symbols, String enumDefault) {
        return "{'type':'enum','name':'Status','symbols':[" + symbols + "],'default':'" + enumDefault + "'}";
    }

    private static String address(String... fields) {
        return "{'type':'record','name':'Address','fields':[" + String.join(",", fields) + "]}";
    }

    private static final String A = field("a", q("string"));
    private static final String B_REQUIRED = field("b", q("int"));
    private static final String B_DEFAULTED = field("b", q("int"), "0");

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // Fields: a reader needs a default for a field the writer lacks; a field the reader lacks is skipped.
        rows.add(row("add field with default", user(A), user(A, B_DEFAULTED), ALL));
        rows.add(row("add field without default", user(A), user(A, B_REQUIRED), FORWARD_ONLY));
        rows.add(row("add optional field (null default)", user(A),
                user(A, field("b", "['null','string']", "null")), ALL));
        rows.add(row("remove field with default", user(A, B_DEFAULTED), user(A), ALL));
        rows.add(row("remove field without default", user(A, B_REQUIRED), user(A), BACKWARD_ONLY));
        rows.add(row("add a default to an existing field", user(A, B_REQUIRED), user(A, B_DEFAULTED), ALL));
        rows.add(row("remove the default of an existing field", user(A, B_DEFAULTED), user(A, B_REQUIRED), ALL));
        rows.add(row("reorder fields", user(A, B_REQUIRED), user(B_REQUIRED, A), ALL));
        rows.add(row("identical schema", user(A, B_REQUIRED), user(A, B_REQUIRED), ALL));

        // Primitive promotions: int -> long, float, double; long -> float, double; float -> double; string <-> bytes.
        rows.add(row("promote int to long", user(field("v", q("int"))), user(field("v", q("long"))), BACKWARD_ONLY));
        rows.add(row("narrow long to int", user(field("v", q("long"))), user(field("v", q("int"))), FORWARD_ONLY));
        rows.add(row("promote int to float", user(field("v", q("int"))), user(field("v", q("float"))),
                BACKWARD_ONLY));
        rows.add(row("promote int to double", user(field("v", q("int"))), user(field("v", q("double"))),
                BACKWARD_ONLY));
        rows.add(row("promote long to float", user(field("v", q("long"))), user(field("v", q("float"))),
                BACKWARD_ONLY));
        rows.add(row("promote long to double", user(field("v", q("long"))), user(field("v", q("double"))),
                BACKWARD_ONLY));
        rows.add(row("promote float to double", user(field("v", q("float"))), user(field("v", q("double"))),
                BACKWARD_ONLY));
        rows.add(row("narrow double to float", user(field("v", q("double"))), user(field("v", q("float"))),
                FORWARD_ONLY));
        rows.add(row("string to bytes", user(field("v", q("string"))), user(field("v", q("bytes"))), ALL));
        rows.add(row("bytes to string", user(field("v", q("bytes"))), user(field("v", q("string"))), ALL));
        rows.add(row("int to string", user(field("v", q("int"))), user(field("v", q("string"))), ONLY_NONE));
        rows.add(row("boolean to int", user(field("v", q("boolean"))), user(field("v", q("int"))), ONLY_NONE));
        rows.add(row("top-level int to long", q("int"), q("long"), BACKWARD_ONLY));
        rows.add(row("top-level string to record", q("string"), user(A), ONLY_NONE));
        // Avro's resolution ignores logical types, so Confluent accepts adding or removing one.
        rows.add(row("add a logical type to long", user(field("t", q("long"))),
                user(field("t", "{'type':'long','logicalType':'timestamp-millis'}")), ALL));

        // Enums: a reader must know every symbol the writer may write, unless the reader has an enum default.
        rows.add(row("enum add symbol", user(field("s", status("'A','B'"))), user(field("s", status("'A','B','C'"))),
                BACKWARD_ONLY));
        rows.add(row("enum remove symbol", user(field("s", status("'A','B','C'"))),
                user(field("s", status("'A','B'"))), FORWARD_ONLY));
        rows.add(row("enum add symbol, both with enum default", user(field("s", status("'A','B'", "A"))),
                user(field("s", status("'A','B','C'", "A"))), ALL));
        rows.add(row("enum add symbol, only the new schema has an enum default", user(field("s", status("'A','B'"))),
                user(field("s", status("'A','B','C'", "A"))), BACKWARD_ONLY));
        rows.add(row("enum remove symbol, new schema with enum default", user(field("s", status("'A','B','C'"))),
                user(field("s", status("'A','B'", "A"))), ALL));
        rows.add(row("enum reorder symbols", user(field("s", status("'A','B','C'"))),
                user(field("s", status("'C','A','B'"))), ALL));

        // Unions: every branch the writer may write needs a matching branch on the reader's side.
        rows.add(row("union add a branch", user(field("u", "['null','string']", "null")),
                user(field("u", "['null','string','int']", "null")), BACKWARD_ONLY));
        rows.add(row("union remove a branch", user(field("u", "['null','string','int']", "null")),
                user(field("u", "['null','string']", "null")), FORWARD_ONLY));
        rows.add(row("union reorder branches", user(field("u", "['null','string','int']", "null")),
                user(field("u", "['null','int','string']", "null")), ALL));
        rows.add(row("union branch promoted int to long", user(field("u", "['null','int']", "null")),
                user(field("u", "['null','long']", "null")), BACKWARD_ONLY));
        rows.add(row("make a field nullable, null default", user(A), user(field("a", "['null','string']", "null")),
                BACKWARD_ONLY));
        rows.add(row("make a field nullable, no default", user(A), user(field("a", "['null','string']")),
                BACKWARD_ONLY));
        rows.add(row("make a field nullable, non-null first branch with default", user(A),
                user(field("a", "['string','null']", "'x'")), BACKWARD_ONLY));
        rows.add(row("make a nullable field required", user(field("a", "['null','string']", "null")), user(A),
                FORWARD_ONLY));

        // Renames: Avro resolves a writer's field by the reader's name or the reader's aliases.
        rows.add(row("rename field with alias", user(A, B_REQUIRED),
                user(A, "{'name':'c','type':'int','aliases':['b']}"), BACKWARD_ONLY));
        rows.add(row("rename field with alias, defaults on both", user(A, B_DEFAULTED),
                user(A, "{'name':'c','type':'int','default':0,'aliases':['b']}"), ALL));
        rows.add(row("rename field without alias", user(A, B_REQUIRED), user(A, field("c", q("int"))), ONLY_NONE));
        rows.add(row("rename record without alias", user(A),
                "{'type':'record','name':'Person','namespace':'com.example','fields':[" + A + "]}", ONLY_NONE));
        rows.add(row("rename record with alias", user(A), "{'type':'record','name':'Person','namespace':'com.example',"
                + "'aliases':['com.example.User'],'fields':[" + A + "]}", BACKWARD_ONLY));
        // Avro compares the unqualified names of named types (and Confluent uses Avro's checker).
        rows.add(row("change record namespace only", user(A),
                "{'type':'record','name':'User','namespace':'org.other','fields':[" + A + "]}", ALL));
        rows.add(row("rename enum with alias", user(field("s", status("'A','B'"))),
                user(field("s", "{'type':'enum','name':'State','aliases':['com.example.Status'],'symbols':['A','B']}")),
                BACKWARD_ONLY));

        // Nested records follow the same field rules at their own path.
        String street = field("street", q("string"));
        rows.add(row("nested record field added with default", user(field("addr", address(street))),
                user(field("addr", address(street, field("zip", q("string"), "''")))), ALL));
        rows.add(row("nested record field added without default", user(field("addr", address(street))),
                user(field("addr", address(street, field("zip", q("string"))))), FORWARD_ONLY));
        rows.add(row("nested record field removed without default",
                user(field("addr", address(street, field("zip", q("string"))))), user(field("addr", address(street))),
                BACKWARD_ONLY));
        rows.add(row("nested record field removed with default",
                user(field("addr", address(street, field("zip", q("string"), "''")))),
                user(field("addr", address(street))), ALL));
        rows.add(row("nested record field type changed", user(field("addr", address(field("n", q("int"))))),
                user(field("addr", address(field("n", q("string"))))), ONLY_NONE));

        // Fixed: name and size must both match.
        rows.add(row("fixed size change", user(field("id", "{'type':'fixed','name':'Id','size':16}")),
                user(field("id", "{'type':'fixed','name':'Id','size':32}")), ONLY_NONE));
        rows.add(row("fixed rename, same size", user(field("id", "{'type':'fixed','name':'Id','size':16}")),
                user(field("id", "{'type':'fixed','name':'Uuid','size':16}")), ONLY_NONE));

        // Collections: their element types resolve like any other.
        rows.add(row("map values int to long", user(field("m", "{'type':'map','values':'int'}")),
                user(field("m", "{'type':'map','values':'long'}")), BACKWARD_ONLY));
        rows.add(row("map values long to int", user(field("m", "{'type':'map','values':'long'}")),
                user(field("m", "{'type':'map','values':'int'}")), FORWARD_ONLY));
        rows.add(row("array items int to long", user(field("xs", "{'type':'array','items':'int'}")),
                user(field("xs", "{'type':'array','items':'long'}")), BACKWARD_ONLY));
        rows.add(row("array items float to double", user(field("xs", "{'type':'array','items':'float'}")),
                user(field("xs", "{'type':'array','items':'double'}")), BACKWARD_ONLY));
        rows.add(row("array of records, item field added with default",
                user(field("xs", "{'type':'array','items':" + address(street) + "}")),
                user(field("xs", "{'type':'array','items':" + address(street, field("zip", q("string"), "''")) + "}")),
                ALL));
        rows.add(row("array to map", user(field("xs", "{'type':'array','items':'int'}")),
                user(field("xs", "{'type':'map','values':'int'}")), ONLY_NONE));

        // Histories: the latest check passes but an older version fails, so transitive and not differ.
        rows.add(history("b gets a default in v2 and loses it in v3; v1 had no b",
                List.of(user(A), user(A, B_DEFAULTED)), user(A, B_REQUIRED),
                allBut(BACKWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("b required in v1, defaulted in v2, removed in v3",
                List.of(user(A, B_REQUIRED), user(A, B_DEFAULTED)), user(A),
                allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("union branch removed in v2, v3 adds an optional field",
                List.of(user(field("u", "['null','string','int']", "null")), user(field("u", "['null','string']", "null"))),
                user(field("u", "['null','string']", "null"), B_DEFAULTED),
                allBut(BACKWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("enum default added in v2, symbol added in v3",
                List.of(user(field("s", status("'A','B'"))), user(field("s", status("'A','B'", "A")))),
                user(field("s", status("'A','B','C'", "A"))),
                allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("x required in v1 and defaulted in v2, y defaulted in v2 and required in v3",
                List.of(user(A, field("x", q("int"))), user(A, field("x", q("int"), "0"), field("y", q("int"), "0"))),
                user(A, field("y", q("int"))),
                EnumSet.of(NONE, BACKWARD, FORWARD, FULL)));
        rows.add(history("only the oldest of three versions fails: v1 int, v2 and v3 long",
                List.of(user(field("v", q("int"))), user(field("v", q("long"))),
                        user(field("v", q("long")), B_DEFAULTED)),
                user(field("v", q("long")), B_DEFAULTED, field("c", q("string"), "''")),
                allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("latest fails but the oldest passes: b defaulted in v1, removed in v2, required in v3",
                List.of(user(A, B_DEFAULTED), user(A)), user(A, B_REQUIRED),
                EnumSet.of(NONE, FORWARD, FORWARD_TRANSITIVE)));
        rows.add(history("every step adds an optional field",
                List.of(user(A), user(A, B_DEFAULTED)), user(A, B_DEFAULTED, field("c", q("string"), "''")), ALL));

        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void compatibleUnderExactlyTheExpectedLevels(Row row) throws InvalidSchemaException {
        CompatibilityTable.assertAcceptedUnderExactly(PARSER, row);
    }

    /**
     * The table itself: with a single earlier version the transitive levels must agree with the plain ones, FULL is
     * BACKWARD and FORWARD together (at either reach), and NONE always accepts.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void expectationsAreCoherent(Row row) {
        CompatibilityTable.assertCoherent(row);
    }

    // --- The verbose messages ---------------------------------------------------------------------------------

    @Test
    void noEarlierVersionIsAlwaysCompatible() throws InvalidSchemaException {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(Compatibility.check(parse(json(user(A))), List.of(), level)).isEmpty();
        }
    }

    @Test
    void noneReportsNothingEvenForAnUnrelatedSchema() throws InvalidSchemaException {
        assertThat(Compatibility.check(parse(json(q("int"))), earlier(List.of(json(user(A)))), NONE)).isEmpty();
    }

    @Test
    void missingDefaultUnderBackwardNamesTheFieldVersionSchemaAndLevel() throws InvalidSchemaException {
        ParsedSchema old = parse(json(user(A)));
        List<String> problems = Compatibility.check(parse(json(user(A, B_REQUIRED))),
                List.of(new Compatibility.Earlier(1, old)), BACKWARD);

        assertThat(problems).containsExactly(
                "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in "
                        + "the new schema has no default value and is missing in the old schema', additionalInfo:'b'}",
                "{oldSchemaVersion: 1}",
                "{oldSchema: '" + old.canonical() + "'}",
                "{validateFields: 'false', compatibility: 'BACKWARD'}");
    }

    @Test
    void missingDefaultUnderForwardSaysTheOldSchemaLacksTheDefault() throws InvalidSchemaException {
        // FORWARD: the old schema reads, so it is the old schema's field that needs a default (Confluent swaps
        // "new" and "old" in its sentences for this direction).
        List<String> problems = Compatibility.check(parse(json(user(A))), earlier(List.of(json(user(A, B_REQUIRED)))),
                FORWARD);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).isEqualTo(
                "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in "
                        + "the old schema has no default value and is missing in the new schema', additionalInfo:'b'}");
        assertThat(problems.subList(1, 4)).startsWith("{oldSchemaVersion: 1}").endsWith("{validateFields: 'false', compatibility: 'FORWARD'}");
    }

    @Test
    void fullReportsBothDirections() throws InvalidSchemaException {
        List<String> problems = Compatibility.check(parse(json(user(A, field("c", q("int"))))),
                earlier(List.of(json(user(A, B_REQUIRED)))), FULL);

        assertThat(problems).filteredOn(p -> p.startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("additionalInfo:'c'"))
                .anySatisfy(p -> assertThat(p).contains("additionalInfo:'b'"));
        assertThat(problems).containsOnlyOnce("{oldSchemaVersion: 1}").endsWith("{validateFields: 'false', compatibility: 'FULL'}");
    }

    @Test
    void transitiveNamesTheOlderVersionThatFails() throws InvalidSchemaException {
        List<Compatibility.Earlier> earlier = earlier(List.of(json(user(A)), json(user(A, B_DEFAULTED))));
        ParsedSchema candidate = parse(json(user(A, B_REQUIRED)));

        assertThat(Compatibility.check(candidate, earlier, BACKWARD)).isEmpty();
        List<String> problems = Compatibility.check(candidate, earlier, BACKWARD_TRANSITIVE);
        assertThat(problems).first().asString().startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'");
        assertThat(problems).contains("{oldSchemaVersion: 1}", "{oldSchema: '" + earlier.get(0).schema().canonical()
                + "'}", "{validateFields: 'false', compatibility: 'BACKWARD_TRANSITIVE'}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void transitiveReachesTheOldestOfSeveralVersions() throws InvalidSchemaException {
        List<Compatibility.Earlier> earlier = earlier(List.of(json(user(field("v", q("int")))),
                json(user(field("v", q("long")))), json(user(field("v", q("long")), B_DEFAULTED))));
        List<String> problems = Compatibility.check(parse(json(user(field("v", q("long")), B_DEFAULTED))), earlier,
                FORWARD_TRANSITIVE);

        assertThat(problems).first().asString().startsWith("{errorType:'TYPE_MISMATCH'").contains("'/fields/0/type'");
        assertThat(problems).contains("{oldSchemaVersion: 1}", "{validateFields: 'false', compatibility: 'FORWARD_TRANSITIVE'}")
                .doesNotContain("{oldSchemaVersion: 2}", "{oldSchemaVersion: 3}");
    }

    @Test
    void eachAvroIncompatibilityHasItsErrorType() throws InvalidSchemaException {
        assertThat(firstProblem(user(field("s", status("'A','B','C'"))), user(field("s", status("'A','B'"))),
                BACKWARD))
                .startsWith("{errorType:'MISSING_ENUM_SYMBOLS'")
                .contains("The new schema is missing enum symbols '[C]' at path '/fields/0/type/symbols' in the old "
                        + "schema")
                .endsWith("additionalInfo:'[C]'}");
        assertThat(firstProblem(user(field("u", "['null','string','int']", "null")),
                user(field("u", "['null','string']", "null")), BACKWARD))
                .startsWith("{errorType:'MISSING_UNION_BRANCH'")
                .contains("The new schema is missing a type inside a union field at path '/fields/0/type/2' in the "
                        + "old schema");
        assertThat(firstProblem(user(field("v", q("long"))), user(field("v", q("int"))), BACKWARD))
                .startsWith("{errorType:'TYPE_MISMATCH'")
                .contains("The type (path '/fields/0/type') of a field in the new schema does not match with the old "
                        + "schema");
        assertThat(firstProblem(user(field("id", "{'type':'fixed','name':'Id','size':16}")),
                user(field("id", "{'type':'fixed','name':'Id','size':32}")), BACKWARD))
                .startsWith("{errorType:'FIXED_SIZE_MISMATCH'")
                .contains("The size of FIXED type field at path '/fields/0/type/size' in the new schema does not "
                        + "match with the old schema");
        assertThat(firstProblem(user(A), "{'type':'record','name':'Person','namespace':'com.example','fields':[" + A
                + "]}", BACKWARD))
                .startsWith("{errorType:'NAME_MISMATCH'")
                .contains("description:'The name of the schema has changed (path '/name')'");
    }

    @Test
    void forwardSentencesCallTheReaderTheOldSchema() throws InvalidSchemaException {
        assertThat(firstProblem(user(field("s", status("'A','B'"))), user(field("s", status("'A','B','C'"))),
                FORWARD))
                .startsWith("{errorType:'MISSING_ENUM_SYMBOLS'")
                .contains("The old schema is missing enum symbols '[C]' at path '/fields/0/type/symbols' in the new "
                        + "schema");
        assertThat(firstProblem(user(field("v", q("int"))), user(field("v", q("long"))), FORWARD))
                .contains("The type (path '/fields/0/type') of a field in the old schema does not match with the new "
                        + "schema");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String firstProblem(String old, String candidate, CompatibilityLevel level)
            throws InvalidSchemaException {
        List<String> problems = Compatibility.check(parse(json(candidate)), earlier(List.of(json(old))), level);
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
