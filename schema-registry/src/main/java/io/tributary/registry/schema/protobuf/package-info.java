/**
 * Protobuf schemas ({@code "schemaType":"PROTOBUF"}): {@link io.tributary.registry.schema.protobuf.ProtobufSchemaParser}
 * parses and links {@code .proto} files (or base64 {@code FileDescriptorProto}s) with Square Wire against their
 * references and the well-known files; {@link io.tributary.registry.schema.protobuf.ProtobufSchema} holds the
 * canonical text in Confluent's layout, its normalized form, and Confluent's compatibility rules.
 */
package io.tributary.registry.schema.protobuf;
