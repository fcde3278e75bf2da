package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.Reference;
import io.tributary.registry.schema.SchemaText;
import io.tributary.registry.schema.SchemaType;
import io.tributary.registry.schema.protobuf.ProtoModel.TypeInfo;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and linked {@code .proto} file. Its canonical text is the file re-printed in the layout Confluent's
 * registry stores ({@link ProtoPrinter}): comments and whitespace do not make another schema. Its dependencies are
 * the referenced schemas by reference name (= import path), each with its own, so the whole closure can be linked.
 */
public final class ProtobufSchema extends SchemaText {

    private final ProtoFileElement element;
    private final Map<String, ProtobufSchema> dependencies;
    private final ProtoModel model;
    private volatile ProtobufSchema normalized;
    private volatile String serialized;

    ProtobufSchema(ProtoFileElement element, List<Reference> references, Map<String, ProtobufSchema> dependencies,
                   ProtoModel model) {
        super(ProtoPrinter.canonical(element), references);
        this.element = element;
        this.dependencies = Map.copyOf(dependencies);
        this.model = model;
    }

    /** Wire's parsed file. */
    public ProtoFileElement element() {
        return element;
    }

    /** The referenced schemas by reference name (the import path). */
    public Map<String, ProtobufSchema> dependencies() {
        return dependencies;
    }

    /** The file's package, {@code ""} if it declares none. */
    public String packageName() {
        return model.packageName();
    }

    ProtoModel model() {
        return model;
    }

    /** This schema's dependencies and theirs, by import path; a path met twice keeps its first schema. */
    Map<String, ProtobufSchema> closure() {
        Map<String, ProtobufSchema> out = new LinkedHashMap<>();
        addClosure(dependencies, out);
        return out;
    }

    private static void addClosure(Map<String, ProtobufSchema> deps, Map<String, ProtobufSchema> out) {
        for (Map.Entry<String, ProtobufSchema> e : deps.entrySet()) {
            if (out.putIfAbsent(e.getKey(), e.getValue()) == null) {
                addClosure(e.getValue().dependencies, out);
            }
        }
    }

    /** Every type this schema can see by full name: its own, its closure's, the well-known files'. */
    Map<String, TypeInfo> visibleTypes() {
        Map<String, TypeInfo> all = new HashMap<>();
        for (ProtoModel wellKnown : ProtoLinking.wellKnown().values()) {
            all.putAll(wellKnown.types());
        }
        List<ProtobufSchema> closure = new ArrayList<>(closure().values());
        for (int i = closure.size() - 1; i >= 0; i--) {
            all.putAll(closure.get(i).model.types());
        }
        all.putAll(model.types());
        return all;
    }

    /** Full names of every custom option (extension field) this schema can see. */
    Set<String> visibleExtensions() {
        Set<String> all = new LinkedHashSet<>(model.extensionNames());
        for (ProtobufSchema s : closure().values()) {
            all.addAll(s.model.extensionNames());
        }
        for (ProtoModel wellKnown : ProtoLinking.wellKnown().values()) {
            all.addAll(wellKnown.extensionNames());
        }
        return all;
    }

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    /**
     * Confluent's Protobuf formats (case-insensitive): {@code serialized}, this file as a base64-encoded
     * {@code FileDescriptorProto} ({@link DescriptorEncoder}; what Confluent's non-Java deserializers fetch);
     * {@code ignore_extensions}, the canonical text without custom options, extension ranges and {@code extend}s
     * ({@link ProtoPrinter#withoutExtensions}); {@code default}, empty or any other, the canonical text (Confluent
     * answers an unknown format so, for formats added later).
     */
    @Override
    public String formatted(String format) {
        if (format == null) {
            return canonical();
        }
        switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "serialized":
                String s = serialized;
                if (s == null) {
                    s = Base64.getEncoder().encodeToString(DescriptorEncoder.encode(element, visibleTypes(),
                            model.types().keySet(), visibleExtensions()));
                    serialized = s;
                }
                return s;
            case "ignore_extensions":
                return ProtoPrinter.withoutExtensions(element);
            default:
                return canonical();
        }
    }

    /**
     * The normalized schema: the text {@link ProtoPrinter#normalized} prints, parsed again (so its canonical text
     * is that text), with the references ordered by name, subject and version.
     */
    @Override
    public ParsedSchema normalized() {
        ProtobufSchema n = normalized;
        if (n == null) {
            Map<String, TypeInfo> types = visibleTypes();
            Set<String> extensions = visibleExtensions();
            String text = ProtoPrinter.normalized(element, new ProtoPrinter.Names() {
                @Override
                public Map<String, TypeInfo> types() {
                    return types;
                }

                @Override
                public Set<String> extensions() {
                    return extensions;
                }
            });
            if (text.equals(canonical()) && isSorted(references())) {
                n = this;
            } else {
                List<Reference> sorted = references().stream().sorted(REFERENCE_ORDER).distinct().toList();
                try {
                    n = ProtobufSchemaParser.parseProtobuf(text, sorted, dependencies);
                } catch (InvalidSchemaException e) {
                    // The printer's output of a linked file links again; if it ever does not, keep the schema as
                    // given rather than refuse a schema that is valid.
                    n = this;
                }
            }
            n.normalized = n;
            normalized = n;
        }
        return n;
    }

    private static final Comparator<Reference> REFERENCE_ORDER = Comparator.comparing(Reference::name)
            .thenComparing(Reference::subject).thenComparingInt(Reference::version);

    private static boolean isSorted(List<Reference> refs) {
        for (int i = 1; i < refs.size(); i++) {
            if (REFERENCE_ORDER.compare(refs.get(i - 1), refs.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Confluent's Protobuf rules ({@link ProtobufDiff}) with {@code writer}'s schema as the original and this one as
     * the update: the incompatible differences, in Confluent's verbose form.
     */
    @Override
    public List<String> incompatibilitiesReading(ParsedSchema writer, boolean readerIsNew) {
        if (!(writer instanceof ProtobufSchema w)) {
            return List.of("Incompatible because of different schema type");
        }
        String reader = readerIsNew ? "new" : "old";
        String writerRole = readerIsNew ? "old" : "new";
        List<String> out = new ArrayList<>();
        for (ProtobufDiff.Difference d : differencesFrom(w)) {
            if (!d.kind().compatible) {
                out.add(d.describe(reader, writerRole));
            }
        }
        return out;
    }

    /** Every difference from {@code original} to this schema (compatible ones too). */
    List<ProtobufDiff.Difference> differencesFrom(ProtobufSchema original) {
        Map<String, TypeInfo> originalTypes = original.visibleTypes();
        Map<String, TypeInfo> updateTypes = visibleTypes();
        return ProtobufDiff.compare(new ProtobufDiff.Side(original.model, originalTypes::get),
                new ProtobufDiff.Side(model, updateTypes::get));
    }

}
