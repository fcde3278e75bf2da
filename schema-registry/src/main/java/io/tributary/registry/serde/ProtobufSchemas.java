package io.tributary.registry.serde;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.SchemaEncoder;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.tributary.registry.serde.RegistryClient.Ref;
import io.tributary.registry.serde.RegistryClient.SchemaText;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Protobuf serdes' view of registry schemas, as protobuf-java descriptors: a file as the schema registered for
 * it (the base64 {@code FileDescriptorProto}, as Confluent's non-Java serializers register, with its imports as
 * references), and a registered schema, fetched by id with its references, as a {@link FileDescriptor}.
 *
 * <p>Schemas are fetched with {@code ?format=serialized} (the registry answers the base64 descriptor, as Confluent
 * does). A registry answering the {@code .proto} text instead (one that ignores the parameter) is read too: the text
 * and its references' texts are linked with Square Wire and encoded as a descriptor here. The well-known
 * {@code google/protobuf/*.proto} imports are protobuf-java's own descriptors and need no reference.
 */
final class ProtobufSchemas {

    static final String TYPE = "PROTOBUF";

    /** The files protobuf-java itself carries, by import path. */
    static final Map<String, FileDescriptor> WELL_KNOWN = wellKnown(AnyProto.getDescriptor(),
            ApiProto.getDescriptor(), DescriptorProtos.getDescriptor(), DurationProto.getDescriptor(),
            EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(), SourceContextProto.getDescriptor(),
            StructProto.getDescriptor(), TimestampProto.getDescriptor(), TypeProto.getDescriptor(),
            WrappersProto.getDescriptor());

    private final RegistryClient client;
    private final Map<Integer, FileDescriptor> byId = new ConcurrentHashMap<>();
    private final Map<String, Resolved> byVersion = new ConcurrentHashMap<>();

    ProtobufSchemas(RegistryClient client) {
        this.client = client;
    }

    private static Map<String, FileDescriptor> wellKnown(FileDescriptor... files) {
        Map<String, FileDescriptor> out = new HashMap<>();
        for (FileDescriptor f : files) {
            out.put(f.getName(), f);
        }
        return Map.copyOf(out);
    }

    /**
     * Whether the registry resolves an import of {@code path} without a reference: the files it carries itself
     * ({@code google/protobuf/*}, {@code google/type/*}, Confluent's meta and decimal files).
     */
    static boolean builtIn(String path) {
        return path.startsWith("google/protobuf/") || path.startsWith("google/type/")
                || path.equals("confluent/meta.proto") || path.equals("confluent/type/decimal.proto");
    }

    /** {@code file} as the registry takes it: the base64 of its {@code FileDescriptorProto}. */
    static String serialized(FileDescriptor file) {
        return Base64.getEncoder().encodeToString(file.toProto().toByteArray());
    }

    /** The schema registered under {@code id}, as a descriptor (cached). */
    FileDescriptor byId(int id) {
        FileDescriptor cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        SchemaText schema = client.schemaText(id, "serialized");
        if (!TYPE.equals(schema.type())) {
            throw new SerializationException("schema " + id + " is " + schema.type() + ", not Protobuf");
        }
        FileDescriptor file = resolve("schema-" + id + ".proto", schema).file;
        byId.putIfAbsent(id, file);
        return file;
    }

    /** A file with the texts of every file it imports through references (empty when descriptors were served). */
    private record Resolved(FileDescriptor file, String text, Map<String, String> closure) {
    }

    private Resolved reference(Ref ref) {
        String key = ref.version() + "/" + ref.name() + "/" + ref.subject();
        Resolved cached = byVersion.get(key);
        if (cached != null) {
            return cached;
        }
        SchemaText schema = client.version(ref.subject(), ref.version(), "serialized").schema();
        if (!TYPE.equals(schema.type())) {
            throw new SerializationException("the reference " + ref.name() + " (" + ref.subject() + " version "
                    + ref.version() + ") is " + schema.type() + ", not Protobuf");
        }
        Resolved resolved = resolve(ref.name(), schema);
        byVersion.putIfAbsent(key, resolved);
        return resolved;
    }

    private Resolved resolve(String name, SchemaText schema) {
        Map<String, FileDescriptor> deps = new LinkedHashMap<>();
        Map<String, String> closure = new LinkedHashMap<>();
        for (Ref ref : schema.references()) {
            Resolved dep = reference(ref);
            deps.put(ref.name(), dep.file);
            if (dep.text != null) {
                closure.putAll(dep.closure);
                closure.put(ref.name(), dep.text);
            }
        }
        FileDescriptorProto proto = decode(schema.schema());
        String text = null;
        if (proto == null) {
            text = schema.schema();
            proto = fromText(text, closure);
        }
        proto = proto.toBuilder().setName(name).build();
        List<FileDescriptor> imports = new ArrayList<>();
        for (String imported : proto.getDependencyList()) {
            FileDescriptor dep = deps.containsKey(imported) ? deps.get(imported) : WELL_KNOWN.get(imported);
            if (dep == null) {
                throw new SerializationException("the schema imports " + imported + ", which is neither one of its "
                        + "references nor a file protobuf-java carries");
            }
            imports.add(dep);
        }
        try {
            return new Resolved(FileDescriptor.buildFrom(proto, imports.toArray(new FileDescriptor[0])), text,
                    closure);
        } catch (DescriptorValidationException e) {
            throw new SerializationException("the schema " + name + " is no valid descriptor: " + e.getMessage(), e);
        }
    }

    /** The descriptor a base64 answer holds; null when the answer is not base64 (a {@code .proto} text). */
    static FileDescriptorProto decode(String schema) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(schema.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            return FileDescriptorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * A {@code .proto} text as a descriptor: parsed and linked with Wire against {@code imports} (import path →
     * text) and Wire's copies of the well-known files, then encoded by Wire.
     */
    static FileDescriptorProto fromText(String text, Map<String, String> imports) {
        String main = "schema.proto";
        while (imports.containsKey(main)) {
            main = "_" + main;
        }
        Map<String, String> files = new LinkedHashMap<>(imports);
        files.put(main, text);
        try {
            Map<String, ProtoFile> loaded = new HashMap<>();
            Loader loader = new Loader() {
                @Override
                public ProtoFile load(String path) {
                    return loaded.computeIfAbsent(path, p -> files.containsKey(p)
                            ? ProtoFile.Companion.get(ProtoParser.Companion.parse(Location.get("", p), files.get(p)))
                            : CoreLoader.INSTANCE.load(p));
                }

                @Override
                public Loader withErrors(ErrorCollector errors) {
                    return this;
                }
            };
            Schema schema = new Linker(loader, new ErrorCollector(), true, false).link(List.of(loader.load(main)));
            return FileDescriptorProto.parseFrom(new SchemaEncoder(schema).encode(schema.protoFile(main))
                    .toByteArray());
        } catch (RuntimeException | InvalidProtocolBufferException e) {
            throw new SerializationException("could not read the registry's Protobuf schema: " + e.getMessage(), e);
        }
    }
}
