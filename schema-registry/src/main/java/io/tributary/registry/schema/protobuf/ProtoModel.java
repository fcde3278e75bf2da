package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.EnumConstant;
import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.Extend;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.OneOf;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Type;
import com.squareup.wire.schema.internal.parser.OptionElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one linked {@code .proto} file declares, reduced to what the compatibility rules and normalization look at:
 * its package, its messages (fields by number, with the linker's fully qualified types) and enums, and the custom
 * options (extension fields) it declares. Kept instead of Wire's linked schema, which also holds every imported file
 * ({@code descriptor.proto} included) — a registry holds thousands of parsed schemas.
 */
final class ProtoModel {

    /** A field's type: a scalar ({@code int32}), a message or enum by full name, or a map. */
    sealed interface TypeRef permits Scalar, Named, MapOf {
    }

    record Scalar(String name) implements TypeRef {
    }

    /** A message or enum, by its fully qualified name without a leading dot. */
    record Named(String fullName) implements TypeRef {
    }

    record MapOf(TypeRef key, TypeRef value) implements TypeRef {
    }

    /** A field's label as written; null where none is ({@code proto3} singular, oneof members, maps). */
    enum Label { OPTIONAL, REQUIRED, REPEATED }

    /** {@code oneof} names the enclosing oneof, null for a field of the message itself. */
    record FieldInfo(int tag, String name, Label label, String oneof, TypeRef type) {
    }

    sealed interface TypeInfo permits MessageInfo, EnumInfo {
        String fullName();

        String packageName();

        String simpleName();
    }

    /** {@code mapEntry}: a synthetic {@code map_entry} message (a map written the way descriptors write it). */
    record MessageInfo(String fullName, String packageName, String simpleName, boolean mapEntry,
                       List<FieldInfo> fields, List<String> oneofs, List<TypeInfo> nested) implements TypeInfo {
    }

    /** Constants by number (an alias keeps the last name, as the registry's checks did). */
    record EnumInfo(String fullName, String packageName, String simpleName, Map<Integer, String> constants)
            implements TypeInfo {
    }

    private final String packageName;
    private final List<TypeInfo> topLevel;
    private final Map<String, TypeInfo> byFullName;
    private final Set<String> extensionNames;

    private ProtoModel(String packageName, List<TypeInfo> topLevel, Map<String, TypeInfo> byFullName,
                       Set<String> extensionNames) {
        this.packageName = packageName;
        this.topLevel = topLevel;
        this.byFullName = byFullName;
        this.extensionNames = extensionNames;
    }

    /** The package, {@code ""} when the file declares none. */
    String packageName() {
        return packageName;
    }

    /** Top-level messages and enums in declaration order. */
    List<TypeInfo> topLevel() {
        return topLevel;
    }

    /** Every message and enum this file declares (nested ones too), by full name. */
    Map<String, TypeInfo> types() {
        return byFullName;
    }

    /** Full names of the extension fields (custom options) this file declares. */
    Set<String> extensionNames() {
        return extensionNames;
    }

    static ProtoModel of(ProtoFile file) {
        String pkg = file.getPackageName() == null ? "" : file.getPackageName();
        Map<String, TypeInfo> all = new LinkedHashMap<>();
        List<TypeInfo> top = new ArrayList<>();
        for (Type t : file.getTypes()) {
            top.add(info(t, pkg, all));
        }
        Set<String> extensions = new LinkedHashSet<>();
        collectExtensions(file.getExtendList(), extensions);
        for (Type t : file.getTypes()) {
            collectNestedExtensions(t, extensions);
        }
        return new ProtoModel(pkg, List.copyOf(top), Collections.unmodifiableMap(all),
                Collections.unmodifiableSet(extensions));
    }

    private static TypeInfo info(Type type, String pkg, Map<String, TypeInfo> all) {
        String fullName = type.getType().toString();
        String simpleName = type.getType().getSimpleName();
        TypeInfo info;
        if (type instanceof MessageType m) {
            List<FieldInfo> fields = new ArrayList<>();
            for (Field f : m.getDeclaredFields()) {
                fields.add(field(f, null));
            }
            List<String> oneofs = new ArrayList<>();
            for (OneOf o : m.getOneOfs()) {
                oneofs.add(o.getName());
                for (Field f : o.getFields()) {
                    fields.add(field(f, o.getName()));
                }
            }
            List<TypeInfo> nested = new ArrayList<>();
            for (Type t : m.getNestedTypes()) {
                nested.add(info(t, pkg, all));
            }
            info = new MessageInfo(fullName, pkg, simpleName, isMapEntry(m.getOptions().getElements()),
                    List.copyOf(fields), List.copyOf(oneofs), List.copyOf(nested));
        } else if (type instanceof EnumType e) {
            Map<Integer, String> constants = new LinkedHashMap<>();
            for (EnumConstant c : e.getConstants()) {
                constants.put(c.getTag(), c.getName());
            }
            info = new EnumInfo(fullName, pkg, simpleName, Collections.unmodifiableMap(constants));
        } else {
            // Wire knows no other kind of type today; treat one as an empty message rather than fail.
            info = new MessageInfo(fullName, pkg, simpleName, false, List.of(), List.of(), List.of());
        }
        all.put(fullName, info);
        return info;
    }

    private static boolean isMapEntry(List<OptionElement> options) {
        for (OptionElement o : options) {
            if (o.getName().equals("map_entry") && !o.isParenthesized()
                    && String.valueOf(o.getValue()).equals("true")) {
                return true;
            }
        }
        return false;
    }

    private static FieldInfo field(Field f, String oneof) {
        Label label = switch (f.getLabel() == null ? Field.Label.ONE_OF : f.getLabel()) {
            case OPTIONAL -> Label.OPTIONAL;
            case REQUIRED -> Label.REQUIRED;
            case REPEATED -> Label.REPEATED;
            case ONE_OF -> null;
        };
        return new FieldInfo(f.getTag(), f.getName(), label, oneof, ref(f.getType()));
    }

    static TypeRef ref(ProtoType type) {
        if (type.isMap()) {
            return new MapOf(ref(type.getKeyType()), ref(type.getValueType()));
        }
        if (type.isScalar()) {
            return new Scalar(type.toString());
        }
        return new Named(type.toString());
    }

    private static void collectNestedExtensions(Type type, Set<String> out) {
        collectExtensions(type.getNestedExtendList(), out);
        for (Type nested : type.getNestedTypes()) {
            collectNestedExtensions(nested, out);
        }
    }

    private static void collectExtensions(List<Extend> extendList, Set<String> out) {
        for (Extend extend : extendList) {
            for (Field f : extend.getFields()) {
                out.add(f.getQualifiedName());
            }
        }
    }
}
