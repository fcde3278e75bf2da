package io.tributary.registry.schema.protobuf;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing and linking {@code .proto} texts: what is accepted, what is refused with which message, the canonical text
 * the registry stores (Confluent's layout, so equal schemas get one id whatever their whitespace and comments),
 * imports through references and of the well-known files, and normalization.
 */
class ProtobufSchemaParserTest {

    private static final ProtobufSchemaParser PARSER = new ProtobufSchemaParser();

    private static ProtobufSchema parse(String text) throws InvalidSchemaException {
        return (ProtobufSchema) PARSER.parse(text, List.of(), Map.of());
    }

    private static ProtobufSchema parse(String text, Map<String, ParsedSchema> deps) throws InvalidSchemaException {
        List<Reference> refs = deps.keySet().stream().map(n -> new Reference(n, n, 1)).toList();
        return (ProtobufSchema) PARSER.parse(text, refs, deps);
    }

    // ---- accepted ----

    @Test
    void proto3SchemaIsProtobufWithItsPackage() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package com.acme;
                message User { string name = 1; int64 id = 2; }
                """);
        assertThat(s.type()).isEqualTo(SchemaType.PROTOBUF);
        assertThat(PARSER.type()).isEqualTo(SchemaType.PROTOBUF);
        assertThat(s.packageName()).isEqualTo("com.acme");
        assertThat(s.references()).isEmpty();
        assertThat(s.model().types()).containsOnlyKeys("com.acme.User");
    }

    @Test
    void proto2WithRequiredOptionalDefaultsAndExtensions() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto2";
                package legacy;
                message Order {
                  required string id = 1;
                  optional int32 qty = 2 [default = 1];
                  repeated string notes = 3;
                  optional Status status = 4 [default = OPEN];
                  extensions 100 to 199;
                  enum Status { OPEN = 1; CLOSED = 2; }
                }
                extend Order { optional string origin = 100; }
                """);
        assertThat(s.canonical()).isEqualTo("""
                syntax = "proto2";
                package legacy;

                message Order {
                  required string id = 1;
                  optional int32 qty = 2 [default = 1];
                  repeated string notes = 3;
                  optional Status status = 4 [default = OPEN];

                  extensions 100 to 199;

                  enum Status {
                    OPEN = 1;
                    CLOSED = 2;
                  }
                }

                extend Order {
                  optional string origin = 100;
                }
                """);
    }

    @Test
    void fileWithoutSyntaxIsProto2AndPrintsWithoutSyntaxLine() throws InvalidSchemaException {
        assertThat(parse("message M { optional string a = 1; }").canonical())
                .isEqualTo("\nmessage M {\n  optional string a = 1;\n}\n");
    }

    // ---- canonical text ----

    private static final String USER = """
            syntax = "proto3";
            package com.acme;

            import "google/protobuf/timestamp.proto";

            option java_package = "com.acme.gen";
            option java_multiple_files = true;

            message User {
              reserved 9, 10 to 12, 20 to max;
              reserved "legacy";

              option deprecated = true;

              string name = 1;
              google.protobuf.Timestamp created = 2 [
                deprecated = true,
                json_name = "createdAt"
              ];
              map<string, Address> addresses = 3;
              repeated int32 scores = 4 [packed = true];
              optional string nickname = 5;
              Kind kind = 6;

              oneof contact {
                string email = 7;
                string phone = 8;
              }

              message Address {
                string street = 1;
              }
              enum Kind {
                KIND_UNSPECIFIED = 0;
                ADMIN = 1 [deprecated = true];
              }
            }
            enum Tier {
              TIER_UNSPECIFIED = 0;
              GOLD = 1;
            }

            service Users {
              rpc Get (User) returns (stream User) {
                option deprecated = true;
              };
            }
            """;

    @Test
    void canonicalTextIsConfluentsLayout() throws InvalidSchemaException {
        // The same file written loosely, with comments, enums before messages and options in one line: the
        // canonical text is the layout above (messages before enums at every level, sections after blank lines).
        String loose = """
                // The user service.
                syntax="proto3"; package com.acme;
                import "google/protobuf/timestamp.proto";
                option java_package="com.acme.gen"; option java_multiple_files=true;
                enum Tier { TIER_UNSPECIFIED = 0; GOLD = 1; }
                /* A user. */
                message User {
                  option deprecated = true;
                  enum Kind { KIND_UNSPECIFIED = 0; ADMIN = 1 [deprecated=true]; }
                  message Address { string street = 1; } // where
                  reserved 9, 10 to 12, 20 to max; reserved "legacy";
                  string name = 1;
                  google.protobuf.Timestamp created = 2 [deprecated = true, json_name = "createdAt"];
                  map<string,Address> addresses = 3;
                  repeated int32 scores = 4 [packed=true];
                  optional string nickname = 5;
                  Kind kind = 6;
                  oneof contact { string email = 7; string phone = 8; }
                }
                service Users { rpc Get(User) returns (stream User) { option deprecated = true; } }
                """;
        assertThat(parse(loose).canonical()).isEqualTo(USER);
        assertThat(parse(USER).canonical()).isEqualTo(USER);
    }

    @Test
    void whitespaceAndCommentsDoNotMakeAnotherSchema() throws InvalidSchemaException {
        ProtobufSchema a = parse("syntax = \"proto3\"; message M { string a = 1; int32 b = 2; }");
        ProtobufSchema b = parse("""
                // header comment
                syntax   =   "proto3";

                /** M's documentation */
                message M {
                  string a = 1;   // trailing
                  /* block */ int32 b = 2;
                }
                """);
        assertThat(b.canonical()).isEqualTo(a.canonical());
        assertThat(b).isEqualTo(a);
    }

    @Test
    void canonicalTextIsAFixedPoint() throws InvalidSchemaException {
        ProtobufSchema once = parse(USER);
        ProtobufSchema twice = parse(once.canonical());
        assertThat(twice.canonical()).isEqualTo(once.canonical());
    }

    @Test
    void customOptionValuesAreReprinted() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package p;
                import "confluent/meta.proto";
                message M {
                  string a = 1 [(confluent.field_meta) = { doc: "the \\"a\\"\\n", tags: ["PII", "X"] }];
                  string b = 2 [(confluent.field_meta).doc = "b"];
                }
                """);
        assertThat(s.canonical()).contains("""
                  string a = 1 [(confluent.field_meta) = {
                    doc: "the \\"a\\"\\n",
                    tags: [
                      "PII",
                      "X"
                    ]
                  }];
                  string b = 2 [(confluent.field_meta).doc = "b"];
                """);
        assertThat(parse(s.canonical()).canonical()).isEqualTo(s.canonical());
    }

    @Test
    void fieldOrderIsKeptInTheCanonicalText() throws InvalidSchemaException {
        // Only normalization orders fields: without it a reordered file is another text (as in Confluent's).
        ProtobufSchema ab = parse("syntax = \"proto3\"; message M { string a = 1; string b = 2; }");
        ProtobufSchema ba = parse("syntax = \"proto3\"; message M { string b = 2; string a = 1; }");
        assertThat(ba.canonical()).isNotEqualTo(ab.canonical());
        assertThat(ba.normalized().canonical()).isEqualTo(ab.normalized().canonical());
    }

    // ---- refused ----

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("syntax error", "syntax = \"proto3\"; message M { string a = ; }", "Syntax error"),
                Arguments.of("not protobuf at all", "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}",
                        "Syntax error"),
                Arguments.of("unknown type", "syntax = \"proto3\"; message M { Missing m = 1; }",
                        "unable to resolve Missing"),
                Arguments.of("well-known type used without its import",
                        "syntax = \"proto3\"; message M { google.protobuf.Timestamp t = 1; }",
                        "unable to resolve google.protobuf.Timestamp"),
                Arguments.of("unknown import", "syntax = \"proto3\"; import \"other.proto\"; message M {}",
                        "imports \"other.proto\", which is neither a reference"),
                Arguments.of("duplicate field number", "syntax = \"proto3\"; message M { string a = 1; int32 b = 1; }",
                        "multiple fields share tag 1"),
                Arguments.of("duplicate field name", "syntax = \"proto3\"; message M { string a = 1; int32 a = 2; }",
                        "multiple fields share name a"),
                Arguments.of("required in proto3", "syntax = \"proto3\"; message M { required string a = 1; }",
                        "'required' label forbidden in proto3"),
                Arguments.of("proto3 enum without zero first",
                        "syntax = \"proto3\"; enum E { A = 1; }", "missing a zero value"),
                Arguments.of("field number 0", "syntax = \"proto3\"; message M { string a = 0; }",
                        "tag is out of range: 0"),
                Arguments.of("reserved number used", "syntax = \"proto3\"; message M { reserved 1; string a = 1; }",
                        "tag 1 is reserved"),
                Arguments.of("unknown option", "syntax = \"proto3\"; message M { string a = 1 [(nope) = 1]; }",
                        "unable to resolve option nope"),
                Arguments.of("default in proto3", "syntax = \"proto3\"; message M { string a = 1 [default = \"x\"]; }",
                        "default values are not permitted in proto3"),
                Arguments.of("unknown rpc type", "syntax = \"proto3\"; message M {} service S { rpc A(M) returns (N); }",
                        "unable to resolve N"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidSchemasAreRefusedWithTheReason(String name, String text, String reason) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("Invalid Protobuf schema: ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aReferenceToAnAvroSchemaIsRefused() throws InvalidSchemaException {
        ParsedSchema avro = new AvroSchemaParser().parse("\"string\"", List.of(), Map.of());
        assertThatThrownBy(() -> parse("syntax = \"proto3\"; import \"a.avsc\"; message M {}",
                Map.of("a.avsc", avro)))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("can only import Protobuf schemas");
    }

    // ---- imports ----

    private static final String COMMON = """
            syntax = "proto3";
            package com.acme.common;
            message Money { string currency = 1; int64 units = 2; }
            enum Currency { CURRENCY_UNSPECIFIED = 0; EUR = 1; }
            """;

    @Test
    void importsResolveToReferencesByImportPath() throws InvalidSchemaException {
        ProtobufSchema common = parse(COMMON);
        ProtobufSchema order = parse("""
                syntax = "proto3";
                package com.acme.orders;
                import "acme/common.proto";
                message Order {
                  com.acme.common.Money total = 1;
                  com.acme.common.Currency currency = 2;
                }
                """, Map.of("acme/common.proto", common));
        assertThat(order.dependencies()).containsOnlyKeys("acme/common.proto");
        assertThat(order.references()).containsExactly(new Reference("acme/common.proto", "acme/common.proto", 1));
        assertThat(order.canonical()).contains("import \"acme/common.proto\";", "com.acme.common.Money total = 1;");
    }

    @Test
    void referencesCarryTheirOwnReferences() throws InvalidSchemaException {
        // order.proto imports only line.proto, which imports common.proto: the closure links.
        ProtobufSchema common = parse(COMMON);
        ProtobufSchema line = parse("""
                syntax = "proto3";
                package com.acme.orders;
                import "acme/common.proto";
                message Line { string sku = 1; com.acme.common.Money price = 2; }
                """, Map.of("acme/common.proto", common));
        ProtobufSchema order = parse("""
                syntax = "proto3";
                package com.acme.orders;
                import "acme/line.proto";
                message Order { repeated Line lines = 1; }
                """, Map.of("acme/line.proto", line));
        assertThat(order.closure()).containsOnlyKeys("acme/line.proto", "acme/common.proto");
        // A type of the transitive file is not visible without importing it (protoc's rule).
        assertThatThrownBy(() -> parse("""
                syntax = "proto3";
                import "acme/line.proto";
                message Order { com.acme.common.Money total = 1; }
                """, Map.of("acme/line.proto", line)))
                .isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void publicImportsReExport() throws InvalidSchemaException {
        ProtobufSchema common = parse(COMMON);
        ProtobufSchema facade = parse("syntax = \"proto3\"; import public \"acme/common.proto\";",
                Map.of("acme/common.proto", common));
        ProtobufSchema order = parse("""
                syntax = "proto3";
                import "acme/facade.proto";
                message Order { com.acme.common.Money total = 1; }
                """, Map.of("acme/facade.proto", facade));
        assertThat(order.model().types()).containsKey("Order");
        assertThat(facade.canonical()).isEqualTo("syntax = \"proto3\";\n\nimport public \"acme/common.proto\";\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "google/protobuf/any.proto:google.protobuf.Any",
            "google/protobuf/api.proto:google.protobuf.Api",
            "google/protobuf/descriptor.proto:google.protobuf.FileDescriptorProto",
            "google/protobuf/duration.proto:google.protobuf.Duration",
            "google/protobuf/empty.proto:google.protobuf.Empty",
            "google/protobuf/field_mask.proto:google.protobuf.FieldMask",
            "google/protobuf/source_context.proto:google.protobuf.SourceContext",
            "google/protobuf/struct.proto:google.protobuf.Struct",
            "google/protobuf/timestamp.proto:google.protobuf.Timestamp",
            "google/protobuf/type.proto:google.protobuf.Type",
            "google/protobuf/wrappers.proto:google.protobuf.StringValue",
            "google/type/calendar_period.proto:google.type.CalendarPeriod",
            "google/type/color.proto:google.type.Color",
            "google/type/date.proto:google.type.Date",
            "google/type/datetime.proto:google.type.DateTime",
            "google/type/dayofweek.proto:google.type.DayOfWeek",
            "google/type/decimal.proto:google.type.Decimal",
            "google/type/expr.proto:google.type.Expr",
            "google/type/fraction.proto:google.type.Fraction",
            "google/type/interval.proto:google.type.Interval",
            "google/type/latlng.proto:google.type.LatLng",
            "google/type/money.proto:google.type.Money",
            "google/type/month.proto:google.type.Month",
            "google/type/phone_number.proto:google.type.PhoneNumber",
            "google/type/postal_address.proto:google.type.PostalAddress",
            "google/type/quaternion.proto:google.type.Quaternion",
            "google/type/timeofday.proto:google.type.TimeOfDay",
            "confluent/type/decimal.proto:confluent.type.Decimal",
            "confluent/meta.proto:confluent.Meta"})
    void wellKnownFilesImportWithoutReferences(String pathAndType) throws InvalidSchemaException {
        String[] parts = pathAndType.split(":");
        ProtobufSchema s = parse("syntax = \"proto3\";\nimport \"" + parts[0] + "\";\nmessage M { " + parts[1]
                + " v = 1; }");
        assertThat(s.references()).isEmpty();
        assertThat(s.visibleTypes()).containsKey(parts[1]);
    }

    @Test
    void confluentOptionsAndDecimalResolve() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package shop;
                import "confluent/meta.proto";
                import "confluent/type/decimal.proto";
                option (confluent.file_meta).doc = "shop";
                message Item {
                  option (confluent.message_meta) = { doc: "an item", params: [{ key: "k", value: "v" }] };
                  confluent.type.Decimal price = 1 [(confluent.field_meta) = { params: [
                    { key: "precision", value: "8" }, { key: "scale", value: "2" } ] }];
                  Size size = 2;
                }
                enum Size {
                  option (confluent.enum_meta).doc = "sizes";
                  SIZE_UNSPECIFIED = 0 [(confluent.enum_value_meta).doc = "none"];
                }
                """);
        assertThat(s.canonical()).contains("option (confluent.file_meta).doc = \"shop\";");
    }

    @Test
    void aCustomOptionOfDescriptorProtoResolves() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package p;
                import "google/protobuf/descriptor.proto";
                extend google.protobuf.FieldOptions { string sensitivity = 50001; }
                message M { string a = 1 [(sensitivity) = "high"]; }
                """);
        assertThat(s.model().extensionNames()).containsExactly("p.sensitivity");
    }

    @Test
    void aReferenceMayStandInForAWellKnownPath() throws InvalidSchemaException {
        // Confluent's Java serializer can register google/protobuf/timestamp.proto as a subject of its own and
        // reference it: the referenced schema is the one linked.
        ProtobufSchema ownTimestamp = parse("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { int64 seconds = 1; int32 nanos = 2; }
                """);
        ProtobufSchema s = parse("""
                syntax = "proto3";
                import "google/protobuf/timestamp.proto";
                message M { google.protobuf.Timestamp at = 1; }
                """, Map.of("google/protobuf/timestamp.proto", ownTimestamp));
        assertThat(s.references()).hasSize(1);
    }

    // ---- normalization ----

    @Test
    void normalizationOrdersAndQualifies() throws InvalidSchemaException {
        ProtobufSchema common = parse(COMMON);
        Map<String, ParsedSchema> deps = new LinkedHashMap<>();
        deps.put("google/protobuf/timestamp.proto", parse("""
                syntax = "proto3";
                package google.protobuf;
                message Timestamp { int64 seconds = 1; int32 nanos = 2; }
                """));
        deps.put("acme/common.proto", common);
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package com.acme.orders;
                import "google/protobuf/timestamp.proto";
                import "acme/common.proto";
                option java_package = "com.acme.orders.gen";
                option java_multiple_files = true;
                message Order {
                  google.protobuf.Timestamp at = 3;
                  map<string, com.acme.common.Money> totals = 2;
                  Line first = 1;
                  oneof by { string user = 9; string system = 8; }
                  message Line { com.acme.common.Currency currency = 1; }
                }
                """, deps);
        ProtobufSchema n = (ProtobufSchema) s.normalized();
        assertThat(n.canonical()).isEqualTo("""
                syntax = "proto3";
                package com.acme.orders;

                import "acme/common.proto";
                import "google/protobuf/timestamp.proto";

                option java_multiple_files = true;
                option java_package = "com.acme.orders.gen";

                message Order {
                  .com.acme.orders.Order.Line first = 1;
                  map<string, .com.acme.common.Money> totals = 2;
                  .google.protobuf.Timestamp at = 3;

                  oneof by {
                    string system = 8;
                    string user = 9;
                  }

                  message Line {
                    .com.acme.common.Currency currency = 1;
                  }
                }
                """);
        // References are ordered too; normalizing again changes nothing.
        assertThat(n.references()).extracting(Reference::name)
                .containsExactly("acme/common.proto", "google/protobuf/timestamp.proto");
        assertThat(n.normalized()).isSameAs(n);
        assertThat(((ProtobufSchema) parse(n.canonical(), deps).normalized()).canonical()).isEqualTo(n.canonical());
    }

    @Test
    void normalizationDropsTheProto2SyntaxLineAndSplitsReservedRanges() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto2";
                message M {
                  reserved 20, 3 to 3, 1 to 2;
                  reserved "b", "a";
                  optional string x = 5;
                }
                enum E { B = 2; A = 1; }
                """);
        assertThat(s.normalized().canonical()).isEqualTo("""

                message M {
                  reserved 1 to 2;
                  reserved 3;
                  reserved 20;
                  reserved "a";
                  reserved "b";

                  optional string x = 5;
                }
                enum E {
                  A = 1;
                  B = 2;
                }
                """);
    }

    @Test
    void normalizationWritesCustomOptionsAsOneQualifiedLiteral() throws InvalidSchemaException {
        ProtobufSchema s = parse("""
                syntax = "proto3";
                package p;
                import "confluent/meta.proto";
                message M {
                  string a = 1 [(confluent.field_meta).tags = "x", (confluent.field_meta).tags = "y",
                                (confluent.field_meta).doc = "d"];
                }
                """);
        assertThat(s.normalized().canonical()).contains("""
                  string a = 1 [(confluent.field_meta) = {
                    doc: "d",
                    tags: [
                      "x",
                      "y"
                    ]
                  }];
                """);
    }

    @Test
    void theSameSchemaWrittenTwoWaysNormalizesAlike() throws InvalidSchemaException {
        ProtobufSchema a = parse("""
                syntax = "proto3";
                package p;
                import "google/protobuf/wrappers.proto";
                import "google/protobuf/timestamp.proto";
                message M { google.protobuf.Timestamp t = 2; google.protobuf.StringValue s = 1; N n = 3; }
                message N { int32 x = 1; }
                """);
        ProtobufSchema b = parse("""
                syntax = "proto3";
                package p;
                import "google/protobuf/timestamp.proto";
                import "google/protobuf/wrappers.proto";
                message M { .google.protobuf.StringValue s = 1; .google.protobuf.Timestamp t = 2; p.N n = 3; }
                message N { int32 x = 1; }
                """);
        assertThat(a.canonical()).isNotEqualTo(b.canonical());
        assertThat(a.normalized().canonical()).isEqualTo(b.normalized().canonical());
    }

    // ---- base64 FileDescriptorProto (what Confluent's Python, Go, .NET and JavaScript serializers register) ----

    /**
     * A FileDescriptorProto built with protobuf-java (a map, a proto3 optional field, a oneof, json_name, options, a
     * reserved range and name, an enum with a reserved range, a streaming rpc), base64-encoded.
     */
    private static final String USER_DESCRIPTOR = "Cg9hY21lL3VzZXIucHJvdG8SCGNvbS5hY21lGh9nb29nbGUvcHJvdG9idWYvdGlt"
            + "ZXN0YW1wLnByb3RvIo0CCgRVc2VyEhIKBG5hbWUYASABKAlSBG5hbWUSKgoCYXQYAiABKAsyGi5nb29nbGUucHJvdG9idWYuVGlt"
            + "ZXN0YW1wQgIYARImCgR0YWdzGAMgAygLMhguY29tLmFjbWUuVXNlci5UYWdzRW50cnkSEQoEbmljaxgEIAEoCUgAiAEBEg8KBWVt"
            + "YWlsGAUgASgJSAESHAoEa2luZBgGIAEoDjIOLmNvbS5hY21lLktpbmQSDwoDYmlnGAcgAygDQgIQARorCglUYWdzRW50cnkSCwoD"
            + "a2V5GAEgASgJEg0KBXZhbHVlGAIgASgFOgI4AUIHCgVfbmlja0IJCgdjb250YWN0SgQIChANUgNvbGQqLQoES2luZBIUChBLSU5E"
            + "X1VOU1BFQ0lGSUVEEAASCQoFQURNSU4QASIECAUQBzIwCgVVc2VycxInCgNHZXQSDi5jb20uYWNtZS5Vc2VyGg4uY29tLmFjbWUu"
            + "VXNlcjABQhIKDGNvbS5hY21lLmdlbkgBUAFiBnByb3RvMw==";

    @Test
    void aBase64FileDescriptorIsStoredAsTheTextItDescribes() throws InvalidSchemaException {
        ProtobufSchema s = parse(USER_DESCRIPTOR);
        // As Confluent's registry writes a descriptor: fully qualified type names, the map as its entry message.
        assertThat(s.canonical()).isEqualTo("""
                syntax = "proto3";
                package com.acme;

                import "google/protobuf/timestamp.proto";

                option java_package = "com.acme.gen";
                option optimize_for = SPEED;
                option java_multiple_files = true;

                message User {
                  reserved 10 to 12;
                  reserved "old";

                  string name = 1 [json_name = "name"];
                  .google.protobuf.Timestamp at = 2 [deprecated = true];
                  repeated .com.acme.User.TagsEntry tags = 3;
                  optional string nick = 4;
                  .com.acme.Kind kind = 6;
                  repeated int64 big = 7 [packed = true];

                  oneof contact {
                    string email = 5;
                  }

                  message TagsEntry {
                    option map_entry = true;
                 \s
                    string key = 1;
                    int32 value = 2;
                  }
                }
                enum Kind {
                  reserved 5 to 7;
                  KIND_UNSPECIFIED = 0;
                  ADMIN = 1;
                }

                service Users {
                  rpc Get (.com.acme.User) returns (stream .com.acme.User);
                }
                """);
        // Its canonical text reads back as the same schema, and the map entry is a map to the rules.
        assertThat(parse(s.canonical()).canonical()).isEqualTo(s.canonical());
        assertThat(s.normalized().canonical()).contains("  map<string, int32> tags = 3;\n")
                .doesNotContain("TagsEntry");
    }

    @Test
    void aDescriptorAndTheTextItCameFromNormalizeAlike() throws InvalidSchemaException {
        ProtobufSchema text = parse("""
                syntax = "proto3";
                package com.acme;
                import "google/protobuf/timestamp.proto";
                option java_package = "com.acme.gen";
                option java_multiple_files = true;
                option optimize_for = SPEED;
                message User {
                  reserved 10 to 12;
                  reserved "old";
                  string name = 1 [json_name = "name"];
                  google.protobuf.Timestamp at = 2 [deprecated = true];
                  map<string, int32> tags = 3;
                  optional string nick = 4;
                  Kind kind = 6;
                  repeated int64 big = 7 [packed = true];
                  oneof contact { string email = 5; }
                }
                enum Kind { reserved 5 to 7; KIND_UNSPECIFIED = 0; ADMIN = 1; }
                service Users { rpc Get(User) returns (stream User); }
                """);
        assertThat(parse(USER_DESCRIPTOR).normalized().canonical()).isEqualTo(text.normalized().canonical());
        assertThat(parse(USER_DESCRIPTOR).differencesFrom(text)).allMatch(d -> d.kind().compatible);
    }

    @Test
    void confluentMetaOptionsAndProto2DescriptorsAreRead() throws InvalidSchemaException {
        // FieldOptions carrying confluent.field_meta (extension 1088) with doc, params and tags.
        assertThat(parse("CgdtLnByb3RvEgFwGhRjb25mbHVlbnQvbWV0YS5wcm90byItCgFNEigKBG5hbWUYASABKAlCGoJEFwoIdGhl"
                + "IG5hbWUSBgoBaxIBdhoDUElJYgZwcm90bzM=").canonical()).isEqualTo("""
                syntax = "proto3";
                package p;

                import "confluent/meta.proto";

                message M {
                  string name = 1 [(confluent.field_meta) = {
                    doc: "the name",
                    params: [
                      {
                        key: "k",
                        value: "v"
                      }
                    ],
                    tags: [
                      "PII"
                    ]
                  }];
                }
                """);
        // proto2 (no syntax field): required, defaults, an extension range and an extension.
        assertThat(parse("CgdxLnByb3RvEgFxIjQKAVESCgoCaWQYASACKAkSDAoBbhgCIAEoBToBNxIOCgFzGAMgASgJOgNhImIqBQhk"
                + "EMgBOhEKA2V4dBIELnEuURhkIAEoCQ==").canonical()).isEqualTo("""
                package q;

                message Q {
                  required string id = 1;
                  optional int32 n = 2 [default = 7];
                  optional string s = 3 [default = "a\\"b"];

                  extensions 100 to 199;
                }

                extend .q.Q {
                  optional string ext = 100;
                }
                """);
    }

    @Test
    void descriptorsThisRegistryCannotHoldAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("CgdlLnByb3RvIg4KAUUSCQoBYRgBIAEoCWIIZWRpdGlvbnNw6Ac="))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("editions");
        assertThatThrownBy(() -> parse("CgdnLnByb3RvIi0KAUcSFQoEaXRlbRgBIAEoCjIHLkcuSXRlbRoRCgRJdGVtEgkKAXgYAiAB"
                + "KAViBnByb3RvMg=="))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("groups");
        // Base64 that is no descriptor is reported as the text it is.
        assertThatThrownBy(() -> parse("aGVsbG8="))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> parse("hello world"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> parse("Message"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("Syntax error");
    }

    @Test
    void parsingIsReasonablyQuick() throws InvalidSchemaException {
        parse(USER); // warm up (loads and links the well-known files once)
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            parse(USER);
        }
        long perSchemaMicros = (System.nanoTime() - start) / 50 / 1000;
        assertThat(perSchemaMicros).as("µs per parse+link").isLessThan(50_000);
    }
}
