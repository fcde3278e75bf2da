package io.tributary.registry.schema.protobuf;

import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.ExtendElement;
import com.squareup.wire.schema.internal.parser.ExtensionsElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.GroupElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ReservedElement;
import com.squareup.wire.schema.internal.parser.RpcElement;
import com.squareup.wire.schema.internal.parser.ServiceElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.tributary.registry.schema.protobuf.ProtoModel.MessageInfo;
import io.tributary.registry.schema.protobuf.ProtoModel.TypeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kotlin.ranges.IntRange;

/**
 * Prints a parsed {@code .proto} file as the registry stores it, in the layout Confluent's registry gives its
 * Protobuf texts: no comments, two-space indentation, the syntax and package lines, imports, file options, then the
 * top-level messages followed by the enums, extensions and services; inside a message its reserved ranges, options,
 * fields, oneofs, extension ranges, extensions and nested messages then enums, each group after a blank line. Texts
 * that differ only in whitespace, comments or the order of messages against enums print alike, and a text written
 * by Confluent's registry prints back unchanged.
 *
 * <p>Normalized ({@code normalize=true}, what Confluent documents: imports and options ordered, references ordered,
 * names fully qualified; and what its normalizer also does): the {@code proto2} syntax line is left out, imports are
 * sorted and deduplicated, field and enum-constant, oneof, reserved and extension-range orders follow the numbers,
 * options are sorted by name with custom option names fully qualified, message and enum type names are fully
 * qualified with a leading dot, synthetic {@code map_entry} messages are printed as {@code map<K, V>} fields, and
 * {@code extend} blocks are grouped by their fully qualified target.
 */
final class ProtoPrinter {

    /** Field numbers end here; a range reaching it prints as {@code max}. */
    private static final int MAX_TAG = 536_870_911;

    /** What normalization needs to know of the types and custom options a schema can see. */
    interface Names {
        /** Full name (without a leading dot) to type, for the file, its references and the well-known files. */
        Map<String, TypeInfo> types();

        /** Full names of the extension fields visible to the file. */
        Set<String> extensions();
    }

    private final boolean normalize;
    /** {@code format=ignore_extensions}: no custom options (but Confluent's), extension ranges or extends. */
    private final boolean ignoreExtensions;
    private final Names names;
    private final String packageName;
    /** The enclosing messages' names, outermost first, while printing their content. */
    private final Deque<String> scope = new ArrayDeque<>();

    private ProtoPrinter(boolean normalize, Names names, String packageName) {
        this(normalize, false, names, packageName);
    }

    private ProtoPrinter(boolean normalize, boolean ignoreExtensions, Names names, String packageName) {
        this.normalize = normalize;
        this.ignoreExtensions = ignoreExtensions;
        this.names = names;
        this.packageName = packageName == null ? "" : packageName;
    }

    /** The canonical text: the layout above, everything else as written. */
    static String canonical(ProtoFileElement file) {
        return new ProtoPrinter(false, null, file.getPackageName()).file(file);
    }

    /**
     * The canonical layout without extensions, as Confluent answers {@code format=ignore_extensions}: custom options
     * are left out except Confluent's own ({@code (confluent.*)} as written), and so are {@code extensions} ranges and
     * {@code extend} blocks. Imports stay as written (an import only the extensions used stays too, as there).
     */
    static String withoutExtensions(ProtoFileElement file) {
        return new ProtoPrinter(false, true, null, file.getPackageName()).file(file);
    }

    /** The normalized text. */
    static String normalized(ProtoFileElement file, Names names) {
        return new ProtoPrinter(true, names, file.getPackageName()).file(file);
    }

    private String file(ProtoFileElement file) {
        StringBuilder sb = new StringBuilder();
        Syntax syntax = file.getSyntax();
        if (syntax != null && (!normalize || syntax == Syntax.PROTO_3)) {
            sb.append("syntax = \"").append(syntax).append("\";\n");
        }
        if (file.getPackageName() != null) {
            sb.append("package ").append(file.getPackageName()).append(";\n");
        }
        List<String> imports = sortedIfNormalizing(file.getImports());
        List<String> publicImports = sortedIfNormalizing(file.getPublicImports());
        List<String> weakImports = sortedIfNormalizing(file.getWeakImports());
        if (!imports.isEmpty() || !publicImports.isEmpty() || !weakImports.isEmpty()) {
            sb.append('\n');
            imports.forEach(i -> sb.append("import \"").append(i).append("\";\n"));
            publicImports.forEach(i -> sb.append("import public \"").append(i).append("\";\n"));
            weakImports.forEach(i -> sb.append("import weak \"").append(i).append("\";\n"));
        }
        List<OptionElement> options = options(file.getOptions());
        if (!options.isEmpty()) {
            sb.append('\n');
            options.forEach(o -> sb.append(optionStatement(o)));
        }
        List<TypeElement> types = withoutMapEntries(file.getTypes());
        if (!types.isEmpty()) {
            sb.append('\n');
            appendTypes(sb, types, false);
        }
        List<ExtendElement> extendList = extendsOf(file.getExtendDeclarations());
        if (!extendList.isEmpty() && !ignoreExtensions) {
            sb.append('\n');
            extendList.forEach(e -> sb.append(extend(e)));
        }
        if (!file.getServices().isEmpty()) {
            sb.append('\n');
            file.getServices().forEach(s -> sb.append(service(s)));
        }
        return sb.toString();
    }

    private List<String> sortedIfNormalizing(List<String> paths) {
        return normalize ? paths.stream().sorted().distinct().toList() : paths;
    }

    /** Messages first, then enums, each in declaration order (message indexes in payloads count messages). */
    private void appendTypes(StringBuilder sb, List<TypeElement> types, boolean indent) {
        for (TypeElement t : types) {
            if (t instanceof MessageElement m) {
                scope.addLast(m.getName());
                String text = message(m);
                scope.removeLast();
                append(sb, text, indent);
            }
        }
        for (TypeElement t : types) {
            if (t instanceof EnumElement e) {
                scope.addLast(e.getName());
                String text = enumeration(e);
                scope.removeLast();
                append(sb, text, indent);
            }
        }
    }

    private static void append(StringBuilder sb, String text, boolean indent) {
        if (indent) {
            appendIndented(sb, text);
        } else {
            sb.append(text);
        }
    }

    private String message(MessageElement m) {
        StringBuilder sb = new StringBuilder("message ").append(m.getName()).append(" {");
        List<ReservedElement> reserveds = reserveds(m.getReserveds());
        if (!reserveds.isEmpty()) {
            sb.append('\n');
            reserveds.forEach(r -> appendIndented(sb, reserved(r)));
        }
        List<OptionElement> options = options(m.getOptions());
        if (!options.isEmpty()) {
            sb.append('\n');
            options.forEach(o -> appendIndented(sb, optionStatement(o)));
        }
        List<FieldElement> fields = byTag(m.getFields());
        if (!fields.isEmpty()) {
            sb.append('\n');
            fields.forEach(f -> appendIndented(sb, field(f)));
        }
        List<OneOfElement> oneOfs = oneOfs(m.getOneOfs());
        if (!oneOfs.isEmpty()) {
            sb.append('\n');
            oneOfs.forEach(o -> appendIndented(sb, oneOf(o)));
        }
        if (!m.getGroups().isEmpty()) {
            sb.append('\n');
            m.getGroups().forEach(g -> appendIndented(sb, group(g)));
        }
        List<ExtensionsElement> extensions = extensionRanges(m.getExtensions());
        if (!extensions.isEmpty() && !ignoreExtensions) {
            sb.append('\n');
            extensions.forEach(e -> appendIndented(sb, extensions(e)));
        }
        List<ExtendElement> extendList = extendsOf(m.getExtendDeclarations());
        if (!extendList.isEmpty() && !ignoreExtensions) {
            sb.append('\n');
            extendList.forEach(e -> appendIndented(sb, extend(e)));
        }
        List<TypeElement> nested = withoutMapEntries(m.getNestedTypes());
        if (!nested.isEmpty()) {
            sb.append('\n');
            appendTypes(sb, nested, true);
        }
        return sb.append("}\n").toString();
    }

    private String enumeration(EnumElement e) {
        StringBuilder sb = new StringBuilder("enum ").append(e.getName()).append(" {");
        List<ReservedElement> reserveds = reserveds(e.getReserveds());
        if (!reserveds.isEmpty()) {
            sb.append('\n');
            reserveds.forEach(r -> appendIndented(sb, reserved(r)));
        }
        if (e.getReserveds().isEmpty() && (!e.getOptions().isEmpty() || !e.getConstants().isEmpty())) {
            sb.append('\n');
        }
        options(e.getOptions()).forEach(o -> appendIndented(sb, optionStatement(o)));
        List<EnumConstantElement> constants = e.getConstants();
        if (normalize) {
            constants = constants.stream().sorted(Comparator.comparingInt(EnumConstantElement::getTag)
                    .thenComparing(EnumConstantElement::getName)).toList();
        }
        for (EnumConstantElement c : constants) {
            StringBuilder line = new StringBuilder(c.getName()).append(" = ").append(c.getTag());
            List<OptionElement> options = options(c.getOptions());
            if (!options.isEmpty()) {
                line.append(' ').append(optionList(options));
            }
            appendIndented(sb, line.append(";\n").toString());
        }
        return sb.append("}\n").toString();
    }

    private String field(FieldElement f) {
        Field.Label label = f.getLabel();
        String type = f.getType();
        ProtoType protoType = ProtoType.get(type);
        if (normalize) {
            if (!protoType.isScalar() && !protoType.isMap()) {
                String resolved = resolveType(type);
                TypeInfo info = resolved == null ? null : names.types().get(resolved);
                if (info instanceof MessageInfo mi && mi.mapEntry()) {
                    type = mapOf(mi);
                    label = null;
                } else if (resolved != null) {
                    type = "." + resolved;
                }
            } else if (protoType.isMap()) {
                ProtoType value = protoType.getValueType();
                String resolvedValue = value.isScalar() ? value.toString() : dotted(resolveType(value.toString()),
                        value.toString());
                type = "map<" + protoType.getKeyType() + ", " + resolvedValue + ">";
                label = null;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (label != null) {
            sb.append(label.name().toLowerCase(Locale.ROOT)).append(' ');
        }
        sb.append(type).append(' ').append(f.getName()).append(" = ").append(f.getTag());
        List<OptionElement> options = new ArrayList<>(f.getOptions());
        if (f.getDefaultValue() != null) {
            options.add(new OptionElement("default", defaultKind(protoType), f.getDefaultValue(), false));
        }
        if (f.getJsonName() != null) {
            options.add(new OptionElement("json_name", OptionElement.Kind.STRING, f.getJsonName(), false));
        }
        options = options(options);
        if (!options.isEmpty()) {
            sb.append(' ').append(optionList(options));
        }
        return sb.append(";\n").toString();
    }

    private static String dotted(String resolved, String asWritten) {
        return resolved == null ? asWritten : "." + resolved;
    }

    /** A synthetic map-entry message as the {@code map<K, V>} type it stands for. */
    private String mapOf(MessageInfo entry) {
        String key = "?";
        String value = "?";
        for (ProtoModel.FieldInfo f : entry.fields()) {
            String t = "?";
            if (f.type() instanceof ProtoModel.Scalar s) {
                t = s.name();
            } else if (f.type() instanceof ProtoModel.Named n) {
                t = "." + n.fullName();
            }
            if (f.tag() == 1) {
                key = t;
            } else if (f.tag() == 2) {
                value = t;
            }
        }
        return "map<" + key + ", " + value + ">";
    }

    /**
     * The kind a default value prints as: quoted for strings and bytes, bare for numbers, booleans and enum
     * constants. (Confluent's printer leaves bytes defaults unquoted, which no parser reads back.)
     */
    private static OptionElement.Kind defaultKind(ProtoType type) {
        return switch (type.toString()) {
            case "bool" -> OptionElement.Kind.BOOLEAN;
            case "string", "bytes" -> OptionElement.Kind.STRING;
            case "double", "float", "fixed32", "fixed64", "int32", "int64", "sfixed32", "sfixed64", "sint32",
                 "sint64", "uint32", "uint64" -> OptionElement.Kind.NUMBER;
            default -> OptionElement.Kind.ENUM;
        };
    }

    private String oneOf(OneOfElement o) {
        StringBuilder sb = new StringBuilder("oneof ").append(o.getName()).append(" {");
        List<OptionElement> options = options(o.getOptions());
        if (!options.isEmpty()) {
            sb.append('\n');
            options.forEach(op -> appendIndented(sb, optionStatement(op)));
        }
        List<FieldElement> fields = byTag(o.getFields());
        if (!fields.isEmpty()) {
            sb.append('\n');
            fields.forEach(f -> appendIndented(sb, field(f)));
        }
        if (!o.getGroups().isEmpty()) {
            sb.append('\n');
            o.getGroups().forEach(g -> appendIndented(sb, group(g)));
        }
        return sb.append("}\n").toString();
    }

    private String group(GroupElement g) {
        StringBuilder sb = new StringBuilder();
        if (g.getLabel() != null) {
            sb.append(g.getLabel().name().toLowerCase(Locale.ROOT)).append(' ');
        }
        sb.append("group ").append(g.getName()).append(" = ").append(g.getTag()).append(" {");
        List<FieldElement> fields = byTag(g.getFields());
        if (!fields.isEmpty()) {
            sb.append('\n');
            fields.forEach(f -> appendIndented(sb, field(f)));
        }
        return sb.append("}\n").toString();
    }

    private String extend(ExtendElement e) {
        StringBuilder sb = new StringBuilder("extend ").append(e.getName()).append(" {");
        List<FieldElement> fields = byTag(e.getFields());
        if (!fields.isEmpty()) {
            sb.append('\n');
            fields.forEach(f -> appendIndented(sb, field(f)));
        }
        return sb.append("}\n").toString();
    }

    /** Normalized: one block per fully qualified target, in order of first appearance. */
    private List<ExtendElement> extendsOf(List<ExtendElement> list) {
        if (!normalize || list.isEmpty()) {
            return list;
        }
        Map<String, List<FieldElement>> byTarget = new LinkedHashMap<>();
        for (ExtendElement e : list) {
            String target = dotted(resolveType(e.getName()), e.getName());
            byTarget.computeIfAbsent(target, t -> new ArrayList<>()).addAll(e.getFields());
        }
        List<ExtendElement> out = new ArrayList<>();
        byTarget.forEach((target, fields) -> out.add(new ExtendElement(list.get(0).getLocation(), target, "",
                fields)));
        return out;
    }

    private String service(ServiceElement s) {
        StringBuilder sb = new StringBuilder("service ").append(s.getName()).append(" {");
        List<OptionElement> options = options(s.getOptions());
        if (!options.isEmpty()) {
            sb.append('\n');
            options.forEach(o -> appendIndented(sb, optionStatement(o)));
        }
        if (!s.getRpcs().isEmpty()) {
            sb.append('\n');
            s.getRpcs().forEach(r -> appendIndented(sb, rpc(r)));
        }
        return sb.append("}\n").toString();
    }

    private String rpc(RpcElement r) {
        StringBuilder sb = new StringBuilder("rpc ").append(r.getName()).append(" (");
        if (r.getRequestStreaming()) {
            sb.append("stream ");
        }
        sb.append(normalize ? dotted(resolveType(r.getRequestType()), r.getRequestType()) : r.getRequestType());
        sb.append(") returns (");
        if (r.getResponseStreaming()) {
            sb.append("stream ");
        }
        sb.append(normalize ? dotted(resolveType(r.getResponseType()), r.getResponseType()) : r.getResponseType());
        sb.append(')');
        List<OptionElement> options = options(r.getOptions());
        if (!options.isEmpty()) {
            sb.append(" {\n");
            options.forEach(o -> appendIndented(sb, optionStatement(o)));
            sb.append('}');
        }
        return sb.append(";\n").toString();
    }

    // ---- reserved numbers and names, extension ranges ----

    private List<ReservedElement> reserveds(List<ReservedElement> list) {
        if (!normalize) {
            return list;
        }
        List<ReservedElement> single = new ArrayList<>();
        for (ReservedElement r : list) {
            for (Object v : r.getValues()) {
                single.add(new ReservedElement(r.getLocation(), "", List.of(v)));
            }
        }
        single.sort(Comparator.<ReservedElement>comparingInt(r -> rangeStart(r.getValues().get(0)))
                .thenComparing(r -> String.valueOf(r.getValues().get(0))));
        return single;
    }

    private List<ExtensionsElement> extensionRanges(List<ExtensionsElement> list) {
        if (!normalize) {
            return list;
        }
        List<ExtensionsElement> single = new ArrayList<>();
        for (ExtensionsElement e : list) {
            for (Object v : e.getValues()) {
                single.add(new ExtensionsElement(e.getLocation(), "", List.of(v), e.getOptions()));
            }
        }
        single.sort(Comparator.comparingInt(e -> rangeStart(e.getValues().get(0))));
        return single;
    }

    private static int rangeStart(Object v) {
        if (v instanceof IntRange range) {
            return range.getFirst();
        }
        if (v instanceof Integer i) {
            return i;
        }
        return Integer.MAX_VALUE;
    }

    private String reserved(ReservedElement r) {
        return "reserved " + ranges(r.getValues()) + ";\n";
    }

    private String extensions(ExtensionsElement e) {
        StringBuilder sb = new StringBuilder("extensions ").append(ranges(e.getValues()));
        List<OptionElement> options = options(e.getOptions());
        if (!options.isEmpty()) {
            sb.append(' ').append(optionList(options));
        }
        return sb.append(";\n").toString();
    }

    private String ranges(List<Object> values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            if (v instanceof String name) {
                sb.append('"').append(name).append('"');
            } else if (v instanceof IntRange range) {
                if (normalize && range.getFirst() == range.getLast()) {
                    sb.append(range.getFirst());
                } else {
                    sb.append(range.getFirst()).append(" to ");
                    sb.append(range.getLast() < MAX_TAG ? String.valueOf(range.getLast()) : "max");
                }
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    private static List<FieldElement> byTagAlways(List<FieldElement> fields) {
        return fields.stream().sorted(Comparator.comparingInt(FieldElement::getTag)).toList();
    }

    private List<FieldElement> byTag(List<FieldElement> fields) {
        return normalize ? byTagAlways(fields) : fields;
    }

    /** Normalized: empty oneofs dropped, members by number, oneofs by their first member's number. */
    private List<OneOfElement> oneOfs(List<OneOfElement> list) {
        if (!normalize) {
            return list;
        }
        return list.stream()
                .filter(o -> !o.getFields().isEmpty())
                .map(o -> new OneOfElement(o.getName(), "", byTagAlways(o.getFields()), o.getGroups(),
                        o.getOptions(), o.getLocation()))
                .sorted(Comparator.comparingInt(o -> o.getFields().get(0).getTag()))
                .toList();
    }

    private List<TypeElement> withoutMapEntries(List<TypeElement> types) {
        if (!normalize) {
            return types;
        }
        List<TypeElement> out = new ArrayList<>();
        for (TypeElement t : types) {
            if (t instanceof MessageElement && names.types().get(qualified(t.getName())) instanceof MessageInfo mi
                    && mi.mapEntry()) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    // ---- options ----

    /**
     * Normalized: custom option names fully qualified and written as one message literal each
     * ({@code (a).b = 1, (a).c = 2} becomes {@code (a) = { b: 1, c: 2 }}), then sorted by name (stable). Values given
     * twice for one key are merged: message literals key by key, anything else into a list (a singular field given
     * twice is an error anyway).
     */
    private List<OptionElement> options(List<OptionElement> options) {
        if (ignoreExtensions) {
            options = options.stream().filter(o -> !o.isParenthesized() || o.getName().startsWith("confluent."))
                    .toList();
        }
        if (!normalize || options.isEmpty()) {
            return options;
        }
        Map<String, List<OptionElement>> byName = new TreeMap<>();
        for (OptionElement o : options) {
            if (o.isParenthesized()) {
                String resolved = resolveExtension(o.getName());
                if (resolved != null) {
                    o = asLiteral(new OptionElement(resolved, o.getKind(), o.getValue(), true));
                }
            }
            List<OptionElement> same = byName.computeIfAbsent(o.getName(), n -> new ArrayList<>());
            OptionElement last = same.isEmpty() ? null : same.get(same.size() - 1);
            if (last != null && last.isParenthesized() && o.isParenthesized() && last.getKind() == OptionElement.Kind.MAP
                    && o.getKind() == OptionElement.Kind.MAP) {
                same.set(same.size() - 1, new OptionElement(o.getName(), OptionElement.Kind.MAP,
                        merge(mapValue(last), mapValue(o)), true));
            } else {
                same.add(o);
            }
        }
        List<OptionElement> out = new ArrayList<>();
        byName.values().forEach(out::addAll);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapValue(OptionElement o) {
        return (Map<String, Object>) o.getValue();
    }

    /** {@code (a).b.c = v} as {@code (a) = { b: { c: v } }}. */
    private static OptionElement asLiteral(OptionElement o) {
        if (o.getKind() != OptionElement.Kind.OPTION) {
            return o;
        }
        return new OptionElement(o.getName(), OptionElement.Kind.MAP, literalOf((OptionElement) o.getValue()),
                o.isParenthesized());
    }

    private static Map<String, Object> literalOf(OptionElement nested) {
        String key = nested.isParenthesized() ? "[" + nested.getName() + "]" : nested.getName();
        Object value = switch (nested.getKind()) {
            case OPTION -> literalOf((OptionElement) nested.getValue());
            case STRING, MAP, LIST -> nested.getValue();
            default -> new OptionElement.OptionPrimitive(nested.getKind(), nested.getValue());
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(key, value);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, (x, y) -> {
            if (x instanceof Map<?, ?> xm && y instanceof Map<?, ?> ym) {
                return merge((Map<String, Object>) xm, (Map<String, Object>) ym);
            }
            List<Object> list = new ArrayList<>();
            addAll(list, x);
            addAll(list, y);
            return list;
        }));
        return out;
    }

    private static void addAll(List<Object> list, Object v) {
        if (v instanceof List<?> l) {
            list.addAll(l);
        } else {
            list.add(v);
        }
    }

    private String optionStatement(OptionElement o) {
        return "option " + option(o) + ";\n";
    }

    @SuppressWarnings("unchecked")
    private String option(OptionElement o) {
        StringBuilder sb = new StringBuilder();
        if (o.isParenthesized()) {
            sb.append('(').append(o.getName()).append(')');
        } else {
            sb.append(o.getName());
        }
        Object value = o.getValue();
        switch (o.getKind()) {
            case STRING -> sb.append(" = \"").append(escape(String.valueOf(value))).append('"');
            case BOOLEAN, ENUM, NUMBER -> sb.append(" = ").append(value);
            case OPTION -> sb.append('.').append(option((OptionElement) value));
            case MAP -> {
                sb.append(" = {\n");
                appendMap(sb, (Map<String, Object>) value);
                sb.append('}');
            }
            case LIST -> sb.append(" = ").append(optionList((List<?>) value));
        }
        return sb.toString();
    }

    /** {@code [a]} for one, otherwise one per line. */
    private String optionList(List<?> values) {
        if (values.size() == 1) {
            return "[" + value(values.get(0)) + "]";
        }
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < values.size(); i++) {
            appendIndented(sb, value(values.get(i)) + (i < values.size() - 1 ? "," : ""));
        }
        return sb.append(']').toString();
    }

    private void appendMap(StringBuilder sb, Map<String, Object> map) {
        if (normalize) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!(v instanceof List<?> l && l.isEmpty())) {
                    sorted.putIfAbsent(k, v);
                }
            });
            map = sorted;
        }
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            appendIndented(sb, e.getKey() + ": " + value(e.getValue()) + (i < map.size() - 1 ? "," : ""));
            i++;
        }
    }

    @SuppressWarnings("unchecked")
    private String value(Object value) {
        if (value instanceof String s) {
            return "\"" + escape(s) + "\"";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{\n");
            appendMap(sb, (Map<String, Object>) map);
            return sb.append('}').toString();
        }
        if (value instanceof List<?> list) {
            if (normalize && list.size() == 1) {
                return value(list.get(0));
            }
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < list.size(); i++) {
                appendIndented(sb, value(list.get(i)) + (i < list.size() - 1 ? "," : ""));
            }
            return sb.append(']').toString();
        }
        if (value instanceof OptionElement.OptionPrimitive p) {
            return switch (p.getKind()) {
                case BOOLEAN, ENUM, NUMBER -> String.valueOf(p.getValue());
                default -> value(p.getValue());
            };
        }
        if (value instanceof OptionElement o) {
            return option(o);
        }
        return String.valueOf(value);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Each line of {@code text} indented by two spaces (blank lines get the two spaces too, as Confluent's do). */
    private static void appendIndented(StringBuilder sb, String text) {
        for (String line : text.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
    }

    // ---- names ----

    /** The full name of a type declared in the current scope under {@code simpleName}. */
    private String qualified(String simpleName) {
        StringBuilder sb = new StringBuilder(packageName);
        for (String s : scope) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s);
        }
        if (sb.length() > 0) {
            sb.append('.');
        }
        return sb.append(simpleName).toString();
    }

    /** A type name as written, resolved from the current scope outwards (protoc's rule); null if unknown. */
    private String resolveType(String name) {
        return resolve(name, names.types().keySet());
    }

    private String resolveExtension(String name) {
        return resolve(name, names.extensions());
    }

    private String resolve(String name, Set<String> known) {
        return resolve(name, packageName, scope, known);
    }

    /**
     * {@code name} as written in {@code scope} (the enclosing messages, outermost first) of a file in package
     * {@code packageName}, resolved against the full names {@code known}; null if none matches.
     */
    static String resolve(String name, String packageName, Collection<String> scope, Set<String> known) {
        if (name.startsWith(".")) {
            String n = name.substring(1);
            return known.contains(n) ? n : null;
        }
        List<String> prefix = new ArrayList<>();
        if (packageName != null && !packageName.isEmpty()) {
            prefix.addAll(List.of(packageName.split("\\.")));
        }
        prefix.addAll(scope);
        // Inside a message the message itself is the innermost scope; at file level the package is.
        while (true) {
            String candidate = prefix.isEmpty() ? name : String.join(".", prefix) + "." + name;
            if (known.contains(candidate)) {
                return candidate;
            }
            if (prefix.isEmpty()) {
                return null;
            }
            prefix.remove(prefix.size() - 1);
        }
    }
}
