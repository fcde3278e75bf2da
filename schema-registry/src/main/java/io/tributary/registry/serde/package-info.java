/**
 * For users' Kafka applications: Avro serializers/deserializers in Confluent's wire format (magic byte 0, 4-byte
 * schema id, Avro binary) with Confluent's property names, and their caching registry client.
 */
package io.tributary.registry.serde;
