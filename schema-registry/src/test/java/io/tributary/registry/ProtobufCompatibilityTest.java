package io.tributary.registry;

import static io.tributary.registry.CompatibilityTable.ALL;
import static io.tributary.registry.CompatibilityTable.BACKWARD_ONLY;
import static io.tributary.registry.CompatibilityTable.FORWARD_ONLY;
import static io.tributary.registry.CompatibilityTable.ONLY_NONE;
import static io.tributary.registry.CompatibilityTable.allBut;
import static io.tributary.registry.CompatibilityTable.history;
import static io.tributary.registry.CompatibilityTable.row;
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
import io.tributary.registry.schema.protobuf.ProtobufSchemaParser;
import io.tributary.registry.state.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Protobuf schema evolution against every compatibility level, with Confluent's Protobuf rules: a field is its
 * number, so adding and removing (optional) fields is compatible both ways, as are renames and changes within a
 * group of wire-compatible scalars; type, kind and packing changes, removed messages, required fields and changes
 * that make independent fields share a oneof are not. Most rules are symmetric, so such changes are refused under
 * every level but NONE; the asymmetric ones (a message or oneof member added or removed, fields moved into a oneof)
 * pass in one direction only.
 */
class ProtobufCompatibilityTest {


    private static final ProtobufSchemaParser PARSER = new ProtobufSchemaParser();

    /** A proto3 file in package {@code com.acme} whose first message is {@code User} with these members. */
    private static String user(String... members) {
        return "syntax = \"proto3\";\npackage com.acme;\nmessage User {\n  " + String.join("\n  ", members)
                + "\n}\n";
    }

    /** The same in proto2. */
    private static String user2(String... members) {
        return "syntax = \"proto2\";\npackage com.acme;\nmessage User {\n  " + String.join("\n  ", members)
                + "\n}\n";
    }

    private static String withMessages(String file, String... more) {
        return file + String.join("\n", more) + "\n";
    }

    private static final String NAME = "string name = 1;";
    private static final String AGE = "int32 age = 2;";

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();

        // Fields are their numbers: adding, removing, renaming or reordering them reads both ways.
        rows.add(row("identical schema", user(NAME, AGE), user(NAME, AGE), ALL));
        rows.add(row("add a field", user(NAME), user(NAME, AGE), ALL));
        rows.add(row("remove a field", user(NAME, AGE), user(NAME), ALL));
        rows.add(row("remove a field and reserve its number", user(NAME, AGE),
                user("reserved 2;", "reserved \"age\";", NAME), ALL));
        rows.add(row("rename a field", user(NAME, AGE), user(NAME, "int32 years = 2;"), ALL));
        rows.add(row("reorder fields", user(NAME, AGE), user(AGE, NAME), ALL));
        rows.add(row("renumber a field", user(NAME, AGE), user(NAME, "int32 age = 3;"), ALL));

        // Scalars read as one another within a group: varints, zigzag varints, length-delimited, fixed32, fixed64.
        rows.add(row("int32 to int64", user("int32 v = 1;"), user("int64 v = 1;"), ALL));
        rows.add(row("int32 to uint64", user("int32 v = 1;"), user("uint64 v = 1;"), ALL));
        rows.add(row("bool to int32", user("bool v = 1;"), user("int32 v = 1;"), ALL));
        rows.add(row("sint32 to sint64", user("sint32 v = 1;"), user("sint64 v = 1;"), ALL));
        rows.add(row("string to bytes", user("string v = 1;"), user("bytes v = 1;"), ALL));
        rows.add(row("fixed32 to sfixed32", user("fixed32 v = 1;"), user("sfixed32 v = 1;"), ALL));
        rows.add(row("fixed64 to sfixed64", user("fixed64 v = 1;"), user("sfixed64 v = 1;"), ALL));
        rows.add(row("enum to int32", withMessages(user("Kind v = 1;"), "enum Kind { A = 0; B = 1; }"),
                withMessages(user("int32 v = 1;"), "enum Kind { A = 0; B = 1; }"), ALL));
        rows.add(row("int32 to string", user("int32 v = 1;"), user("string v = 1;"), ONLY_NONE));
        rows.add(row("int32 to sint32", user("int32 v = 1;"), user("sint32 v = 1;"), ONLY_NONE));
        rows.add(row("int32 to fixed32", user("int32 v = 1;"), user("fixed32 v = 1;"), ONLY_NONE));
        rows.add(row("float to double", user("float v = 1;"), user("double v = 1;"), ONLY_NONE));
        rows.add(row("fixed32 to fixed64", user("fixed32 v = 1;"), user("fixed64 v = 1;"), ONLY_NONE));

        // Kinds: scalar, message, map.
        String address = "message Address { string street = 1; }";
        rows.add(row("string to message", withMessages(user("string v = 1;"), address),
                withMessages(user("Address v = 1;"), address), ONLY_NONE));
        rows.add(row("message to map", withMessages(user("Address v = 1;"), address),
                withMessages(user("map<string, Address> v = 1;"), address), ONLY_NONE));
        rows.add(row("message type renamed", withMessages(user("Address v = 1;"), address),
                withMessages(user("Place v = 1;"), "message Place { string street = 1; }"), ONLY_NONE));
        rows.add(row("map value int32 to int64", user("map<string, int32> m = 1;"),
                user("map<string, int64> m = 1;"), ALL));
        rows.add(row("map value int32 to string", user("map<string, int32> m = 1;"),
                user("map<string, string> m = 1;"), ONLY_NONE));
        rows.add(row("map key string to int32", user("map<string, int32> m = 1;"),
                user("map<int32, int32> m = 1;"), ONLY_NONE));
        rows.add(row("map written as its map_entry message", user("map<string, int32> m = 1;"),
                user("repeated MEntry m = 1;",
                        "message MEntry { option map_entry = true; string key = 1; int32 value = 2; }"), ALL));

        // Labels: repeated numbers are packed, so singular and repeated do not read as one another (when both
        // labels are written: a proto3 field without a label is not compared, as in Confluent's rules).
        rows.add(row("proto3 optional int32 to repeated", user("optional int32 v = 1;"),
                user("repeated int32 v = 1;"), ONLY_NONE));
        rows.add(row("proto3 int32 without label to repeated", user("int32 v = 1;"), user("repeated int32 v = 1;"),
                ALL));
        rows.add(row("proto2 optional string to repeated", user2("optional string v = 1;"),
                user2("repeated string v = 1;"), ALL));
        rows.add(row("proto2 optional int64 to repeated", user2("optional int64 v = 1;"),
                user2("repeated int64 v = 1;"), ONLY_NONE));
        rows.add(row("add proto3 optional to a field", user("int32 v = 1;"), user("optional int32 v = 1;"), ALL));

        // proto2 required fields.
        rows.add(row("proto2 add a required field", user2("optional string a = 1;"),
                user2("optional string a = 1;", "required int32 b = 2;"), ONLY_NONE));
        rows.add(row("proto2 remove a required field", user2("optional string a = 1;", "required int32 b = 2;"),
                user2("optional string a = 1;"), ONLY_NONE));
        rows.add(row("proto2 add an optional field", user2("optional string a = 1;"),
                user2("optional string a = 1;", "optional int32 b = 2;"), ALL));
        rows.add(row("proto2 required string made optional", user2("required string a = 1;"),
                user2("optional string a = 1;"), ALL));
        rows.add(row("proto2 required int32 made optional", user2("required int32 a = 1;"),
                user2("optional int32 a = 1;"), ONLY_NONE));
        rows.add(row("proto2 to proto3, same fields", user2("optional string a = 1;"), user("string a = 1;"), ALL));

        // Messages and enums. A payload names its message by position in its own schema, so moving is harmless;
        // a reader must still know every message a writer may write.
        String extra = "message Extra { int32 x = 1; }";
        rows.add(row("add a message", user(NAME), withMessages(user(NAME), extra), BACKWARD_ONLY));
        rows.add(row("remove a message", withMessages(user(NAME), extra), user(NAME), FORWARD_ONLY));
        rows.add(row("reorder messages", withMessages(user(NAME), extra),
                "syntax = \"proto3\";\npackage com.acme;\n" + extra + "\nmessage User { " + NAME + " }\n", ALL));
        rows.add(row("add an enum", user(NAME), withMessages(user(NAME), "enum E { E0 = 0; }"), ALL));
        rows.add(row("remove an enum", withMessages(user(NAME), "enum E { E0 = 0; }"), user(NAME), ALL));
        String kindAB = "enum Kind { A = 0; B = 1; }";
        rows.add(row("add an enum constant", withMessages(user("Kind k = 1;"), "enum Kind { A = 0; }"),
                withMessages(user("Kind k = 1;"), kindAB), ALL));
        rows.add(row("remove an enum constant", withMessages(user("Kind k = 1;"), kindAB),
                withMessages(user("Kind k = 1;"), "enum Kind { A = 0; }"), ALL));
        rows.add(row("rename an enum constant", withMessages(user("Kind k = 1;"), kindAB),
                withMessages(user("Kind k = 1;"), "enum Kind { A = 0; BEE = 1; }"), ALL));
        rows.add(row("change the package", user(NAME), user(NAME).replace("com.acme", "org.acme"), ONLY_NONE));

        // Nested and referenced messages are compared field by field too.
        rows.add(row("nested message field type changed",
                user("Address address = 1;", "message Address { string street = 1; }"),
                user("Address address = 1;", "message Address { int64 street = 1; }"), ONLY_NONE));
        rows.add(row("nested message field added",
                user("Address address = 1;", "message Address { string street = 1; }"),
                user("Address address = 1;", "message Address { string street = 1; string zip = 2; }"), ALL));
        rows.add(row("recursive message field type changed",
                withMessages(user("Node root = 1;"), "message Node { string v = 1; repeated Node kids = 2; }"),
                withMessages(user("Node root = 1;"), "message Node { int32 v = 1; repeated Node kids = 2; }"),
                ONLY_NONE));
        rows.add(row("recursive message unchanged",
                withMessages(user("Node root = 1;"), "message Node { string v = 1; repeated Node kids = 2; }"),
                withMessages(user("Node root = 1;"), "message Node { repeated Node kids = 2; string v = 1; }"),
                ALL));

        // Oneofs: a writer sets at most one member; fields that were independent must not start sharing one.
        rows.add(row("add a oneof of new fields", user(NAME), user(NAME, "oneof c { string e = 2; string p = 3; }"),
                ALL));
        rows.add(row("remove a whole oneof", user(NAME, "oneof c { string e = 2; string p = 3; }"), user(NAME),
                ALL));
        rows.add(row("move one field into a new oneof", user(NAME, AGE), user(NAME, "oneof c { int32 age = 2; }"),
                ALL));
        rows.add(row("move two fields into a new oneof", user(NAME, AGE),
                user("oneof c { string name = 1; int32 age = 2; }"), FORWARD_ONLY));
        rows.add(row("move a field into an existing oneof", user(AGE, "oneof c { string e = 3; }"),
                user("oneof c { string e = 3; int32 age = 2; }"), FORWARD_ONLY));
        rows.add(row("add a member to a oneof", user("oneof c { string e = 2; }"),
                user("oneof c { string e = 2; string p = 3; }"), BACKWARD_ONLY));
        rows.add(row("remove a member from a oneof", user("oneof c { string e = 2; string p = 3; }"),
                user("oneof c { string e = 2; }"), FORWARD_ONLY));
        rows.add(row("move a member out of its oneof", user("oneof c { string e = 2; string p = 3; }"),
                user("string p = 3;", "oneof c { string e = 2; }"), BACKWARD_ONLY));
        rows.add(row("rename a oneof", user("oneof c { string e = 2; string p = 3; }"),
                user("oneof contact { string e = 2; string p = 3; }"), ALL));
        rows.add(row("oneof member type changed", user("oneof c { string e = 2; }"), user("oneof c { int32 e = 2; }"),
                ONLY_NONE));

        // Histories: the latest check passes but an older version fails, so transitive and not differ.
        rows.add(history("a number removed in v2 comes back with another type in v3",
                List.of(user(NAME, AGE), user(NAME)), user(NAME, "string age = 2;"),
                allBut(BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("a oneof member added in v2; v3 adds a field",
                List.of(user("oneof c { string e = 2; }"), user("oneof c { string e = 2; string p = 3; }")),
                user(NAME, "oneof c { string e = 2; string p = 3; }"),
                allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("a message added in v2; v3 adds a field",
                List.of(user(NAME), withMessages(user(NAME), extra)), withMessages(user(NAME, AGE), extra),
                allBut(FORWARD_TRANSITIVE, FULL_TRANSITIVE)));
        rows.add(history("every step adds a field", List.of(user(NAME), user(NAME, AGE)),
                user(NAME, AGE, "bool active = 3;"), ALL));

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

    // --- The verbose messages: Confluent's {errorType:"...", description:"..."} with Confluent's paths ---------

    @Test
    void removedMessageUnderBackwardNamesPathVersionSchemaAndLevel() throws InvalidSchemaException {
        ParsedSchema old = parse(withMessages(user(NAME), "message Extra { int32 x = 1; }"));
        List<String> problems = Compatibility.check(parse(user(NAME)), List.of(new Compatibility.Earlier(1, old)),
                BACKWARD);
        assertThat(problems).containsExactly(
                "{errorType:\"MESSAGE_REMOVED\", description:\"The new schema is missing a MESSAGE type at path "
                        + "'#/Extra' in the old schema\"}",
                "{oldSchemaVersion: 1}",
                "{oldSchema: '" + old.canonical() + "'}",
                closing(BACKWARD));
    }

    @Test
    void underForwardTheOldSchemaIsTheReader() throws InvalidSchemaException {
        List<String> problems = Compatibility.check(parse(withMessages(user(NAME), "message Extra { int32 x = 1; }")),
                earlier(List.of(user(NAME))), FORWARD);
        assertThat(problems.get(0)).isEqualTo("{errorType:\"MESSAGE_REMOVED\", description:\"The old schema is "
                + "missing a MESSAGE type at path '#/Extra' in the new schema\"}");
        assertThat(problems).endsWith(closing(FORWARD));
    }

    @Test
    void scalarKindChangeNamesTheFieldByNumber() throws InvalidSchemaException {
        assertThat(firstProblem(user(NAME, AGE), user(NAME, "string age = 2;"), BACKWARD)).isEqualTo(
                "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at path "
                        + "'#/User/2' in the new schema does not match its kind in the old schema\"}");
    }

    @Test
    void eachIncompatibleDifferenceHasItsErrorTypeAndPath() throws InvalidSchemaException {
        assertThat(firstProblem(user(NAME), user(NAME).replace("com.acme", "org.acme"), BACKWARD))
                .isEqualTo("{errorType:\"PACKAGE_CHANGED\", description:\"The package at '#/' in the new schema "
                        + "does not match the package in the old schema\"}");
        assertThat(firstProblem(user("string v = 1;"), user("Address v = 1;", "message Address {}"), BACKWARD))
                .isEqualTo("{errorType:\"FIELD_KIND_CHANGED\", description:\"The type of a field at path "
                        + "'#/User/1' in the new schema does not match the old schema\"}");
        assertThat(firstProblem(user("optional int32 v = 1;"), user("repeated int32 v = 1;"), BACKWARD))
                .isEqualTo("{errorType:\"FIELD_NUMERIC_LABEL_CHANGED\", description:\"The label for a NUMERIC "
                        + "field at path '#/User/1' in the new schema does not match its label in the old schema\"}");
        assertThat(firstProblem(user2("optional string a = 1;"),
                user2("optional string a = 1;", "required int32 b = 2;"), BACKWARD))
                .isEqualTo("{errorType:\"REQUIRED_FIELD_ADDED\", description:\"A required field  at path "
                        + "'#/User/2' in the new schema is missing in the old schema\"}");
        assertThat(firstProblem(user2("optional string a = 1;", "required int32 b = 2;"),
                user2("optional string a = 1;"), BACKWARD))
                .isEqualTo("{errorType:\"REQUIRED_FIELD_REMOVED\", description:\"The new schema is missing a "
                        + "required field at path: '#/User/2' in the old schema\"}");
        assertThat(firstProblem(user("oneof c { string e = 2; string p = 3; }"), user("oneof c { string e = 2; }"),
                BACKWARD))
                .isEqualTo("{errorType:\"ONEOF_FIELD_REMOVED\", description:\"The new schema is missing a oneof "
                        + "field at path '#/User/c/3' in the old schema\"}");
        assertThat(firstProblem(user(NAME, AGE), user("oneof c { string name = 1; int32 age = 2; }"), BACKWARD))
                .isEqualTo("{errorType:\"MULTIPLE_FIELDS_MOVED_TO_ONEOF\", description:\"Multiple fields in the "
                        + "oneof at path '#/User/c' in the new schema are outside a oneof in the old schema\"}");
        assertThat(firstProblem(user(AGE, "oneof c { string e = 3; }"), user("oneof c { string e = 3; int32 age = 2; }"),
                BACKWARD))
                .isEqualTo("{errorType:\"FIELD_MOVED_TO_EXISTING_ONEOF\", description:\"A field in the oneof at "
                        + "path '#/User/c' in the new schema is outside an existing oneof in the old schema\"}");
    }

    @Test
    void aChangedNestedMessageIsReportedAtItsPathAndAtTheFieldUsingIt() throws InvalidSchemaException {
        List<String> problems = Compatibility.check(
                parse(user("Address home = 2;", "message Address { int64 street = 1; }")),
                earlier(List.of(user("Address home = 2;", "message Address { string street = 1; }"))), BACKWARD);
        assertThat(problems).contains(
                "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at path "
                        + "'#/User/Address/1' in the new schema does not match its kind in the old schema\"}",
                "{errorType:\"FIELD_NAMED_TYPE_CHANGED\", description:\"The type of a MESSAGE field at path "
                        + "'#/User/2' in the new schema does not match its type in the old schema\"}");
        assertThat(problems).doesNotHaveDuplicates();
    }

    @Test
    void aChangedReferencedMessageMakesTheFieldIncompatible() throws InvalidSchemaException {
        ParsedSchema commonV1 = parse("syntax = \"proto3\"; package com.acme.common; message Money { int64 units = 1; }");
        ParsedSchema commonV2 = parse("syntax = \"proto3\"; package com.acme.common; message Money { string units = 1; }");
        String order = "syntax = \"proto3\";\npackage com.acme;\nimport \"common.proto\";\n"
                + "message Order { com.acme.common.Money total = 1; }\n";
        ParsedSchema v1 = PARSER.parse(order, List.of(new Reference("common.proto", "common", 1)),
                Map.of("common.proto", commonV1));
        ParsedSchema v2 = PARSER.parse(order, List.of(new Reference("common.proto", "common", 2)),
                Map.of("common.proto", commonV2));
        List<String> problems = Compatibility.check(v2, List.of(new Compatibility.Earlier(1, v1)), BACKWARD);
        assertThat(problems).contains(
                "{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at path "
                        + "'#/Money/1' in the new schema does not match its kind in the old schema\"}",
                "{errorType:\"FIELD_NAMED_TYPE_CHANGED\", description:\"The type of a MESSAGE field at path "
                        + "'#/Order/1' in the new schema does not match its type in the old schema\"}");
    }

    @Test
    void fullReportsBothDirections() throws InvalidSchemaException {
        // v1 has Extra, the candidate has Other instead: each direction misses one message.
        List<String> problems = Compatibility.check(
                parse(withMessages(user(NAME), "message Other { int32 x = 1; }")),
                earlier(List.of(withMessages(user(NAME), "message Extra { int32 x = 1; }"))), FULL);
        assertThat(problems).filteredOn(p -> p.startsWith("{errorType:\"MESSAGE_REMOVED\""))
                .containsExactlyInAnyOrder(
                        "{errorType:\"MESSAGE_REMOVED\", description:\"The new schema is missing a MESSAGE type at "
                                + "path '#/Extra' in the old schema\"}",
                        "{errorType:\"MESSAGE_REMOVED\", description:\"The old schema is missing a MESSAGE type at "
                                + "path '#/Other' in the new schema\"}");
        assertThat(problems).containsOnlyOnce("{oldSchemaVersion: 1}").endsWith(closing(FULL));
    }

    @Test
    void transitiveNamesTheOlderVersionThatFails() throws InvalidSchemaException {
        List<Compatibility.Earlier> earlier = earlier(List.of(user(NAME, AGE), user(NAME)));
        ParsedSchema candidate = parse(user(NAME, "string age = 2;"));
        assertThat(Compatibility.check(candidate, earlier, BACKWARD)).isEmpty();
        assertThat(Compatibility.check(candidate, earlier, BACKWARD_TRANSITIVE))
                .contains("{oldSchemaVersion: 1}", closing(BACKWARD_TRANSITIVE))
                .doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void anAvroEarlierVersionIsAnotherSchemaType() throws InvalidSchemaException {
        ParsedSchema avro = new AvroSchemaParser().parse("\"string\"", List.of(), Map.of());
        List<String> problems = Compatibility.check(parse(user(NAME)), List.of(new Compatibility.Earlier(1, avro)),
                BACKWARD);
        assertThat(problems.get(0)).isEqualTo("Incompatible because of different schema type");
    }

    @Test
    void noneAcceptsAnything() throws InvalidSchemaException {
        assertThat(Compatibility.check(parse(user("int32 v = 1;")), earlier(List.of(user("string v = 1;"))), NONE))
                .isEmpty();
    }

    // ---- helpers ----

    /** The line closing Compatibility's answer. */
    private static String closing(CompatibilityLevel level) {
        return "{validateFields: 'false', compatibility: '" + level + "'}";
    }

    private static ParsedSchema parse(String text) throws InvalidSchemaException {
        return CompatibilityTable.parse(PARSER, text);
    }

    private static List<Compatibility.Earlier> earlier(List<String> texts) throws InvalidSchemaException {
        return CompatibilityTable.earlier(PARSER, texts);
    }

    private static String firstProblem(String old, String candidate, CompatibilityLevel level)
            throws InvalidSchemaException {
        List<String> problems = Compatibility.check(parse(candidate), earlier(List.of(old)), level);
        assertThat(problems).as("problems of %s against %s", candidate, old).isNotEmpty();
        return problems.get(0);
    }
}
