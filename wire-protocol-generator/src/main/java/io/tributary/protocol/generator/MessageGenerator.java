package io.tributary.protocol.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits the Java class of one message spec: a top-level class {@code <Name>Data} holding the message's fields,
 * with every struct of the message as a static nested class. Each class reads itself from a
 * {@code ProtocolReader}, writes itself to a {@code ProtocolWriter} and computes its exact encoded size, for
 * every version the spec declares.
 */
final class MessageGenerator {

    static final String PACKAGE = "io.tributary.protocol.message";

    private final MessageSpec spec;
    private final Map<String, StructSpec> structs = new LinkedHashMap<>();

    MessageGenerator(MessageSpec spec) {
        this.spec = spec;
        for (StructSpec common : spec.commonStructs()) {
            structs.put(common.name(), common);
        }
        collectInlineStructs(spec.fields());
    }

    private void collectInlineStructs(List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            FieldType.Struct struct = f.structType();
            if (struct == null) {
                continue;
            }
            if (!f.fields().isEmpty()) {
                if (structs.containsKey(struct.name()) && !structs.get(struct.name()).fields().equals(f.fields())) {
                    throw new IllegalArgumentException(spec.name() + ": struct " + struct.name() + " declared twice");
                }
                structs.putIfAbsent(struct.name(), new StructSpec(struct.name(), f.fields()));
                collectInlineStructs(f.fields());
            } else if (!structs.containsKey(struct.name())) {
                throw new IllegalArgumentException(spec.name() + ": unknown struct " + struct.name());
            }
        }
    }

    String className() {
        return spec.className();
    }

    String generate() {
        CodeWriter w = new CodeWriter();
        w.line("package " + PACKAGE + ";");
        w.blank();
        w.line("import io.tributary.protocol.ApiMessage;");
        w.line("import io.tributary.protocol.Message;");
        w.line("import io.tributary.protocol.ProtocolReader;");
        w.line("import io.tributary.protocol.ProtocolWriter;");
        w.line("import io.tributary.protocol.RawTaggedField;");
        w.line("import io.tributary.protocol.WireSizes;");
        w.blank();
        w.line("/**");
        w.line(" * " + spec.name() + ", versions " + spec.validVersions() + " (flexible " + spec.flexibleVersions() + ").");
        w.line(" * Generated from Kafka's " + spec.name() + ".json message spec; do not edit.");
        w.line(" */");
        boolean api = spec.apiKey() != null;
        w.line("public final class %s implements %s {", className(), api ? "ApiMessage" : "Message");
        if (api) {
            w.line("public static final short API_KEY = %d;", spec.apiKey());
        }
        w.line("public static final short LOWEST_SUPPORTED_VERSION = %d;", spec.validVersions().lowest());
        w.line("public static final short HIGHEST_SUPPORTED_VERSION = %d;", spec.validVersions().highest());
        w.blank();
        emitBody(w, className(), spec.fields(), true);
        for (StructSpec struct : structs.values()) {
            w.blank();
            w.line("/** The {@code %s} struct of %s. */", struct.name(), spec.name());
            w.line("public static final class %s implements Message {", struct.name());
            emitBody(w, struct.name(), struct.fields(), false);
            w.line("}");
        }
        w.line("}");
        return w.toString();
    }

    private List<FieldCodec> codecs(List<FieldSpec> fields) {
        List<FieldCodec> result = new ArrayList<>();
        for (FieldSpec f : fields) {
            result.add(new FieldCodec(f, spec.validVersions(), spec.flexibleVersions()));
        }
        return result;
    }

    private void emitBody(CodeWriter w, String name, List<FieldSpec> fields, boolean topLevel) {
        List<FieldCodec> codecs = codecs(fields);
        for (int i = 0; i < fields.size(); i++) {
            w.line("private %s %s = %s;", fields.get(i).javaType(), fields.get(i).camelName(),
                    codecs.get(i).defaultExpression());
        }
        w.line("private java.util.List<RawTaggedField> unknownTaggedFields;");
        w.blank();
        w.line("/** A message with every field at its default. */");
        w.line("public %s() {", name);
        w.line("}");
        w.blank();
        w.line("/** Reads one %s of the given version; the reader advances past it. */", name);
        w.line("public %s(ProtocolReader reader, short version) {", name);
        if (topLevel) {
            w.line("if (version < LOWEST_SUPPORTED_VERSION || version > HIGHEST_SUPPORTED_VERSION) {");
            w.line("throw new io.tributary.protocol.ProtocolDecodeException(\"%s version \" + version + \" is not supported\");",
                    spec.name());
            w.line("}");
        }
        emitRead(w, fields, codecs);
        w.line("}");
        w.blank();
        if (topLevel && spec.apiKey() != null) {
            w.line("@Override");
            w.line("public short apiKey() {");
            w.line("return API_KEY;");
            w.line("}");
            w.blank();
        }
        w.line("@Override");
        w.line("public short lowestSupportedVersion() {");
        w.line("return LOWEST_SUPPORTED_VERSION;");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public short highestSupportedVersion() {");
        w.line("return HIGHEST_SUPPORTED_VERSION;");
        w.line("}");
        w.blank();
        emitWrite(w, fields, codecs, topLevel);
        w.blank();
        emitSize(w, fields, codecs);
        w.blank();
        emitTaggedCount(w, fields, codecs);
        for (FieldCodec codec : codecs) {
            if (codec.needsElementsSizeMethod()) {
                w.blank();
                codec.emitElementsSizeMethod(w);
            }
        }
        emitAccessors(w, name, fields);
        emitEqualsHashCodeToString(w, name, fields);
    }

    private String flexible() {
        return spec.flexibleVersions().condition(spec.validVersions());
    }

    private List<Integer> taggedIndexesByTag(List<FieldSpec> fields) {
        List<Integer> tagged = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).isTagged()) {
                tagged.add(i);
            }
        }
        tagged.sort(Comparator.comparing(i -> fields.get(i).tag()));
        return tagged;
    }

    private void emitRead(CodeWriter w, List<FieldSpec> fields, List<FieldCodec> codecs) {
        for (int i = 0; i < fields.size(); i++) {
            String cond = codecs.get(i).untaggedCondition();
            if (cond.equals("false")) {
                continue;
            }
            openIf(w, cond);
            codecs.get(i).emitRead(w, "reader");
            closeIf(w, cond);
        }
        String flexible = flexible();
        if (flexible.equals("false")) {
            return;
        }
        openIf(w, flexible);
        w.line("int taggedCount = reader.readUnsignedVarint();");
        w.line("for (int t = 0; t < taggedCount; t++) {");
        w.line("int tag = reader.readUnsignedVarint();");
        w.line("int tagSize = reader.readUnsignedVarint();");
        w.line("switch (tag) {");
        for (int i : taggedIndexesByTag(fields)) {
            w.line("case %d: {", fields.get(i).tag());
            String cond = codecs.get(i).taggedCondition();
            w.line("if (%s) {", cond);
            w.line("ProtocolReader tagged = reader.slice(tagSize);");
            codecs.get(i).emitRead(w, "tagged");
            w.line("tagged.requireFullyRead(\"tagged field %s\");", fields.get(i).name());
            w.line("break;");
            w.line("}");
            w.line("unknownTaggedFields = RawTaggedField.add(unknownTaggedFields, tag, reader.readRawBytes(tagSize));");
            w.line("break;");
            w.line("}");
        }
        w.line("default:");
        w.line("    unknownTaggedFields = RawTaggedField.add(unknownTaggedFields, tag, reader.readRawBytes(tagSize));");
        w.line("}");
        w.line("}");
        closeIf(w, flexible);
    }

    private void emitWrite(CodeWriter w, List<FieldSpec> fields, List<FieldCodec> codecs, boolean topLevel) {
        w.line("@Override");
        w.line("public void write(ProtocolWriter writer, short version) {");
        if (topLevel) {
            w.line("if (version < LOWEST_SUPPORTED_VERSION || version > HIGHEST_SUPPORTED_VERSION) {");
            w.line("throw new IllegalArgumentException(\"%s version \" + version + \" is not supported\");", spec.name());
            w.line("}");
        }
        for (int i = 0; i < fields.size(); i++) {
            String cond = codecs.get(i).untaggedCondition();
            if (cond.equals("false")) {
                continue;
            }
            openIf(w, cond);
            codecs.get(i).emitWrite(w, "writer");
            closeIf(w, cond);
        }
        String flexible = flexible();
        if (!flexible.equals("false")) {
            openIf(w, flexible);
            w.line("writer.writeUnsignedVarint(taggedFieldCount(version) + RawTaggedField.count(unknownTaggedFields));");
            w.line("int nextUnknown = 0;");
            for (int i : taggedIndexesByTag(fields)) {
                FieldSpec f = fields.get(i);
                FieldCodec c = codecs.get(i);
                w.line("nextUnknown = RawTaggedField.writeBelow(writer, unknownTaggedFields, nextUnknown, %d);", f.tag());
                w.line("if (%s && %s) {", c.taggedCondition(), c.differsFromDefault());
                w.line("writer.writeUnsignedVarint(%d);", f.tag());
                w.line("writer.writeUnsignedVarint(%s);", c.sizeExpression());
                c.emitWrite(w, "writer");
                w.line("}");
            }
            w.line("RawTaggedField.writeBelow(writer, unknownTaggedFields, nextUnknown, Integer.MAX_VALUE);");
            closeIf(w, flexible);
        }
        w.line("}");
    }

    private void emitSize(CodeWriter w, List<FieldSpec> fields, List<FieldCodec> codecs) {
        w.line("@Override");
        w.line("public int size(short version) {");
        w.line("int size = 0;");
        for (int i = 0; i < fields.size(); i++) {
            String cond = codecs.get(i).untaggedCondition();
            if (cond.equals("false")) {
                continue;
            }
            openIf(w, cond);
            w.line("size += %s;", codecs.get(i).sizeExpression());
            closeIf(w, cond);
        }
        String flexible = flexible();
        if (!flexible.equals("false")) {
            openIf(w, flexible);
            w.line("size += WireSizes.unsignedVarint(taggedFieldCount(version) + RawTaggedField.count(unknownTaggedFields));");
            w.line("size += RawTaggedField.size(unknownTaggedFields);");
            for (int i : taggedIndexesByTag(fields)) {
                FieldCodec c = codecs.get(i);
                w.line("if (%s && %s) {", c.taggedCondition(), c.differsFromDefault());
                w.line("int valueSize = %s;", c.sizeExpression());
                w.line("size += WireSizes.unsignedVarint(%d) + WireSizes.unsignedVarint(valueSize) + valueSize;",
                        fields.get(i).tag());
                w.line("}");
            }
            closeIf(w, flexible);
        }
        w.line("return size;");
        w.line("}");
    }

    private void emitTaggedCount(CodeWriter w, List<FieldSpec> fields, List<FieldCodec> codecs) {
        w.line("private int taggedFieldCount(short version) {");
        w.line("int count = 0;");
        for (int i : taggedIndexesByTag(fields)) {
            FieldCodec c = codecs.get(i);
            w.line("if (%s && %s) {", c.taggedCondition(), c.differsFromDefault());
            w.line("count++;");
            w.line("}");
        }
        w.line("return count;");
        w.line("}");
    }

    private void emitAccessors(CodeWriter w, String name, List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            w.blank();
            w.line("public %s %s() {", f.javaType(), f.camelName());
            w.line("return %s;", f.camelName());
            w.line("}");
            w.blank();
            w.line("public %s %s(%s value) {", name, f.setterName(), f.javaType());
            w.line("this.%s = value;", f.camelName());
            w.line("return this;");
            w.line("}");
        }
        w.blank();
        w.line("@Override");
        w.line("public java.util.List<RawTaggedField> unknownTaggedFields() {");
        w.line("return unknownTaggedFields == null ? java.util.List.of() : unknownTaggedFields;");
        w.line("}");
    }

    private void emitEqualsHashCodeToString(CodeWriter w, String name, List<FieldSpec> fields) {
        w.blank();
        w.line("@Override");
        w.line("public boolean equals(Object o) {");
        w.line("if (this == o) {");
        w.line("return true;");
        w.line("}");
        w.line("if (!(o instanceof %s)) {", name);
        w.line("return false;");
        w.line("}");
        w.line("%s other = (%s) o;", name, name);
        for (FieldSpec f : fields) {
            String a = f.camelName();
            String b = "other." + f.camelName();
            String same;
            if (f.javaType().equals("byte[]")) {
                same = "java.util.Arrays.equals(" + a + ", " + b + ")";
            } else if (f.javaType().equals("double")) {
                same = "Double.compare(" + a + ", " + b + ") == 0";
            } else if (isJavaPrimitive(f.javaType())) {
                same = a + " == " + b;
            } else {
                same = "java.util.Objects.equals(" + a + ", " + b + ")";
            }
            w.line("if (!(%s)) {", same);
            w.line("return false;");
            w.line("}");
        }
        w.line("return unknownTaggedFields().equals(other.unknownTaggedFields());");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public int hashCode() {");
        w.line("int h = 0;");
        for (FieldSpec f : fields) {
            String hash = f.javaType().equals("byte[]") ? "java.util.Arrays.hashCode(" + f.camelName() + ")"
                    : "java.util.Objects.hashCode(" + f.camelName() + ")";
            w.line("h = 31 * h + %s;", hash);
        }
        w.line("return h;");
        w.line("}");
        w.blank();
        w.line("@Override");
        w.line("public String toString() {");
        StringBuilder s = new StringBuilder("return \"" + name + "(\"");
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            String value = switch (f.javaType()) {
                case "byte[]", "java.nio.ByteBuffer", "io.tributary.protocol.Records" ->
                        "WireSizes.describe(" + f.camelName() + ")";
                default -> f.camelName();
            };
            s.append("\n        + \"").append(i == 0 ? "" : ", ").append(f.camelName()).append("=\" + ").append(value);
        }
        s.append("\n        + \")\";");
        w.line(s.toString());
        w.line("}");
    }

    private static boolean isJavaPrimitive(String type) {
        return switch (type) {
            case "boolean", "byte", "short", "int", "long", "double" -> true;
            default -> false;
        };
    }

    private static void openIf(CodeWriter w, String cond) {
        if (!cond.equals("true")) {
            w.line("if (%s) {", cond);
        }
    }

    private static void closeIf(CodeWriter w, String cond) {
        if (!cond.equals("true")) {
            w.line("}");
        }
    }
}
