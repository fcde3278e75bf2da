package io.tributary.registry.schema.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Confluent's {@code ?format=} for Protobuf schemas: {@code serialized} (the base64 {@code FileDescriptorProto}
 * Confluent's non-Java deserializers fetch), {@code ignore_extensions}, and the canonical text for the rest. The
 * descriptor is checked field by field (decoded with descriptor.proto) and by reading it back with the parser.
 */
class ProtobufFormatsTest {

    private static final ProtobufSchemaParser PARSER = new ProtobufSchemaParser();

    private static final String MONEY = """
            syntax = "proto3";
            package com.acme.money;

            message Money {
              string currency = 1;
              int64 units = 2;
            }
            """;

    private static final List<Reference> REFS = List.of(new Reference("acme/money.proto", "money-proto", 1));

    private static Map<String, ParsedSchema> deps() throws InvalidSchemaException {
        Map<String, ParsedSchema> deps = new LinkedHashMap<>();
        deps.put("acme/money.proto", PARSER.parse(MONEY, List.of(), Map.of()));
        return deps;
    }

    private static ProtobufSchema parse(String text) throws InvalidSchemaException {
        return (ProtobufSchema) PARSER.parse(text, REFS, deps());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String base64) throws Exception {
        return (Map<String, Object>) DescriptorText.Descriptors.FILE.decode(Base64.getDecoder().decode(base64));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Object list, int i) {
        return (Map<String, Object>) ((List<Object>) list).get(i);
    }

    /** A schema written as the registry prints one (one reserved range a line, options in number order, no maps). */
    private static final String ORDER = """
            syntax = "proto3";
            package com.acme.orders;

            import "google/protobuf/timestamp.proto";
            import "acme/money.proto";

            option java_package = "com.acme.gen";
            option java_multiple_files = true;

            message Header {
              string source = 1 [json_name = "src"];
            }
            message Order {
              reserved 20 to 25;
              reserved "legacy";

              option deprecated = true;

              string id = 1;
              com.acme.money.Money total = 2;
              .google.protobuf.Timestamp placed = 3;
              repeated string tags = 4;
              Status status = 6;
              Line line = 9;
              optional int32 priority = 10;
              repeated int64 big = 11 [packed = false];

              oneof contact {
                string email = 7;
                int64 phone = 8;
              }

              message Line {
                string sku = 1;
                Status state = 2;
              }
            }
            enum Status {
              reserved 10 to 12;
              option allow_alias = true;
              UNKNOWN = 0;
              PLACED = 1;
              SENT = 1 [deprecated = true];
            }

            service Orders {
              rpc Get (.com.acme.orders.Header) returns (stream .com.acme.orders.Order);
            }
            """;

    @Test
    void serializedIsTheFileDescriptorConfluentAnswers() throws Exception {
        ProtobufSchema s = parse(ORDER);
        Map<String, Object> file = decode(s.formatted("serialized"));
        // Named as Confluent names every file it serializes; dependencies are the import paths.
        assertThat(file.get("name")).isEqualTo("default");
        assertThat(file.get("package")).isEqualTo("com.acme.orders");
        assertThat(file.get("syntax")).isEqualTo("proto3");
        assertThat(file.get("dependency")).isEqualTo(List.of("google/protobuf/timestamp.proto", "acme/money.proto"));
        assertThat(file.get("options")).isEqualTo(Map.of("java_package", "com.acme.gen", "java_multiple_files",
                true));
        assertThat(at(file.get("message_type"), 0)).isEqualTo(Map.of("name", "Header", "field", List.of(Map.of(
                "name", "source", "number", 1, "label", "LABEL_OPTIONAL", "type", "TYPE_STRING", "json_name",
                "src"))));
        Map<String, Object> order = at(file.get("message_type"), 1);
        // Type names as written (clients resolve them by protobuf's scoping, as the parser does), with their kind.
        assertThat(at(order.get("field"), 1)).containsEntry("type", "TYPE_MESSAGE")
                .containsEntry("type_name", "com.acme.money.Money");
        assertThat(at(order.get("field"), 2)).containsEntry("type_name", ".google.protobuf.Timestamp");
        assertThat(at(order.get("field"), 4)).containsEntry("type", "TYPE_ENUM").containsEntry("type_name", "Status");
        // proto3 optional: a synthetic oneof after the real ones; oneof members after the other fields.
        assertThat(at(order.get("field"), 6)).containsEntry("proto3_optional", true).containsEntry("oneof_index", 1);
        assertThat(at(order.get("field"), 8)).containsEntry("name", "email").containsEntry("oneof_index", 0);
        assertThat(order.get("oneof_decl")).isEqualTo(List.of(Map.of("name", "contact"),
                Map.of("name", "_priority")));
        assertThat(order.get("reserved_range")).isEqualTo(List.of(Map.of("start", 20, "end", 26)));
        assertThat(order.get("reserved_name")).isEqualTo(List.of("legacy"));
        assertThat(order.get("options")).isEqualTo(Map.of("deprecated", true));
        Map<String, Object> status = at(file.get("enum_type"), 0);
        assertThat(status.get("reserved_range")).as("enum ranges end at their last number")
                .isEqualTo(List.of(Map.of("start", 10, "end", 12)));
        Map<String, Object> method = at(at(file.get("service"), 0).get("method"), 0);
        assertThat(method).containsEntry("input_type", ".com.acme.orders.Header")
                .containsEntry("output_type", ".com.acme.orders.Order").containsEntry("server_streaming", true)
                .doesNotContainKey("client_streaming");
    }

    @Test
    void serializedReadsBackAsTheSameCanonicalText() throws Exception {
        ProtobufSchema s = parse(ORDER);
        ProtobufSchema back = (ProtobufSchema) PARSER.parse(s.formatted("serialized"), REFS, deps());
        assertThat(back.canonical()).isEqualTo(s.canonical());
        assertThat(back.formatted("serialized")).isEqualTo(s.formatted("serialized"));
        ProtobufSchema money = (ProtobufSchema) deps().get("acme/money.proto");
        assertThat(((ProtobufSchema) PARSER.parse(money.formatted("serialized"), List.of(), Map.of())).canonical())
                .isEqualTo(MONEY);
    }

    @Test
    void proto2FilesWithDefaultsAndExtensionsReadBackAlike() throws Exception {
        ProtobufSchema s = (ProtobufSchema) PARSER.parse("""
                syntax = "proto2";
                package legacy;

                message Order {
                  required string id = 1;
                  optional int32 qty = 2 [default = -1];
                  optional string note = 3 [default = "a\\"b\\n"];
                  optional bytes raw = 4 [default = "\\001x"];
                  optional Status status = 5 [default = OPEN];
                  optional double ratio = 6 [default = inf];

                  extensions 100 to 199;
                  extensions 1000 to max;

                  enum Status {
                    OPEN = 1;
                    CLOSED = 2;
                  }
                }

                extend Order {
                  optional string origin = 100;
                }
                """, List.of(), Map.of());
        Map<String, Object> file = decode(s.formatted("serialized"));
        Map<String, Object> order = at(file.get("message_type"), 0);
        assertThat(at(order.get("field"), 0)).containsEntry("label", "LABEL_REQUIRED");
        assertThat(at(order.get("field"), 1)).containsEntry("default_value", "-1");
        assertThat(at(order.get("field"), 4)).containsEntry("default_value", "OPEN")
                .containsEntry("type_name", "Status");
        assertThat(order.get("extension_range")).isEqualTo(List.of(Map.of("start", 100, "end", 200),
                Map.of("start", 1000, "end", 536_870_912)));
        // An extension's target is fully qualified (protobuf-es finds extendees by full name only).
        assertThat(at(file.get("extension"), 0)).containsEntry("extendee", ".legacy.Order")
                .containsEntry("number", 100);
        ParsedSchema back = PARSER.parse(s.formatted("serialized"), List.of(), Map.of());
        assertThat(back.canonical()).isEqualTo(s.canonical().replace("extend Order {", "extend .legacy.Order {"));
        assertThat(back.normalized().canonical()).isEqualTo(s.normalized().canonical());
    }

    @Test
    void anySchemaReadsBackAsTheSameNormalizedSchema() throws Exception {
        // Maps, custom options written field by field, a relative name of another file's type: the descriptor's
        // forms of them read back as other texts, but as the same schema.
        Map<String, ParsedSchema> deps = new LinkedHashMap<>();
        deps.put("acme/money.proto", PARSER.parse("""
                syntax = "proto3";
                package com.acme;
                message Money { string currency = 1; int64 units = 2; }
                """, List.of(), Map.of()));
        String text = """
                syntax = "proto3";
                package com.acme.orders;
                import "acme/money.proto";
                import "confluent/meta.proto";
                option java_multiple_files = true;
                option java_package = "com.acme.gen";
                option (confluent.file_meta).doc = "orders";
                message Order {
                  string id = 1 [(confluent.field_meta).doc = "the id",
                                 (confluent.field_meta).params = { key: "pii" value: "no" }];
                  Money total = 2;
                  map<string, int32> line_counts = 3;
                  map<string, Line> lines = 4;
                  reserved 20 to 25, 30;
                  message Line { string sku = 1; }
                }
                service Orders { rpc Get (Order) returns (Money); }
                """;
        ProtobufSchema s = (ProtobufSchema) PARSER.parse(text, REFS, deps);
        Map<String, Object> file = decode(s.formatted("serialized"));
        Map<String, Object> order = at(file.get("message_type"), 0);
        // Another file's type named relative to this package: fully qualified, for clients that look for relative
        // names within the file only.
        assertThat(at(order.get("field"), 1)).containsEntry("type_name", ".com.acme.Money");
        // Maps: entry messages named as protoc names them, after the declared nested messages.
        assertThat(at(order.get("field"), 2)).containsEntry("label", "LABEL_REPEATED")
                .containsEntry("type_name", ".com.acme.orders.Order.LineCountsEntry");
        assertThat(at(order.get("nested_type"), 0)).containsEntry("name", "Line");
        assertThat(at(order.get("nested_type"), 2)).isEqualTo(Map.of("name", "LinesEntry", "options",
                Map.of("map_entry", true), "field", List.of(
                        Map.of("name", "key", "number", 1, "label", "LABEL_OPTIONAL", "type", "TYPE_STRING"),
                        Map.of("name", "value", "number", 2, "label", "LABEL_OPTIONAL", "type", "TYPE_MESSAGE",
                                "type_name", "Line"))));
        assertThat(at(order.get("field"), 0).get("options")).isEqualTo(Map.of("field_meta", Map.of("doc", "the id",
                "params", Map.of("pii", "no"))));
        assertThat(file.get("options")).isEqualTo(Map.of("java_package", "com.acme.gen", "java_multiple_files",
                true, "file_meta", Map.of("doc", "orders")));
        assertThat(at(at(file.get("service"), 0).get("method"), 0)).containsEntry("input_type",
                ".com.acme.orders.Order").containsEntry("output_type", ".com.acme.Money");

        ProtobufSchema back = (ProtobufSchema) PARSER.parse(s.formatted("serialized"), REFS, deps);
        assertThat(back.canonical()).isNotEqualTo(s.canonical()).contains("repeated .com.acme.orders.Order"
                + ".LineCountsEntry line_counts = 3;");
        assertThat(back.normalized().canonical()).isEqualTo(s.normalized().canonical());
        assertThat(back.differencesFrom(s)).isEmpty();
        // And the descriptor of that text is the same descriptor.
        assertThat(((ProtobufSchema) PARSER.parse(back.formatted("serialized"), REFS, deps)).canonical())
                .isEqualTo(back.canonical());
    }

    @Test
    void customOptionsOtherThanConfluentsAreLeftOut() throws Exception {
        ProtobufSchema s = (ProtobufSchema) PARSER.parse("""
                syntax = "proto3";
                package p;
                import "google/protobuf/descriptor.proto";
                extend google.protobuf.FieldOptions { string mine = 50001; }
                message M { string a = 1 [(mine) = "x", deprecated = true]; }
                """, List.of(), Map.of());
        Map<String, Object> file = decode(s.formatted("serialized"));
        assertThat(at(at(file.get("message_type"), 0).get("field"), 0).get("options"))
                .isEqualTo(Map.of("deprecated", true));
        // The extension itself is part of the file.
        assertThat(at(file.get("extension"), 0)).containsEntry("name", "mine")
                .containsEntry("extendee", ".google.protobuf.FieldOptions");
    }

    @Test
    void ignoreExtensionsLeavesOutCustomOptionsExtensionRangesAndExtends() throws InvalidSchemaException {
        ProtobufSchema s = (ProtobufSchema) PARSER.parse("""
                syntax = "proto2";
                package p;
                import "google/protobuf/descriptor.proto";
                import "confluent/meta.proto";
                option (file_opt) = "f";
                option java_package = "p.gen";
                extend google.protobuf.FileOptions { optional string file_opt = 50000; }
                extend google.protobuf.FieldOptions { optional string mine = 50001; }
                message M {
                  optional string a = 1 [(mine) = "x", (confluent.field_meta).doc = "kept", deprecated = true];
                  extensions 100 to 199;
                  extend M { optional int32 nested_ext = 100; }
                }
                extend M { optional int32 ext = 101; }
                """, List.of(), Map.of());
        assertThat(s.formatted("ignore_extensions")).isEqualTo("""
                syntax = "proto2";
                package p;

                import "google/protobuf/descriptor.proto";
                import "confluent/meta.proto";

                option java_package = "p.gen";

                message M {
                  optional string a = 1 [
                    (confluent.field_meta).doc = "kept",
                    deprecated = true
                  ];
                }
                """);
        assertThat(s.formatted("IGNORE_EXTENSIONS")).isEqualTo(s.formatted("ignore_extensions"));
        assertThat(s.canonical()).contains("extensions 100 to 199;", "extend M {", "(mine) = \"x\"");
    }

    @Test
    void otherFormatsAnswerTheCanonicalText() throws Exception {
        ProtobufSchema s = parse(ORDER);
        for (String format : new String[] {null, "", " ", "default", "DEFAULT", "resolved", "logical", "nonsense"}) {
            assertThat(s.formatted(format)).as(format).isEqualTo(s.canonical());
        }
        assertThat(s.formatted(" Serialized ")).isEqualTo(s.formatted("serialized"));
    }
}
