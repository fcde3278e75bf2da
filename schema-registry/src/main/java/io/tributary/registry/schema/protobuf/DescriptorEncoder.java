package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Type;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.ExtendElement;
import com.squareup.wire.schema.internal.parser.ExtensionsElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.RpcElement;
import com.squareup.wire.schema.internal.parser.ServiceElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.tributary.registry.schema.protobuf.DescriptorText.Descriptors;
import io.tributary.registry.schema.protobuf.ProtoModel.EnumInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.TypeInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kotlin.ranges.IntRange;
import okio.ByteString;

/**
 * A {@code .proto} file as the {@code FileDescriptorProto} Confluent's registry answers for {@code format=serialized}
 * (what its JavaScript, Python, Go and .NET deserializers fetch): the file is named {@code default}, its
 * dependencies are its import paths (a referenced schema's reference name, or a well-known file's path), and field
 * type names are kept as written, as Confluent keeps them — a client resolves them with protobuf's scoping rules, and
 * the descriptor read back ({@link DescriptorText}) gives the same text. Only a relative name of a type from another
 * file that is not written from the root (a type of the same package written {@code Money}) is written fully
 * qualified, for clients that resolve relative names within the file only (Confluent's JavaScript client). Extension
 * targets and rpc types are always fully qualified (protobuf-es, under Confluent's JavaScript client, looks those up
 * by full name only). As in Confluent's descriptors, {@code json_name} is set only where the text sets it. Maps become {@code repeated}
 * {@code map_entry} messages named as protoc names them ({@code counts} → {@code CountsEntry}), appended after the
 * message's own nested messages so message indexes stay those of the text. Proto3 {@code optional} fields get their
 * synthetic oneofs. Options: the standard ones of {@code descriptor.proto} and Confluent's {@code confluent/meta.proto}
 * ones; other custom options are left out, as Confluent leaves them out.
 *
 * <p>The descriptor is built as the map Wire's schema-driven adapter reads and writes ({@link DescriptorText} decodes
 * into the same shape) and encoded with that adapter.
 */
final class DescriptorEncoder {

    /** Confluent's name for the file of every schema it serializes. */
    static final String FILE_NAME = "default";

    private final ProtoFileElement file;
    private final String packageName;
    private final boolean proto3;
    private final Map<String, TypeInfo> types;
    private final Set<String> ownTypes;
    private final Set<String> extensions;
    /** The enclosing messages' names, outermost first, while their content is encoded. */
    private final Deque<String> scope = new ArrayDeque<>();

    private DescriptorEncoder(ProtoFileElement file, Map<String, TypeInfo> types, Set<String> ownTypes,
                              Set<String> extensions) {
        this.file = file;
        this.packageName = file.getPackageName() == null ? "" : file.getPackageName();
        this.proto3 = file.getSyntax() != null && "proto3".equals(file.getSyntax().toString());
        this.types = types;
        this.ownTypes = ownTypes;
        this.extensions = extensions;
    }

    /**
     * The serialized {@code FileDescriptorProto} of {@code file}, whose names resolve against {@code types} (every
     * type it can see, by full name) and {@code extensions} (the custom options it can see); {@code ownTypes} are its
     * own types.
     */
    static byte[] encode(ProtoFileElement file, Map<String, TypeInfo> types, Set<String> ownTypes,
                         Set<String> extensions) {
        return Descriptors.FILE.encode(new DescriptorEncoder(file, types, ownTypes, extensions).file());
    }

    private Map<String, Object> file() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", FILE_NAME);
        if (file.getPackageName() != null) {
            out.put("package", file.getPackageName());
        }
        List<Object> dependencies = new ArrayList<>(file.getImports());
        List<Object> publicDependencies = new ArrayList<>();
        for (String path : file.getPublicImports()) {
            publicDependencies.add(dependencies.size());
            dependencies.add(path);
        }
        List<Object> weakDependencies = new ArrayList<>();
        for (String path : file.getWeakImports()) {
            weakDependencies.add(dependencies.size());
            dependencies.add(path);
        }
        putList(out, "dependency", dependencies);
        putList(out, "public_dependency", publicDependencies);
        putList(out, "weak_dependency", weakDependencies);
        List<Object> messages = new ArrayList<>();
        List<Object> enums = new ArrayList<>();
        for (TypeElement t : file.getTypes()) {
            if (t instanceof MessageElement m) {
                messages.add(message(m));
            } else if (t instanceof EnumElement e) {
                enums.add(enumeration(e));
            }
        }
        putList(out, "message_type", messages);
        putList(out, "enum_type", enums);
        List<Object> services = new ArrayList<>();
        for (ServiceElement s : file.getServices()) {
            services.add(service(s));
        }
        putList(out, "service", services);
        putList(out, "extension", extensionFields(file.getExtendDeclarations()));
        putOptions(out, file.getOptions(), "google.protobuf.FileOptions");
        if (file.getSyntax() != null) {
            out.put("syntax", file.getSyntax().toString());
        }
        return out;
    }

    private Map<String, Object> message(MessageElement m) {
        scope.addLast(m.getName());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.getName());
        List<Object> fields = new ArrayList<>();
        List<Object> mapEntries = new ArrayList<>();
        List<Object> syntheticOneofs = new ArrayList<>();
        int realOneofs = m.getOneOfs().size();
        for (FieldElement f : m.getFields()) {
            Map<String, Object> field = field(f, mapEntries);
            if (proto3 && f.getLabel() == Field.Label.OPTIONAL) {
                field.put("proto3_optional", true);
                field.put("oneof_index", realOneofs + syntheticOneofs.size());
                syntheticOneofs.add(Map.of("name", "_" + f.getName()));
            }
            fields.add(field);
        }
        List<Object> oneofs = new ArrayList<>();
        for (OneOfElement o : m.getOneOfs()) {
            Map<String, Object> decl = new LinkedHashMap<>();
            decl.put("name", o.getName());
            putOptions(decl, o.getOptions(), "google.protobuf.OneofOptions");
            for (FieldElement f : o.getFields()) {
                Map<String, Object> field = field(f, mapEntries);
                field.put("oneof_index", oneofs.size());
                fields.add(field);
            }
            oneofs.add(decl);
        }
        oneofs.addAll(syntheticOneofs);
        putList(out, "field", fields);
        List<Object> nested = new ArrayList<>();
        List<Object> enums = new ArrayList<>();
        for (TypeElement t : m.getNestedTypes()) {
            if (t instanceof MessageElement nestedMessage) {
                nested.add(message(nestedMessage));
            } else if (t instanceof EnumElement e) {
                enums.add(enumeration(e));
            }
        }
        nested.addAll(mapEntries); // after the declared ones: message indexes count those
        putList(out, "nested_type", nested);
        putList(out, "enum_type", enums);
        putList(out, "extension", extensionFields(m.getExtendDeclarations()));
        List<Object> extensionRanges = new ArrayList<>();
        for (ExtensionsElement e : m.getExtensions()) {
            for (Object v : e.getValues()) {
                int[] range = range(v);
                if (range != null) {
                    extensionRanges.add(Map.of("start", range[0], "end", range[1] + 1));
                }
            }
        }
        putList(out, "extension_range", extensionRanges);
        putOptions(out, m.getOptions(), "google.protobuf.MessageOptions");
        putList(out, "oneof_decl", oneofs);
        List<Object> reservedRanges = new ArrayList<>();
        List<Object> reservedNames = new ArrayList<>();
        reserved(m.getReserveds(), reservedRanges, reservedNames, 1);
        putList(out, "reserved_range", reservedRanges);
        putList(out, "reserved_name", reservedNames);
        scope.removeLast();
        return out;
    }

    /** Message reserved ranges end after their last number ({@code endOffset} 1), enum ones at it (0). */
    private static void reserved(List<ReservedElement> reserveds, List<Object> ranges, List<Object> names,
                                 int endOffset) {
        for (ReservedElement r : reserveds) {
            for (Object v : r.getValues()) {
                if (v instanceof String name) {
                    names.add(name);
                } else {
                    int[] range = range(v);
                    if (range != null) {
                        ranges.add(Map.of("start", range[0], "end", range[1] + endOffset));
                    }
                }
            }
        }
    }

    private static int[] range(Object v) {
        if (v instanceof Integer i) {
            return new int[] {i, i};
        }
        if (v instanceof IntRange r) {
            return new int[] {r.getFirst(), r.getLast()};
        }
        return null;
    }

    private Map<String, Object> field(FieldElement f, List<Object> mapEntries) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", f.getName());
        out.put("number", f.getTag());
        ProtoType type = ProtoType.get(f.getType());
        String label = f.getLabel() == Field.Label.REPEATED ? "LABEL_REPEATED"
                : f.getLabel() == Field.Label.REQUIRED ? "LABEL_REQUIRED" : "LABEL_OPTIONAL";
        if (type.isMap()) {
            String entryName = camelCase(f.getName()) + "Entry";
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", entryName);
            List<Object> entryFields = new ArrayList<>();
            for (Object[] kv : new Object[][] {{"key", 1, type.getKeyType()}, {"value", 2, type.getValueType()}}) {
                Map<String, Object> entryField = new LinkedHashMap<>();
                entryField.put("name", kv[0]);
                entryField.put("number", kv[1]);
                entryField.put("label", "LABEL_OPTIONAL");
                putType(entryField, (ProtoType) kv[2]);
                entryFields.add(entryField);
            }
            entry.put("field", entryFields);
            entry.put("options", Map.of("map_entry", true));
            mapEntries.add(entry);
            out.put("label", "LABEL_REPEATED");
            out.put("type", "TYPE_MESSAGE");
            out.put("type_name", "." + qualified(entryName));
        } else {
            out.put("label", label);
            putType(out, type);
        }
        if (f.getDefaultValue() != null) {
            // A descriptor's bytes default is C-escaped; any other is the value's text.
            out.put("default_value", "bytes".equals(f.getType()) ? ProtoPrinter.escape(f.getDefaultValue())
                    : f.getDefaultValue());
        }
        if (f.getJsonName() != null) {
            out.put("json_name", f.getJsonName());
        }
        putOptions(out, f.getOptions(), "google.protobuf.FieldOptions");
        return out;
    }

    private void putType(Map<String, Object> field, ProtoType type) {
        if (type.isScalar()) {
            field.put("type", "TYPE_" + type.toString().toUpperCase(Locale.ROOT));
            return;
        }
        String written = type.toString();
        String resolved = ProtoPrinter.resolve(written, packageName, scope, types.keySet());
        if (resolved != null) {
            field.put("type", types.get(resolved) instanceof EnumInfo ? "TYPE_ENUM" : "TYPE_MESSAGE");
        }
        field.put("type_name", asWritten(written, resolved));
    }

    /**
     * A type name as the descriptor carries it: as written, unless it names a type of another file relative to the
     * current scope (then fully qualified, since some clients resolve relative names only within the file).
     */
    private String asWritten(String written, String resolved) {
        if (resolved == null || written.startsWith(".") || written.equals(resolved) || ownTypes.contains(resolved)) {
            return written;
        }
        return "." + resolved;
    }

    /**
     * A type name with a leading dot, as protoc writes every name (an extension's target, an rpc's types: clients
     * such as protobuf-es look those up by full name only); as written if it does not resolve.
     */
    private String fullyQualified(String written) {
        String resolved = ProtoPrinter.resolve(written, packageName, scope, types.keySet());
        return resolved == null ? written : "." + resolved;
    }

    /** The full name of a type declared in the current scope. */
    private String qualified(String simpleName) {
        StringBuilder sb = new StringBuilder(packageName);
        for (String s : scope) {
            sb.append(sb.length() > 0 ? "." : "").append(s);
        }
        return sb.append(sb.length() > 0 ? "." : "").append(simpleName).toString();
    }

    /** protoc's name for a map field's entry message: {@code foo_bar} → {@code FooBar}. */
    static String camelCase(String name) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private List<Object> extensionFields(List<ExtendElement> extendList) {
        List<Object> out = new ArrayList<>();
        for (ExtendElement e : extendList) {
            String extendee = fullyQualified(e.getName());
            for (FieldElement f : e.getFields()) {
                Map<String, Object> field = field(f, new ArrayList<>());
                field.put("extendee", extendee);
                out.add(field);
            }
        }
        return out;
    }

    private Map<String, Object> enumeration(EnumElement e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", e.getName());
        List<Object> values = new ArrayList<>();
        for (EnumConstantElement c : e.getConstants()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("name", c.getName());
            value.put("number", c.getTag());
            putOptions(value, c.getOptions(), "google.protobuf.EnumValueOptions");
            values.add(value);
        }
        putList(out, "value", values);
        putOptions(out, e.getOptions(), "google.protobuf.EnumOptions");
        List<Object> reservedRanges = new ArrayList<>();
        List<Object> reservedNames = new ArrayList<>();
        reserved(e.getReserveds(), reservedRanges, reservedNames, 0);
        putList(out, "reserved_range", reservedRanges);
        putList(out, "reserved_name", reservedNames);
        return out;
    }

    private Map<String, Object> service(ServiceElement s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.getName());
        List<Object> methods = new ArrayList<>();
        for (RpcElement r : s.getRpcs()) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("name", r.getName());
            method.put("input_type", fullyQualified(r.getRequestType()));
            method.put("output_type", fullyQualified(r.getResponseType()));
            putOptions(method, r.getOptions(), "google.protobuf.MethodOptions");
            if (r.getRequestStreaming()) {
                method.put("client_streaming", true);
            }
            if (r.getResponseStreaming()) {
                method.put("server_streaming", true);
            }
            methods.add(method);
        }
        putList(out, "method", methods);
        putOptions(out, s.getOptions(), "google.protobuf.ServiceOptions");
        return out;
    }

    private static void putList(Map<String, Object> out, String key, List<Object> list) {
        if (!list.isEmpty()) {
            out.put(key, list);
        }
    }

    // ---- options ----

    /**
     * The options the descriptor's {@code optionsType} message can hold: its own fields and Confluent's extensions
     * of it. Custom options of other files are left out (their values would be unknown fields to most readers).
     */
    private void putOptions(Map<String, Object> out, List<OptionElement> options, String optionsType) {
        MessageType type = (MessageType) Descriptors.SCHEMA.getType(optionsType);
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionElement o : options) {
            Field field;
            if (o.isParenthesized()) {
                String fullName = ProtoPrinter.resolve(o.getName(), packageName, scope, extensions);
                field = fullName == null ? null : extensionField(type, fullName);
            } else {
                field = type.field(o.getName());
            }
            if (field == null || field.getName().equals("uninterpreted_option")
                    || field.getName().equals("features")) {
                continue;
            }
            Object value = convert(field.getType(), o.getValue());
            if (value != null) {
                put(values, field, value);
            }
        }
        if (!values.isEmpty()) {
            out.put("options", values);
        }
    }

    private static Field extensionField(MessageType type, String fullName) {
        if (type == null) {
            return null;
        }
        for (Field f : type.getExtensionFields()) {
            if (f.getQualifiedName().equals(fullName)) {
                return f;
            }
        }
        return null;
    }

    /** Sets a field in a decoded message's map: repeated fields collect, message literals merge. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> message, Field field, Object value) {
        String key = field.getName();
        Object existing = message.get(key);
        if (field.isRepeated() && !field.getType().isMap()) {
            List<Object> list = existing instanceof List<?> l ? (List<Object>) l : new ArrayList<>();
            if (value instanceof List<?> more) {
                list.addAll(more);
            } else {
                list.add(value);
            }
            message.put(key, list);
        } else if (existing instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) a);
            merged.putAll((Map<String, Object>) b);
            message.put(key, merged);
        } else {
            message.put(key, value);
        }
    }

    /**
     * An option value (as Wire parsed it) as the map adapter holds a value of {@code type}; null if it cannot. An
     * {@link OptionElement} value ({@code (a).b = v}) sets one field of message {@code type}.
     */
    private Object convert(ProtoType type, Object value) {
        if (value instanceof OptionElement nested) {
            MessageType message = messageType(type);
            Field f = message == null || nested.isParenthesized() ? null : message.field(nested.getName());
            if (f == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            Object v = fieldValue(f, nested.getValue(), null);
            if (v != null) {
                put(out, f, v);
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            return literal(type, map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object v = convert(type, item);
                if (v != null) {
                    out.add(v);
                }
            }
            return out;
        }
        if (value instanceof OptionElement.OptionPrimitive p) {
            return scalar(type, String.valueOf(p.getValue()));
        }
        return value == null ? null : scalar(type, value.toString());
    }

    /** A message literal ({@code { doc: "x", params: [{ key: "k", value: "v" }] }}) of message {@code type}. */
    private Object literal(ProtoType type, Map<?, ?> literal) {
        MessageType message = messageType(type);
        if (message == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : literal.entrySet()) {
            String key = e.getKey().toString();
            Field f = key.startsWith("[") ? null : message.field(key);
            if (f == null) {
                continue;
            }
            Object v = fieldValue(f, e.getValue(), out.get(f.getName()));
            if (v != null) {
                put(out, f, v);
            }
        }
        return out;
    }

    /** The value of field {@code f} of a literal ({@code existing}: what an earlier entry gave it). */
    private Object fieldValue(Field f, Object value, Object existing) {
        return f.getType().isMap() ? mapValue(f.getType(), value, existing) : convert(f.getType(), value);
    }

    /** A map field's entries given as {@code { key: k, value: v }} literals (one, or a list of them). */
    @SuppressWarnings("unchecked")
    private Object mapValue(ProtoType mapType, Object entries, Object existing) {
        Map<Object, Object> out = existing instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<Object, Object>) m)
                : new LinkedHashMap<>();
        List<?> list = entries instanceof List<?> l ? l : List.of(entries);
        for (Object item : list) {
            if (item instanceof Map<?, ?> entry && entry.containsKey("key")) {
                Object k = convert(mapType.getKeyType(), entry.get("key"));
                Object v = entry.containsKey("value") ? convert(mapType.getValueType(), entry.get("value")) : null;
                if (k != null && v != null) {
                    out.put(k, v);
                }
            }
        }
        return out;
    }

    private static MessageType messageType(ProtoType type) {
        Type t = type.isScalar() ? null : Descriptors.SCHEMA.getType(type);
        return t instanceof MessageType m ? m : null;
    }

    private static Object scalar(ProtoType type, String text) {
        try {
            return switch (type.toString()) {
                case "bool" -> Boolean.parseBoolean(text);
                case "string" -> text;
                case "bytes" -> ByteString.encodeString(text, StandardCharsets.ISO_8859_1);
                case "int32", "sint32", "sfixed32", "uint32", "fixed32" -> integer(text).intValue();
                case "int64", "sint64", "sfixed64", "uint64", "fixed64" -> integer(text).longValue();
                case "float" -> (float) floating(text);
                case "double" -> floating(text);
                // An enum constant by name (the adapter writes its number); a name it lacks is left out.
                default -> !type.isScalar() && Descriptors.SCHEMA.getType(type) instanceof EnumType e
                        && e.constant(text) != null ? text : null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigInteger integer(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        BigInteger v;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            v = new BigInteger(t.substring(2), 16);
        } else if (t.length() > 1 && t.startsWith("0")) {
            v = new BigInteger(t.substring(1), 8);
        } else {
            v = new BigInteger(t);
        }
        return negative ? v.negate() : v;
    }

    private static double floating(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "inf", "+inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }
}
