package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaParser;
import io.tributary.registry.schema.SchemaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Protobuf schemas ({@code schemaType} {@code PROTOBUF}): {@code .proto} text (proto2 or proto3), parsed and linked
 * with Square Wire, so that every type, import and option it names must resolve. Imports resolve to the referenced
 * schemas (reference name = import path) and their own references, or to the well-known files
 * ({@link WellKnownProtos}) without a reference. A base64-encoded {@code FileDescriptorProto}, which Confluent's
 * Python, Go and .NET serializers register, is accepted too and stored as the text it describes.
 */
public final class ProtobufSchemaParser implements SchemaParser {

    /** The path the schema being parsed is linked under (chosen so it cannot clash with an import). */
    static final String MAIN = "schema.proto";

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public ParsedSchema parse(String text, List<Reference> references, Map<String, ParsedSchema> dependencies)
            throws InvalidSchemaException {
        Map<String, ProtobufSchema> protobufDependencies = new LinkedHashMap<>();
        for (Map.Entry<String, ParsedSchema> e : dependencies.entrySet()) {
            if (!(e.getValue() instanceof ProtobufSchema p)) {
                throw new InvalidSchemaException("Invalid Protobuf schema: the reference " + e.getKey()
                        + " is a " + e.getValue().type() + " schema; a Protobuf schema can only import Protobuf "
                        + "schemas");
            }
            protobufDependencies.put(e.getKey(), p);
        }
        return parseProtobuf(text, references, protobufDependencies);
    }

    static ProtobufSchema parseProtobuf(String text, List<Reference> references,
                                        Map<String, ProtobufSchema> dependencies)
            throws InvalidSchemaException {
        Map<String, ProtobufSchema> closure = new LinkedHashMap<>();
        collect(dependencies, closure);
        String mainPath = MAIN;
        while (closure.containsKey(mainPath)) {
            mainPath = "_" + mainPath;
        }
        ProtoFileElement element = read(text, mainPath);
        Map<String, ProtoFileElement> files = new LinkedHashMap<>();
        closure.forEach((path, schema) -> files.put(path, ProtoLinking.locatedAt(schema.element(), path)));
        ProtoModel model = ProtoLinking.link(mainPath, element, files);
        return new ProtobufSchema(element, references, dependencies, model);
    }

    private static void collect(Map<String, ProtobufSchema> deps, Map<String, ProtobufSchema> out) {
        for (Map.Entry<String, ProtobufSchema> e : deps.entrySet()) {
            if (out.putIfAbsent(e.getKey(), e.getValue()) == null) {
                collect(e.getValue().dependencies(), out);
            }
        }
    }

    /** The text as a {@code .proto} file, or else as a base64 {@code FileDescriptorProto}. */
    private static ProtoFileElement read(String text, String path) throws InvalidSchemaException {
        try {
            return ProtoParser.Companion.parse(Location.get("", path), text);
        } catch (RuntimeException e) {
            ProtoFileElement fromDescriptor = DescriptorText.fromBase64(text, path);
            if (fromDescriptor != null) {
                return fromDescriptor;
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new InvalidSchemaException("Invalid Protobuf schema: " + why.replaceAll("\\s*\\n\\s*", " "), e);
        }
    }
}
