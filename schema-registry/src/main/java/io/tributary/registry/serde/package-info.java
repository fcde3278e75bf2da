/**
 * For users' Kafka applications: serializers/deserializers in Confluent's wire format (magic byte 0, 4-byte schema
 * id, then the payload) with Confluent's property names — Avro ({@code KafkaAvroSerializer}), JSON Schema
 * ({@code KafkaJsonSchemaSerializer}) and Protobuf ({@code KafkaProtobufSerializer}, message indexes before the
 * message) — over one caching registry client ({@code RegistryClient}), so a warm serializer makes no HTTP call.
 */
package io.tributary.registry.serde;
