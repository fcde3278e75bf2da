package io.tributary.registry.schema.protobuf;

import com.squareup.wire.ProtoAdapter;
import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.tributary.registry.schema.InvalidSchemaException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okio.ByteString;

/**
 * Schemas registered as a base64-encoded {@code FileDescriptorProto}, as Confluent's Python, Go, .NET and JavaScript
 * serializers send them (Confluent's registry accepts both forms). The descriptor is decoded with Wire's own
 * {@code descriptor.proto} and written out as the {@code .proto} text it describes, the way Confluent's registry turns
 * a descriptor into its text: types by their fully qualified name ({@code .com.acme.Address}), maps as their
 * {@code map_entry} messages, {@code json_name} where the descriptor carries one. That text is then parsed and linked
 * like any other, so the stored schema is the canonical text.
 *
 * <p>Not carried over: custom options other than Confluent's {@code confluent/meta.proto} ones (their values are
 * unknown fields to a reader that has not linked their definitions), {@code features} and editions files, and
 * proto2 groups (which Wire does not parse at all).
 */
final class DescriptorText {

    /** Padded base64 (standard or URL alphabet), possibly broken into lines; never a word of .proto text. */
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_\\-\\r\\n]+={0,2}");
    private static final int MAX_TAG = 536_870_911;

    private DescriptorText() {
    }

    /**
     * Descriptor's own schema with Confluent's options, linked once: it decodes descriptors to maps (and
     * {@link DescriptorEncoder} encodes maps to descriptors).
     */
    static final class Descriptors {
        static final Schema SCHEMA = ProtoLinking.linkWellKnownSchema(
                List.of("google/protobuf/descriptor.proto", "confluent/meta.proto"));
        static final ProtoAdapter<Object> FILE = SCHEMA.protoAdapter("google.protobuf.FileDescriptorProto", true);
    }

    /**
     * The file {@code text} describes if it is a base64 {@code FileDescriptorProto}; null if it is not one at all.
     *
     * @throws InvalidSchemaException a descriptor that describes no file this registry can hold
     */
    static ProtoFileElement fromBase64(String text, String path) throws InvalidSchemaException {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || !BASE64.matcher(trimmed).matches()) {
            return null;
        }
        String compact = trimmed.replaceAll("[\\r\\n]", "");
        if (compact.length() % 4 != 0) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact) : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Map<String, Object> file;
        try {
            file = asMap(Descriptors.FILE.decode(bytes));
        } catch (Exception e) {
            return null;
        }
        if (file == null || !(file.containsKey("name") || file.containsKey("package")
                || file.containsKey("message_type") || file.containsKey("enum_type") || file.containsKey("service"))) {
            return null;
        }
        String proto = new DescriptorText.Writer(file).write();
        try {
            return ProtoParser.Companion.parse(Location.get("", path), proto);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("Invalid Protobuf schema: the FileDescriptorProto does not describe a "
                    + "file this registry reads: " + String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " "),
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static int integer(Map<String, Object> m, String key, int otherwise) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : otherwise;
    }

    private static boolean flag(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    /** Writes one decoded {@code FileDescriptorProto} as {@code .proto} text. */
    private static final class Writer {
        private final Map<String, Object> file;
        private final boolean proto3;
        private final StringBuilder out = new StringBuilder();

        Writer(Map<String, Object> file) throws InvalidSchemaException {
            this.file = file;
            String syntax = string(file, "syntax");
            if ("editions".equals(syntax) || file.containsKey("edition")) {
                throw new InvalidSchemaException("Invalid Protobuf schema: Protobuf editions files are not "
                        + "supported (only proto2 and proto3)");
            }
            this.proto3 = "proto3".equals(syntax);
        }

        String write() throws InvalidSchemaException {
            String syntax = string(file, "syntax");
            if (syntax != null && !syntax.isEmpty()) {
                out.append("syntax = \"").append(syntax).append("\";\n");
            }
            String pkg = string(file, "package");
            if (pkg != null && !pkg.isEmpty()) {
                out.append("package ").append(pkg).append(";\n");
            }
            List<Object> deps = list(file, "dependency");
            List<Object> publicDeps = list(file, "public_dependency");
            List<Object> weakDeps = list(file, "weak_dependency");
            for (int i = 0; i < deps.size(); i++) {
                String kind = publicDeps.contains(i) ? "public " : weakDeps.contains(i) ? "weak " : "";
                out.append("import ").append(kind).append('"').append(ProtoPrinter.escape(deps.get(i).toString()))
                        .append("\";\n");
            }
            options(asMap(file.get("options")), "google.protobuf.FileOptions", "");
            for (Object m : list(file, "message_type")) {
                message(asMap(m), "");
            }
            for (Object e : list(file, "enum_type")) {
                enumeration(asMap(e), "");
            }
            extensions(list(file, "extension"), "");
            for (Object s : list(file, "service")) {
                service(asMap(s));
            }
            return out.toString();
        }

        private void message(Map<String, Object> m, String indent) throws InvalidSchemaException {
            out.append(indent).append("message ").append(string(m, "name")).append(" {\n");
            String in = indent + "  ";
            options(asMap(m.get("options")), "google.protobuf.MessageOptions", in);
            List<Object> oneofDecls = list(m, "oneof_decl");
            List<List<Map<String, Object>>> oneofFields = new ArrayList<>();
            for (int i = 0; i < oneofDecls.size(); i++) {
                oneofFields.add(new ArrayList<>());
            }
            for (Object o : list(m, "field")) {
                Map<String, Object> f = asMap(o);
                Object oneof = f.get("oneof_index");
                if (oneof instanceof Number n && !flag(f, "proto3_optional") && n.intValue() < oneofFields.size()) {
                    oneofFields.get(n.intValue()).add(f);
                } else {
                    field(f, in, true);
                }
            }
            for (int i = 0; i < oneofDecls.size(); i++) {
                if (oneofFields.get(i).isEmpty()) {
                    continue; // the synthetic oneof of a proto3 optional field, or an empty one
                }
                Map<String, Object> decl = asMap(oneofDecls.get(i));
                out.append(in).append("oneof ").append(string(decl, "name")).append(" {\n");
                options(asMap(decl.get("options")), "google.protobuf.OneofOptions", in + "  ");
                for (Map<String, Object> f : oneofFields.get(i)) {
                    field(f, in + "  ", false);
                }
                out.append(in).append("}\n");
            }
            for (Object r : list(m, "reserved_range")) {
                Map<String, Object> range = asMap(r);
                out.append(in).append("reserved ").append(range(integer(range, "start", 0),
                        integer(range, "end", 1) - 1)).append(";\n");
            }
            for (Object name : list(m, "reserved_name")) {
                out.append(in).append("reserved \"").append(ProtoPrinter.escape(name.toString())).append("\";\n");
            }
            for (Object r : list(m, "extension_range")) {
                Map<String, Object> range = asMap(r);
                out.append(in).append("extensions ").append(range(integer(range, "start", 1),
                        integer(range, "end", 2) - 1)).append(";\n");
            }
            extensions(list(m, "extension"), in);
            for (Object nested : list(m, "nested_type")) {
                message(asMap(nested), in);
            }
            for (Object e : list(m, "enum_type")) {
                enumeration(asMap(e), in);
            }
            out.append(indent).append("}\n");
        }

        private static String range(int first, int last) {
            if (first == last) {
                return String.valueOf(first);
            }
            return first + " to " + (last >= MAX_TAG ? "max" : String.valueOf(last));
        }

        private void field(Map<String, Object> f, String indent, boolean labelled) throws InvalidSchemaException {
            String type = string(f, "type");
            if ("TYPE_GROUP".equals(type)) {
                throw new InvalidSchemaException("Invalid Protobuf schema: proto2 groups are not supported");
            }
            out.append(indent);
            if (labelled) {
                String label = label(f);
                if (label != null) {
                    out.append(label).append(' ');
                }
            }
            String typeName = string(f, "type_name");
            String scalar = type == null ? null : type.substring("TYPE_".length()).toLowerCase(java.util.Locale.ROOT);
            out.append(typeName != null && !typeName.isEmpty() ? typeName : scalar).append(' ')
                    .append(string(f, "name")).append(" = ").append(integer(f, "number", 0));
            List<String> options = new ArrayList<>();
            String defaultValue = string(f, "default_value");
            if (defaultValue != null && !proto3) {
                boolean quoted = "string".equals(scalar) || "bytes".equals(scalar);
                // A bytes default is already C-escaped in a descriptor; a string default is raw text.
                options.add("default = " + (quoted ? "\"" + ("bytes".equals(scalar) ? defaultValue
                        : ProtoPrinter.escape(defaultValue)) + "\"" : defaultValue));
            }
            String jsonName = string(f, "json_name");
            if (jsonName != null) {
                options.add("json_name = \"" + ProtoPrinter.escape(jsonName) + "\"");
            }
            options.addAll(optionAssignments(asMap(f.get("options")), "google.protobuf.FieldOptions"));
            if (!options.isEmpty()) {
                out.append(" [").append(String.join(", ", options)).append(']');
            }
            out.append(";\n");
        }

        private String label(Map<String, Object> f) {
            if (flag(f, "proto3_optional")) {
                return "optional";
            }
            String label = string(f, "label");
            if ("LABEL_REPEATED".equals(label)) {
                return "repeated";
            }
            if (proto3) {
                return null;
            }
            return "LABEL_REQUIRED".equals(label) ? "required" : "optional";
        }

        private void extensions(List<Object> fields, String indent) throws InvalidSchemaException {
            Map<String, List<Map<String, Object>>> byExtendee = new LinkedHashMap<>();
            for (Object o : fields) {
                Map<String, Object> f = asMap(o);
                byExtendee.computeIfAbsent(string(f, "extendee"), k -> new ArrayList<>()).add(f);
            }
            for (Map.Entry<String, List<Map<String, Object>>> e : byExtendee.entrySet()) {
                out.append(indent).append("extend ").append(e.getKey()).append(" {\n");
                for (Map<String, Object> f : e.getValue()) {
                    field(f, indent + "  ", true);
                }
                out.append(indent).append("}\n");
            }
        }

        private void enumeration(Map<String, Object> e, String indent) {
            out.append(indent).append("enum ").append(string(e, "name")).append(" {\n");
            String in = indent + "  ";
            options(asMap(e.get("options")), "google.protobuf.EnumOptions", in);
            for (Object r : list(e, "reserved_range")) {
                Map<String, Object> range = asMap(r);
                int start = integer(range, "start", 0);
                int end = integer(range, "end", start); // inclusive for enums
                out.append(in).append("reserved ").append(start == end ? String.valueOf(start)
                        : start + " to " + (end == Integer.MAX_VALUE ? "max" : String.valueOf(end))).append(";\n");
            }
            for (Object name : list(e, "reserved_name")) {
                out.append(in).append("reserved \"").append(ProtoPrinter.escape(name.toString())).append("\";\n");
            }
            for (Object v : list(e, "value")) {
                Map<String, Object> value = asMap(v);
                out.append(in).append(string(value, "name")).append(" = ").append(integer(value, "number", 0));
                List<String> options = optionAssignments(asMap(value.get("options")),
                        "google.protobuf.EnumValueOptions");
                if (!options.isEmpty()) {
                    out.append(" [").append(String.join(", ", options)).append(']');
                }
                out.append(";\n");
            }
            out.append(indent).append("}\n");
        }

        private void service(Map<String, Object> s) {
            out.append("service ").append(string(s, "name")).append(" {\n");
            options(asMap(s.get("options")), "google.protobuf.ServiceOptions", "  ");
            for (Object o : list(s, "method")) {
                Map<String, Object> m = asMap(o);
                out.append("  rpc ").append(string(m, "name")).append(" (")
                        .append(flag(m, "client_streaming") ? "stream " : "").append(string(m, "input_type"))
                        .append(") returns (").append(flag(m, "server_streaming") ? "stream " : "")
                        .append(string(m, "output_type")).append(")");
                List<String> options = optionAssignments(asMap(m.get("options")), "google.protobuf.MethodOptions");
                if (options.isEmpty()) {
                    out.append(";\n");
                } else {
                    out.append(" {\n");
                    options.forEach(opt -> out.append("    option ").append(opt).append(";\n"));
                    out.append("  }\n");
                }
            }
            out.append("}\n");
        }

        private void options(Map<String, Object> options, String optionsType, String indent) {
            for (String assignment : optionAssignments(options, optionsType)) {
                out.append(indent).append("option ").append(assignment).append(";\n");
            }
        }

        /** {@code name = value} per option set (a repeated option once per value). */
        private List<String> optionAssignments(Map<String, Object> options, String optionsType) {
            List<String> out = new ArrayList<>();
            if (options == null) {
                return out;
            }
            MessageType type = (MessageType) Descriptors.SCHEMA.getType(optionsType);
            for (Map.Entry<String, Object> e : options.entrySet()) {
                String key = e.getKey();
                if (key.equals("uninterpreted_option") || key.equals("features")) {
                    continue;
                }
                Field field = fieldOf(type, key);
                if (field == null) {
                    continue;
                }
                String name = field.isExtension() ? "(" + field.getQualifiedName() + ")" : field.getName();
                List<Object> values = e.getValue() instanceof List<?> l ? new ArrayList<>(l) : List.of(e.getValue());
                for (Object v : values) {
                    out.add(name + " = " + value(v, field.getType()));
                }
            }
            return out;
        }

        private static Field fieldOf(MessageType type, String key) {
            if (type == null) {
                return null;
            }
            Field f = type.field(key);
            if (f == null) {
                f = type.extensionField(key);
            }
            if (f == null) {
                for (Field ext : type.getExtensionFields()) {
                    if (ext.getQualifiedName().equals(key) || ext.getName().equals(key)) {
                        return ext;
                    }
                }
            }
            return f;
        }

        /** An option value as the text format writes it: message literals for messages, bare enum names. */
        private String value(Object v, ProtoType type) {
            if (v instanceof Map<?, ?> map) {
                MessageType message = (MessageType) Descriptors.SCHEMA.getType(type);
                List<String> entries = new ArrayList<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Field f = fieldOf(message, e.getKey().toString());
                    ProtoType ft = f == null ? ProtoType.STRING : f.getType();
                    if (ft.isMap()) {
                        // A map field is a list of {key, value} entries in the text format.
                        List<String> items = new ArrayList<>();
                        for (Map.Entry<?, ?> kv : ((Map<?, ?>) e.getValue()).entrySet()) {
                            items.add("{ key: " + value(kv.getKey(), ft.getKeyType()) + ", value: "
                                    + value(kv.getValue(), ft.getValueType()) + " }");
                        }
                        entries.add(e.getKey() + ": [" + String.join(", ", items) + "]");
                    } else if (e.getValue() instanceof List<?> l) {
                        List<String> items = new ArrayList<>();
                        for (Object item : l) {
                            items.add(value(item, ft));
                        }
                        entries.add(e.getKey() + ": [" + String.join(", ", items) + "]");
                    } else {
                        entries.add(e.getKey() + ": " + value(e.getValue(), ft));
                    }
                }
                return "{ " + String.join(", ", entries) + " }";
            }
            if (v instanceof ByteString bytes) {
                return "\"" + ProtoPrinter.escape(bytes.string(java.nio.charset.StandardCharsets.ISO_8859_1)) + "\"";
            }
            if (v instanceof String s) {
                boolean isEnum = !type.isScalar() && Descriptors.SCHEMA.getType(type) instanceof EnumType;
                return isEnum ? s : "\"" + ProtoPrinter.escape(s) + "\"";
            }
            if (v instanceof Double d && (d.isInfinite() || d.isNaN())) {
                return d.isNaN() ? "nan" : d > 0 ? "inf" : "-inf";
            }
            if (v instanceof Float f && (f.isInfinite() || f.isNaN())) {
                return f.isNaN() ? "nan" : f > 0 ? "inf" : "-inf";
            }
            return String.valueOf(v);
        }
    }
}
