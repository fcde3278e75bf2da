package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files a schema may import without registering them, as Confluent's registry allows: Google's well-known types
 * ({@code google/protobuf/*.proto}), Google's common types ({@code google/type/*.proto}) and Confluent's
 * {@code confluent/meta.proto} and {@code confluent/type/decimal.proto}.
 *
 * <p>Wire's jar carries Google's own texts of {@code any}, {@code descriptor}, {@code duration}, {@code empty},
 * {@code field_mask}, {@code struct}, {@code timestamp} and {@code wrappers} (and Wire's {@code wire/extensions.proto},
 * which its linker loads itself); those are read from there. The others are written here from their published
 * definitions — package, message, field and enum names and numbers, which is all that linking and the compatibility
 * rules look at — without the originals' comments or language options.
 */
final class WellKnownProtos {

    private static final Set<String> FROM_WIRE = Set.of(
            "google/protobuf/any.proto", "google/protobuf/descriptor.proto", "google/protobuf/duration.proto",
            "google/protobuf/empty.proto", "google/protobuf/field_mask.proto", "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto", "google/protobuf/wrappers.proto", "wire/extensions.proto");

    private static final Map<String, String> WRITTEN_HERE = written();

    private static final Map<String, ProtoFileElement> PARSED = new ConcurrentHashMap<>();

    private WellKnownProtos() {
    }

    /** Whether {@code path} is importable without a reference. */
    static boolean isKnown(String path) {
        return FROM_WIRE.contains(path) || WRITTEN_HERE.containsKey(path);
    }

    /** Every such path (for messages and the link of them all). */
    static Set<String> paths() {
        Set<String> all = new java.util.TreeSet<>(FROM_WIRE);
        all.addAll(WRITTEN_HERE.keySet());
        return all;
    }

    /** The parsed file (parsed once; elements are immutable, so it is shared). */
    static Optional<ProtoFileElement> element(String path) {
        if (!isKnown(path)) {
            return Optional.empty();
        }
        return Optional.of(PARSED.computeIfAbsent(path, WellKnownProtos::parse));
    }

    private static ProtoFileElement parse(String path) {
        String text = WRITTEN_HERE.get(path);
        if (text == null) {
            text = resource(path);
        }
        return ProtoParser.Companion.parse(Location.get("", path), text);
    }

    private static String resource(String path) {
        ClassLoader loader = CoreLoader.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Wire's jar lacks " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> written() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("google/protobuf/source_context.proto", """
                syntax = "proto3";
                package google.protobuf;
                message SourceContext {
                  string file_name = 1;
                }
                """);
        m.put("google/protobuf/type.proto", """
                syntax = "proto3";
                package google.protobuf;
                import "google/protobuf/any.proto";
                import "google/protobuf/source_context.proto";
                message Type {
                  string name = 1;
                  repeated Field fields = 2;
                  repeated string oneofs = 3;
                  repeated Option options = 4;
                  SourceContext source_context = 5;
                  Syntax syntax = 6;
                  string edition = 7;
                }
                message Field {
                  enum Kind {
                    TYPE_UNKNOWN = 0;
                    TYPE_DOUBLE = 1;
                    TYPE_FLOAT = 2;
                    TYPE_INT64 = 3;
                    TYPE_UINT64 = 4;
                    TYPE_INT32 = 5;
                    TYPE_FIXED64 = 6;
                    TYPE_FIXED32 = 7;
                    TYPE_BOOL = 8;
                    TYPE_STRING = 9;
                    TYPE_GROUP = 10;
                    TYPE_MESSAGE = 11;
                    TYPE_BYTES = 12;
                    TYPE_UINT32 = 13;
                    TYPE_ENUM = 14;
                    TYPE_SFIXED32 = 15;
                    TYPE_SFIXED64 = 16;
                    TYPE_SINT32 = 17;
                    TYPE_SINT64 = 18;
                  }
                  enum Cardinality {
                    CARDINALITY_UNKNOWN = 0;
                    CARDINALITY_OPTIONAL = 1;
                    CARDINALITY_REQUIRED = 2;
                    CARDINALITY_REPEATED = 3;
                  }
                  Kind kind = 1;
                  Cardinality cardinality = 2;
                  int32 number = 3;
                  string name = 4;
                  string type_url = 6;
                  int32 oneof_index = 7;
                  bool packed = 8;
                  repeated Option options = 9;
                  string json_name = 10;
                  string default_value = 11;
                }
                message Enum {
                  string name = 1;
                  repeated EnumValue enumvalue = 2;
                  repeated Option options = 3;
                  SourceContext source_context = 4;
                  Syntax syntax = 5;
                  string edition = 6;
                }
                message EnumValue {
                  string name = 1;
                  int32 number = 2;
                  repeated Option options = 3;
                }
                message Option {
                  string name = 1;
                  Any value = 2;
                }
                enum Syntax {
                  SYNTAX_PROTO2 = 0;
                  SYNTAX_PROTO3 = 1;
                  SYNTAX_EDITIONS = 2;
                }
                """);
        m.put("google/protobuf/api.proto", """
                syntax = "proto3";
                package google.protobuf;
                import "google/protobuf/source_context.proto";
                import "google/protobuf/type.proto";
                message Api {
                  string name = 1;
                  repeated Method methods = 2;
                  repeated Option options = 3;
                  string version = 4;
                  SourceContext source_context = 5;
                  repeated Mixin mixins = 6;
                  Syntax syntax = 7;
                  string edition = 8;
                }
                message Method {
                  string name = 1;
                  string request_type_url = 2;
                  bool request_streaming = 3;
                  string response_type_url = 4;
                  bool response_streaming = 5;
                  repeated Option options = 6;
                  Syntax syntax = 7;
                  string edition = 8;
                }
                message Mixin {
                  string name = 1;
                  string root = 2;
                }
                """);
        m.put("google/type/calendar_period.proto", """
                syntax = "proto3";
                package google.type;
                enum CalendarPeriod {
                  CALENDAR_PERIOD_UNSPECIFIED = 0;
                  DAY = 1;
                  WEEK = 2;
                  FORTNIGHT = 3;
                  MONTH = 4;
                  QUARTER = 5;
                  HALF = 6;
                  YEAR = 7;
                }
                """);
        m.put("google/type/color.proto", """
                syntax = "proto3";
                package google.type;
                import "google/protobuf/wrappers.proto";
                message Color {
                  float red = 1;
                  float green = 2;
                  float blue = 3;
                  google.protobuf.FloatValue alpha = 4;
                }
                """);
        m.put("google/type/date.proto", """
                syntax = "proto3";
                package google.type;
                message Date {
                  int32 year = 1;
                  int32 month = 2;
                  int32 day = 3;
                }
                """);
        m.put("google/type/datetime.proto", """
                syntax = "proto3";
                package google.type;
                import "google/protobuf/duration.proto";
                message DateTime {
                  int32 year = 1;
                  int32 month = 2;
                  int32 day = 3;
                  int32 hours = 4;
                  int32 minutes = 5;
                  int32 seconds = 6;
                  int32 nanos = 7;
                  oneof time_offset {
                    google.protobuf.Duration utc_offset = 8;
                    TimeZone time_zone = 9;
                  }
                }
                message TimeZone {
                  string id = 1;
                  string version = 2;
                }
                """);
        m.put("google/type/dayofweek.proto", """
                syntax = "proto3";
                package google.type;
                enum DayOfWeek {
                  DAY_OF_WEEK_UNSPECIFIED = 0;
                  MONDAY = 1;
                  TUESDAY = 2;
                  WEDNESDAY = 3;
                  THURSDAY = 4;
                  FRIDAY = 5;
                  SATURDAY = 6;
                  SUNDAY = 7;
                }
                """);
        m.put("google/type/decimal.proto", """
                syntax = "proto3";
                package google.type;
                message Decimal {
                  string value = 1;
                }
                """);
        m.put("google/type/expr.proto", """
                syntax = "proto3";
                package google.type;
                message Expr {
                  string expression = 1;
                  string title = 2;
                  string description = 3;
                  string location = 4;
                }
                """);
        m.put("google/type/fraction.proto", """
                syntax = "proto3";
                package google.type;
                message Fraction {
                  int64 numerator = 1;
                  int64 denominator = 2;
                }
                """);
        m.put("google/type/interval.proto", """
                syntax = "proto3";
                package google.type;
                import "google/protobuf/timestamp.proto";
                message Interval {
                  google.protobuf.Timestamp start_time = 1;
                  google.protobuf.Timestamp end_time = 2;
                }
                """);
        m.put("google/type/latlng.proto", """
                syntax = "proto3";
                package google.type;
                message LatLng {
                  double latitude = 1;
                  double longitude = 2;
                }
                """);
        m.put("google/type/money.proto", """
                syntax = "proto3";
                package google.type;
                message Money {
                  string currency_code = 1;
                  int64 units = 2;
                  int32 nanos = 3;
                }
                """);
        m.put("google/type/month.proto", """
                syntax = "proto3";
                package google.type;
                enum Month {
                  MONTH_UNSPECIFIED = 0;
                  JANUARY = 1;
                  FEBRUARY = 2;
                  MARCH = 3;
                  APRIL = 4;
                  MAY = 5;
                  JUNE = 6;
                  JULY = 7;
                  AUGUST = 8;
                  SEPTEMBER = 9;
                  OCTOBER = 10;
                  NOVEMBER = 11;
                  DECEMBER = 12;
                }
                """);
        m.put("google/type/phone_number.proto", """
                syntax = "proto3";
                package google.type;
                message PhoneNumber {
                  message ShortCode {
                    string region_code = 1;
                    string number = 2;
                  }
                  oneof kind {
                    string e164_number = 1;
                    ShortCode short_code = 2;
                  }
                  string extension = 3;
                }
                """);
        m.put("google/type/postal_address.proto", """
                syntax = "proto3";
                package google.type;
                message PostalAddress {
                  int32 revision = 1;
                  string region_code = 2;
                  string language_code = 3;
                  string postal_code = 4;
                  string sorting_code = 5;
                  string administrative_area = 6;
                  string locality = 7;
                  string sublocality = 8;
                  repeated string address_lines = 9;
                  repeated string recipients = 10;
                  string organization = 11;
                }
                """);
        m.put("google/type/quaternion.proto", """
                syntax = "proto3";
                package google.type;
                message Quaternion {
                  double x = 1;
                  double y = 2;
                  double z = 3;
                  double w = 4;
                }
                """);
        m.put("google/type/timeofday.proto", """
                syntax = "proto3";
                package google.type;
                message TimeOfDay {
                  int32 hours = 1;
                  int32 minutes = 2;
                  int32 seconds = 3;
                  int32 nanos = 4;
                }
                """);
        // Confluent's own: field metadata as custom options (Meta extends every descriptor's options at 1088), and
        // the Decimal logical type its converters map to BigDecimal.
        m.put("confluent/meta.proto", """
                syntax = "proto3";
                package confluent;
                import "google/protobuf/descriptor.proto";
                message Meta {
                  string doc = 1;
                  map<string, string> params = 2;
                  repeated string tags = 3;
                  repeated Rule rules = 4;
                }
                message Rule {
                  string name = 1;
                  string doc = 2;
                  string expr = 3;
                  string sql = 4;
                }
                extend google.protobuf.FileOptions {
                  Meta file_meta = 1088;
                }
                extend google.protobuf.MessageOptions {
                  Meta message_meta = 1088;
                }
                extend google.protobuf.FieldOptions {
                  Meta field_meta = 1088;
                }
                extend google.protobuf.EnumOptions {
                  Meta enum_meta = 1088;
                }
                extend google.protobuf.EnumValueOptions {
                  Meta enum_value_meta = 1088;
                }
                """);
        m.put("confluent/type/decimal.proto", """
                syntax = "proto3";
                package confluent.type;
                message Decimal {
                  bytes value = 1;
                  uint32 precision = 2;
                  int32 scale = 3;
                }
                """);
        return Map.copyOf(m);
    }
}
