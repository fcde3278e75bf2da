/**
 * A Kafka Connect converter for Avro with the schema registry, used like Confluent's
 * {@code io.confluent.connect.avro.AvroConverter} ({@code value.converter=io.tributary.registry.connect.AvroConverter}
 * and {@code value.converter.schema.registry.url=...}). The Connect worker supplies connect-api.
 *
 * <p>The mapping ({@link io.tributary.registry.connect.ConnectAvroData}), Connect to Avro:
 * <ul>
 * <li>a struct is a record named after the Connect schema's name (namespace = the part before the last dot), or
 * {@code io.confluent.connect.avro.ConnectDefault} (then {@code ConnectDefault2}, ...) when it has none; a name used
 * again for the same struct refers to the first definition; fields keep their order, docs and defaults;</li>
 * <li>optional: a union with null, null first with default null; an optional field with a non-null default has the
 * type first and that default;</li>
 * <li>int8/int16: int with {@code "connect.type":"int8"|"int16"}; int32/int64/float32/float64/boolean/string/bytes:
 * int/long/float/double/boolean/string/bytes;</li>
 * <li>Decimal: bytes with logicalType decimal, {@code scale}, {@code precision} (the
 * {@code connect.decimal.precision} parameter, else 64); Date: int/date; Time: int/time-millis; Timestamp:
 * long/timestamp-millis;</li>
 * <li>array: array (optional items: a union); map with non-optional string keys: map; any other map: an array of
 * {@code io.confluent.connect.avro.MapEntry} records with fields {@code key} and {@code value};</li>
 * <li>a struct named {@code io.confluent.connect.avro.Union}: a union of its fields' types; a string with the
 * {@code io.confluent.connect.avro.Enum} parameter: an enum; bytes with {@code connect.fixed.size}: a fixed;</li>
 * <li>with {@code connect.meta.data=true} (default) a type also carries {@code connect.name}, {@code connect.version},
 * {@code connect.doc} (records: the Avro doc), {@code connect.default} and {@code connect.parameters}.</li>
 * </ul>
 * Avro to Connect is the reverse, for any Avro schema: a record's Connect name is its {@code connect.name} or full
 * name; a union of null and one type is that type, optional; other unions are {@code io.confluent.connect.avro.Union}
 * structs with one optional field per branch (named after the branch); an enum is a string with the enum parameters;
 * a fixed is bytes with {@code connect.fixed.size}; logical types decimal/date/time-millis/timestamp-millis become
 * Decimal/Date/Time/Timestamp; a top-level record without {@code connect.version} gets its registry version.
 */
package io.tributary.registry.connect;
