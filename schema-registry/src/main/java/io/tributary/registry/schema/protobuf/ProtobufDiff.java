package io.tributary.registry.schema.protobuf;

import io.tributary.registry.schema.protobuf.ProtoModel.EnumInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.FieldInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.Label;
import io.tributary.registry.schema.protobuf.ProtoModel.MapOf;
import io.tributary.registry.schema.protobuf.ProtoModel.MessageInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.Named;
import io.tributary.registry.schema.protobuf.ProtoModel.Scalar;
import io.tributary.registry.schema.protobuf.ProtoModel.TypeInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.TypeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The differences between two versions of a Protobuf schema, with the rules Confluent's registry applies: the
 * schema's data is Protobuf's wire format, where a field is its number and a payload names its message by position,
 * so the question is whether bytes one version writes still mean the same to the other.
 *
 * <p>Compared: the package; top-level messages by name (and their nested types, recursively); fields by number,
 * oneof members included; a message-typed field's type by its name without the package, then that message's fields
 * in turn. Compatible: adding or removing messages, enums, enum constants, fields (optional in proto2), oneofs and
 * oneof members as long as no member is lost from a surviving oneof; renaming fields or enum constants; moving a
 * field out of a oneof, or a single field into a new oneof; changing a scalar within a group of wire-compatible
 * types; repeated/singular changes of {@code string} and {@code bytes}. Everything else is one of the incompatible
 * {@link Kind}s.
 *
 * <p>{@code original} is the writer's schema and {@code update} the reader's: the result answers whether the reader
 * can read what the writer wrote. Paths are Confluent's: {@code #/Message/Nested/fieldNumber}, a oneof member as
 * {@code #/Message/oneofName/fieldNumber}.
 */
final class ProtobufDiff {

    /** Confluent's difference types; {@code compatible} as in its registry. */
    enum Kind {
        PACKAGE_CHANGED(false), MESSAGE_ADDED(true), MESSAGE_REMOVED(false), MESSAGE_MOVED(true),
        ENUM_ADDED(true), ENUM_REMOVED(true), ENUM_CONST_ADDED(true), ENUM_CONST_CHANGED(true),
        ENUM_CONST_REMOVED(true), FIELD_ADDED(true), FIELD_REMOVED(true), FIELD_NAME_CHANGED(true),
        FIELD_KIND_CHANGED(false), FIELD_SCALAR_KIND_CHANGED(false), FIELD_NAMED_TYPE_CHANGED(false),
        FIELD_NUMERIC_LABEL_CHANGED(false), FIELD_STRING_OR_BYTES_LABEL_CHANGED(true),
        REQUIRED_FIELD_ADDED(false), REQUIRED_FIELD_REMOVED(false), ONEOF_ADDED(true), ONEOF_REMOVED(true),
        ONEOF_FIELD_ADDED(true), ONEOF_FIELD_REMOVED(false), ONEOF_FIELD_MOVED_TO_TOP_LEVEL(true),
        MULTIPLE_FIELDS_MOVED_TO_ONEOF(false), FIELD_MOVED_TO_EXISTING_ONEOF(false);

        final boolean compatible;

        Kind(boolean compatible) {
            this.compatible = compatible;
        }
    }

    record Difference(Kind kind, String path) {

        /**
         * Confluent's verbose line for an incompatible difference; {@code reader} and {@code writer} are "new" or
         * "old", whichever schema plays that part in the check.
         */
        String describe(String reader, String writer) {
            String p = path;
            String sentence = switch (kind) {
                case PACKAGE_CHANGED -> "The package at '" + p + "' in the " + reader
                        + " schema does not match the package in the " + writer + " schema";
                case MESSAGE_REMOVED -> "The " + reader + " schema is missing a MESSAGE type at path '" + p
                        + "' in the " + writer + " schema";
                case FIELD_KIND_CHANGED -> "The type of a field at path '" + p + "' in the " + reader
                        + " schema does not match the " + writer + " schema";
                case FIELD_SCALAR_KIND_CHANGED -> "The kind of a SCALAR field at path '" + p + "' in the " + reader
                        + " schema does not match its kind in the " + writer + " schema";
                case FIELD_NAMED_TYPE_CHANGED -> "The type of a MESSAGE field at path '" + p + "' in the " + reader
                        + " schema does not match its type in the " + writer + " schema";
                case FIELD_NUMERIC_LABEL_CHANGED -> "The label for a NUMERIC field at path '" + p + "' in the "
                        + reader + " schema does not match its label in the " + writer + " schema";
                case REQUIRED_FIELD_ADDED -> "A required field  at path '" + p + "' in the " + reader
                        + " schema is missing in the " + writer + " schema";
                case REQUIRED_FIELD_REMOVED -> "The " + reader + " schema is missing a required field at path: '"
                        + p + "' in the " + writer + " schema";
                case ONEOF_FIELD_REMOVED -> "The " + reader + " schema is missing a oneof field at path '" + p
                        + "' in the " + writer + " schema";
                case MULTIPLE_FIELDS_MOVED_TO_ONEOF -> "Multiple fields in the oneof at path '" + p + "' in the "
                        + reader + " schema are outside a oneof in the " + writer + " schema";
                case FIELD_MOVED_TO_EXISTING_ONEOF -> "A field in the oneof at path '" + p + "' in the " + reader
                        + " schema is outside an existing oneof in the " + writer + " schema";
                default -> "";
            };
            return "{errorType:\"" + kind + "\", description:\"" + sentence + "\"}";
        }
    }

    /** One side of the comparison: its file's model and every type it can see by full name. */
    record Side(ProtoModel file, Function<String, TypeInfo> lookup) {
    }

    private final Side original;
    private final Side update;
    private final List<String> path = new ArrayList<>();
    private final Set<Difference> found = new LinkedHashSet<>();
    /** Message pairs being compared further up, so recursive types end. */
    private final Set<List<String>> active;

    private ProtobufDiff(Side original, Side update, Set<List<String>> active) {
        this.original = original;
        this.update = update;
        this.active = active;
    }

    /** Every difference, compatible ones included, in a stable order without repeats. */
    static List<Difference> compare(Side original, Side update) {
        ProtobufDiff diff = new ProtobufDiff(original, update, new HashSet<>());
        if (!Objects.equals(original.file().packageName(), update.file().packageName())) {
            diff.add(Kind.PACKAGE_CHANGED);
        }
        diff.compareTypes(original.file().topLevel(), update.file().topLevel());
        return List.copyOf(diff.found);
    }

    private void add(Kind kind) {
        found.add(new Difference(kind, "#/" + String.join("/", path)));
    }

    private void add(Kind kind, String... segments) {
        path.addAll(List.of(segments));
        add(kind);
        for (int i = 0; i < segments.length; i++) {
            path.remove(path.size() - 1);
        }
    }

    private void compareTypes(List<TypeInfo> originalTypes, List<TypeInfo> updateTypes) {
        Map<String, MessageInfo> originalMessages = new LinkedHashMap<>();
        Map<String, EnumInfo> originalEnums = new LinkedHashMap<>();
        Map<String, MessageInfo> updateMessages = new LinkedHashMap<>();
        Map<String, EnumInfo> updateEnums = new LinkedHashMap<>();
        Map<String, Integer> originalIndexes = split(originalTypes, originalMessages, originalEnums);
        Map<String, Integer> updateIndexes = split(updateTypes, updateMessages, updateEnums);

        Set<String> messageNames = new LinkedHashSet<>(originalMessages.keySet());
        messageNames.addAll(updateMessages.keySet());
        for (String name : messageNames) {
            path.add(name);
            MessageInfo o = originalMessages.get(name);
            MessageInfo u = updateMessages.get(name);
            if (u == null) {
                if (!o.mapEntry()) {
                    add(Kind.MESSAGE_REMOVED);
                }
            } else if (o == null) {
                if (!u.mapEntry()) {
                    add(Kind.MESSAGE_ADDED);
                }
            } else {
                compareMessages(o, u);
                if (!originalIndexes.get(name).equals(updateIndexes.get(name))) {
                    // A payload names its message by index in the schema of its own id: moving is harmless.
                    add(Kind.MESSAGE_MOVED);
                }
            }
            path.remove(path.size() - 1);
        }

        Set<String> enumNames = new LinkedHashSet<>(originalEnums.keySet());
        enumNames.addAll(updateEnums.keySet());
        for (String name : enumNames) {
            path.add(name);
            EnumInfo o = originalEnums.get(name);
            EnumInfo u = updateEnums.get(name);
            if (u == null) {
                add(Kind.ENUM_REMOVED);
            } else if (o == null) {
                add(Kind.ENUM_ADDED);
            } else {
                Set<Integer> tags = new TreeSet<>(o.constants().keySet());
                tags.addAll(u.constants().keySet());
                for (int tag : tags) {
                    String on = o.constants().get(tag);
                    String un = u.constants().get(tag);
                    if (un == null) {
                        add(Kind.ENUM_CONST_REMOVED, String.valueOf(tag));
                    } else if (on == null) {
                        add(Kind.ENUM_CONST_ADDED, String.valueOf(tag));
                    } else if (!on.equals(un)) {
                        add(Kind.ENUM_CONST_CHANGED, String.valueOf(tag));
                    }
                }
            }
            path.remove(path.size() - 1);
        }
    }

    private static Map<String, Integer> split(List<TypeInfo> types, Map<String, MessageInfo> messages,
                                              Map<String, EnumInfo> enums) {
        Map<String, Integer> indexes = new HashMap<>();
        for (TypeInfo t : types) {
            if (t instanceof MessageInfo m) {
                indexes.put(m.simpleName(), messages.size());
                messages.put(m.simpleName(), m);
            } else if (t instanceof EnumInfo e) {
                enums.put(e.simpleName(), e);
            }
        }
        return indexes;
    }

    private void compareMessages(MessageInfo o, MessageInfo u) {
        List<String> pair = List.of(o.fullName(), u.fullName());
        if (active.add(pair)) {
            try {
                compareFields(o, u);
            } finally {
                active.remove(pair);
            }
        }
        compareTypes(o.nested(), u.nested());
    }

    private void compareFields(MessageInfo o, MessageInfo u) {
        Map<Integer, FieldInfo> originalByTag = byTag(o);
        Map<Integer, FieldInfo> updateByTag = byTag(u);

        // A oneof gone by name with none of its members left anywhere was deleted as a whole: compatible.
        Set<String> deletedOneofs = new HashSet<>();
        for (String oneof : o.oneofs()) {
            if (!u.oneofs().contains(oneof)) {
                boolean survives = originalByTag.values().stream()
                        .anyMatch(f -> oneof.equals(f.oneof()) && updateByTag.containsKey(f.tag()));
                if (!survives) {
                    deletedOneofs.add(oneof);
                }
            }
        }

        // Fields that were independent (top-level, or in different oneofs) and now share a oneof: a writer may set
        // them together, and the reader keeps only one.
        for (String oneof : u.oneofs()) {
            Set<String> origins = new HashSet<>();
            int movedFromTopLevel = 0;
            for (FieldInfo f : updateByTag.values()) {
                if (!oneof.equals(f.oneof())) {
                    continue;
                }
                FieldInfo before = originalByTag.get(f.tag());
                if (before == null) {
                    continue;
                }
                if (before.oneof() != null) {
                    origins.add("oneof " + before.oneof());
                } else {
                    origins.add("field " + before.tag());
                    movedFromTopLevel++;
                }
            }
            if (origins.size() > 1) {
                add(movedFromTopLevel > 1 ? Kind.MULTIPLE_FIELDS_MOVED_TO_ONEOF : Kind.FIELD_MOVED_TO_EXISTING_ONEOF,
                        oneof);
            }
        }

        Set<String> oneofs = new TreeSet<>(o.oneofs());
        oneofs.addAll(u.oneofs());
        for (String oneof : oneofs) {
            if (!u.oneofs().contains(oneof)) {
                add(Kind.ONEOF_REMOVED, oneof);
            } else if (!o.oneofs().contains(oneof)) {
                add(Kind.ONEOF_ADDED, oneof);
            }
        }

        Set<Integer> tags = new TreeSet<>(originalByTag.keySet());
        tags.addAll(updateByTag.keySet());
        for (int tag : tags) {
            FieldInfo of = originalByTag.get(tag);
            FieldInfo uf = updateByTag.get(tag);
            String t = String.valueOf(tag);
            if (uf == null) {
                if (of.oneof() != null) {
                    if (!deletedOneofs.contains(of.oneof())) {
                        add(Kind.ONEOF_FIELD_REMOVED, of.oneof(), t);
                    }
                } else {
                    add(of.label() == Label.REQUIRED ? Kind.REQUIRED_FIELD_REMOVED : Kind.FIELD_REMOVED, t);
                }
            } else if (of == null) {
                if (uf.oneof() != null) {
                    add(Kind.ONEOF_FIELD_ADDED, uf.oneof(), t);
                } else {
                    add(uf.label() == Label.REQUIRED ? Kind.REQUIRED_FIELD_ADDED : Kind.FIELD_ADDED, t);
                }
            } else {
                if (of.oneof() != null && uf.oneof() == null) {
                    add(Kind.ONEOF_FIELD_MOVED_TO_TOP_LEVEL, t);
                }
                int depth = 1;
                if (uf.oneof() != null) {
                    path.add(uf.oneof());
                    depth++;
                }
                path.add(t);
                if (!of.name().equals(uf.name())) {
                    add(Kind.FIELD_NAME_CHANGED);
                }
                compareFieldTypes(of.label(), uf.label(), of.type(), uf.type());
                for (int i = 0; i < depth; i++) {
                    path.remove(path.size() - 1);
                }
            }
        }
    }

    private static Map<Integer, FieldInfo> byTag(MessageInfo m) {
        Map<Integer, FieldInfo> out = new LinkedHashMap<>();
        for (FieldInfo f : m.fields()) {
            out.put(f.tag(), f);
        }
        return out;
    }

    private enum FieldKind { SCALAR, MAP, MESSAGE }

    /** Groups of scalars whose values read as one another on the wire. */
    private enum ScalarKind { GENERAL_NUMBER, SIGNED_NUMBER, STRING_OR_BYTES, FIXED32, FIXED64, FLOAT, DOUBLE }

    private void compareFieldTypes(Label originalLabel, Label updateLabel, TypeRef o, TypeRef u) {
        o = asMap(o, original);
        u = asMap(u, update);
        FieldKind ok = kind(o, original);
        FieldKind uk = kind(u, update);
        if (ok != uk) {
            add(Kind.FIELD_KIND_CHANGED);
            return;
        }
        switch (ok) {
            case SCALAR -> {
                ScalarKind os = scalarKind(o);
                ScalarKind us = scalarKind(u);
                if (os != us) {
                    add(Kind.FIELD_SCALAR_KIND_CHANGED);
                } else if (originalLabel != null && updateLabel != null && originalLabel != updateLabel) {
                    // repeated numbers are packed in proto3, so singular and repeated do not read as each other;
                    // strings and bytes are length-delimited either way.
                    add(os == ScalarKind.STRING_OR_BYTES ? Kind.FIELD_STRING_OR_BYTES_LABEL_CHANGED
                            : Kind.FIELD_NUMERIC_LABEL_CHANGED);
                }
            }
            case MESSAGE -> compareMessageTypes(o, u);
            case MAP -> {
                MapOf om = (MapOf) o;
                MapOf um = (MapOf) u;
                compareFieldTypes(null, null, om.key(), um.key());
                compareFieldTypes(null, null, om.value(), um.value());
            }
        }
    }

    /** A synthetic map-entry message (a map as descriptors write it) stands for the map. */
    private static TypeRef asMap(TypeRef ref, Side side) {
        if (ref instanceof Named n && side.lookup().apply(n.fullName()) instanceof MessageInfo m && m.mapEntry()) {
            TypeRef key = null;
            TypeRef value = null;
            for (FieldInfo f : m.fields()) {
                if (f.tag() == 1) {
                    key = f.type();
                } else if (f.tag() == 2) {
                    value = f.type();
                }
            }
            if (key != null && value != null) {
                return new MapOf(key, value);
            }
        }
        return ref;
    }

    private static FieldKind kind(TypeRef ref, Side side) {
        if (ref instanceof Scalar) {
            return FieldKind.SCALAR;
        }
        if (ref instanceof MapOf) {
            return FieldKind.MAP;
        }
        return side.lookup().apply(((Named) ref).fullName()) instanceof EnumInfo ? FieldKind.SCALAR
                : FieldKind.MESSAGE;
    }

    private static ScalarKind scalarKind(TypeRef ref) {
        if (!(ref instanceof Scalar s)) {
            return ScalarKind.GENERAL_NUMBER; // an enum: a varint like int32
        }
        return switch (s.name()) {
            case "int32", "int64", "uint32", "uint64", "bool" -> ScalarKind.GENERAL_NUMBER;
            case "sint32", "sint64" -> ScalarKind.SIGNED_NUMBER;
            case "string", "bytes" -> ScalarKind.STRING_OR_BYTES;
            case "fixed32", "sfixed32" -> ScalarKind.FIXED32;
            case "fixed64", "sfixed64" -> ScalarKind.FIXED64;
            case "float" -> ScalarKind.FLOAT;
            case "double" -> ScalarKind.DOUBLE;
            default -> throw new IllegalArgumentException("not a scalar: " + s.name());
        };
    }

    /**
     * Message-typed fields: the type's name without its package must match (a package change is reported once, for
     * the file); then the two messages are compared at the type's own path, and if they differ incompatibly the
     * field is reported too.
     */
    private void compareMessageTypes(TypeRef o, TypeRef u) {
        String on = ((Named) o).fullName();
        String un = ((Named) u).fullName();
        TypeInfo ot = original.lookup().apply(on);
        TypeInfo ut = update.lookup().apply(un);
        if (!(ot instanceof MessageInfo om) || !(ut instanceof MessageInfo um)) {
            if (!on.equals(un)) {
                add(Kind.FIELD_NAMED_TYPE_CHANGED);
            }
            return;
        }
        String originalLocal = localName(om);
        if (!originalLocal.equals(localName(um))) {
            add(Kind.FIELD_NAMED_TYPE_CHANGED);
            return;
        }
        ProtobufDiff sub = new ProtobufDiff(original, update, active);
        sub.path.addAll(List.of(originalLocal.split("\\.")));
        List<String> pair = List.of(om.fullName(), um.fullName());
        if (active.add(pair)) {
            try {
                sub.compareFields(om, um);
            } finally {
                active.remove(pair);
            }
        }
        found.addAll(sub.found);
        if (sub.found.stream().anyMatch(d -> !d.kind().compatible)) {
            add(Kind.FIELD_NAMED_TYPE_CHANGED);
        }
    }

    private static String localName(TypeInfo t) {
        String pkg = t.packageName();
        return !pkg.isEmpty() && t.fullName().startsWith(pkg + ".") ? t.fullName().substring(pkg.length() + 1)
                : t.fullName();
    }
}
