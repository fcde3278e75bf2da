package io.tributary.protocol.generator;

import io.tributary.protocol.generator.FieldType.Array;
import io.tributary.protocol.generator.FieldType.Primitive;
import io.tributary.protocol.generator.FieldType.Struct;

/**
 * Emits the read, write and size code of one field. Every emitted statement runs inside a method with a
 * {@code short version} parameter; version tests are simplified against {@code scope}, the versions the
 * message itself supports.
 */
final class FieldCodec {

    private final FieldSpec field;
    private final Versions scope;
    private final Versions messageFlexible;

    FieldCodec(FieldSpec field, Versions scope, Versions messageFlexible) {
        this.field = field;
        this.scope = scope;
        this.messageFlexible = messageFlexible;
    }

    /** The versions in which the field is present on the wire (tagged or not). */
    String presentCondition() {
        return field.versions().condition(scope);
    }

    /** Versions in which the field is written in the tagged-field section. */
    String taggedCondition() {
        return field.versions().intersect(field.taggedVersions()).condition(scope);
    }

    /** Versions in which the field is a regular (untagged) field. */
    String untaggedCondition() {
        if (!field.isTagged()) {
            return presentCondition();
        }
        // Tagged versions are open-ended, so the untagged versions are those before them.
        Versions untagged = new Versions(field.versions().lowest(), (short) (field.taggedVersions().lowest() - 1));
        return field.versions().intersect(untagged).condition(scope);
    }

    private String compact() {
        Versions flexible = field.flexibleVersions() != null ? field.flexibleVersions() : messageFlexible;
        return flexible.condition(scope);
    }

    private String nullable() {
        return field.nullableVersions().condition(scope);
    }

    private String member() {
        return "this." + field.camelName();
    }

    // ---------------------------------------------------------------- read

    /** Statements assigning the field from {@code reader}. */
    void emitRead(CodeWriter w, String reader) {
        String m = member();
        if (field.type() instanceof Array array) {
            w.line("{");
            w.line("int length = %s.readArrayLength(%s, %s, \"%s\");", reader, compact(), nullable(), field.name());
            w.line("if (length < 0) {");
            w.line("%s = null;", m);
            w.line("} else {");
            w.line("java.util.ArrayList<%s> list = new java.util.ArrayList<>(length);", elementJavaType(array));
            w.line("for (int i = 0; i < length; i++) {");
            w.line("list.add(%s);", readValue(array.element(), reader, "false"));
            w.line("}");
            w.line("%s = list;", m);
            w.line("}");
            w.line("}");
        } else if (field.type() instanceof Struct struct) {
            String nullable = nullable();
            if (nullable.equals("false")) {
                w.line("%s = new %s(%s, version);", m, struct.name(), reader);
            } else {
                w.line("if (%s && %s.readInt8() < 0) {", nullable, reader);
                w.line("%s = null;", m);
                w.line("} else {");
                w.line("%s = new %s(%s, version);", m, struct.name(), reader);
                w.line("}");
            }
        } else {
            w.line("%s = %s;", m, readValue(field.type(), reader, nullable()));
        }
    }

    private String readValue(FieldType type, String reader, String nullable) {
        if (type instanceof Struct s) {
            return "new " + s.name() + "(" + reader + ", version)";
        }
        Primitive p = (Primitive) type;
        String name = "\"" + field.name() + "\"";
        return switch (p) {
            case STRING -> reader + ".readString(" + compact() + ", " + nullable + ", " + name + ")";
            case BYTES -> field.zeroCopy()
                    ? reader + ".readBytesSlice(" + compact() + ", " + nullable + ", " + name + ")"
                    : reader + ".readBytes(" + compact() + ", " + nullable + ", " + name + ")";
            case RECORDS -> reader + ".readRecords(" + compact() + ", " + nullable + ", " + name + ")";
            default -> reader + ".read" + p.wireName() + "()";
        };
    }

    // ---------------------------------------------------------------- write

    /** Statements writing the field's value (no tag header) to {@code writer}. */
    void emitWrite(CodeWriter w, String writer) {
        String m = member();
        String nullable = nullable();
        if (!isPrimitiveNumeric(field.type()) && !nullable.equals("true")) {
            w.line("ProtocolWriter.checkNotNull(%s, %s, \"%s\");", m, nullable, field.name());
        }
        if (field.type() instanceof Array array) {
            w.line("%s.writeArrayLength(%s == null ? -1 : %s.size(), %s);", writer, m, m, compact());
            w.line("if (%s != null) {", m);
            w.line("for (%s element : %s) {", elementJavaType(array), m);
            emitWriteValue(w, writer, array.element(), "element");
            w.line("}");
            w.line("}");
        } else if (field.type() instanceof Struct) {
            if (nullable.equals("false")) {
                w.line("%s.write(%s, version);", m, writer);
            } else {
                w.line("if (%s == null) {", m);
                w.line("%s.writeInt8((byte) -1);", writer);
                w.line("} else {");
                w.line("if (%s) {", nullable);
                w.line("%s.writeInt8((byte) 1);", writer);
                w.line("}");
                w.line("%s.write(%s, version);", m, writer);
                w.line("}");
            }
        } else {
            emitWriteValue(w, writer, field.type(), m);
        }
    }

    private void emitWriteValue(CodeWriter w, String writer, FieldType type, String value) {
        if (type instanceof Struct) {
            w.line("%s.write(%s, version);", value, writer);
            return;
        }
        Primitive p = (Primitive) type;
        switch (p) {
            case STRING, BYTES, RECORDS -> w.line("%s.write%s(%s, %s);", writer, p.wireName(), value, compact());
            default -> w.line("%s.write%s(%s);", writer, p.wireName(), value);
        }
    }

    // ---------------------------------------------------------------- size

    /** An int expression: the encoded size of the field's value (no tag header). */
    String sizeExpression() {
        String m = member();
        if (field.type() instanceof Array array) {
            String header = "WireSizes.arrayLength(" + m + " == null ? -1 : " + m + ".size(), " + compact() + ")";
            if (array.element() instanceof Primitive p && p.fixedSize > 0) {
                return "(" + header + " + (" + m + " == null ? 0 : " + m + ".size() * " + p.fixedSize + "))";
            }
            return "(" + header + " + elementsSize" + field.name() + "(version))";
        }
        if (field.type() instanceof Struct) {
            String nullable = nullable();
            String prefix = nullable.equals("false") ? "0" : "(" + nullable + " ? 1 : 0)";
            return "(" + prefix + " + (" + m + " == null ? 0 : " + m + ".size(version)))";
        }
        return valueSize((Primitive) field.type(), m);
    }

    private String valueSize(Primitive p, String value) {
        return switch (p) {
            case STRING -> "WireSizes.string(" + value + ", " + compact() + ")";
            case BYTES -> "WireSizes.bytes(" + value + ", " + compact() + ")";
            case RECORDS -> "WireSizes.records(" + value + ", " + compact() + ")";
            default -> String.valueOf(p.fixedSize);
        };
    }

    /** True when the size of an array field needs a helper method summing its elements. */
    boolean needsElementsSizeMethod() {
        return field.type() instanceof Array array
                && !(array.element() instanceof Primitive p && p.fixedSize > 0);
    }

    void emitElementsSizeMethod(CodeWriter w) {
        Array array = (Array) field.type();
        String m = member();
        w.line("private int elementsSize%s(short version) {", field.name());
        w.line("if (%s == null) {", m);
        w.line("return 0;");
        w.line("}");
        w.line("int size = 0;");
        w.line("for (%s element : %s) {", elementJavaType(array), m);
        if (array.element() instanceof Struct) {
            w.line("size += element.size(version);");
        } else {
            w.line("size += %s;", valueSize((Primitive) array.element(), "element"));
        }
        w.line("}");
        w.line("return size;");
        w.line("}");
    }

    // ---------------------------------------------------------------- defaults

    /** A Java expression for the field's default value. */
    String defaultExpression() {
        String d = field.defaultValue();
        FieldType type = field.type();
        if (type instanceof Array) {
            return "null".equals(d) ? "null" : "new java.util.ArrayList<>(0)";
        }
        if (type instanceof Struct s) {
            return "null".equals(d) ? "null" : "new " + s.name() + "()";
        }
        Primitive p = (Primitive) type;
        return switch (p) {
            case BOOL -> d == null || d.isEmpty() ? "false" : String.valueOf(Boolean.parseBoolean(d));
            case INT8 -> "(byte) " + integer(d);
            case INT16 -> "(short) " + integer(d);
            case UINT16, INT32 -> String.valueOf(integer(d));
            case UINT32, INT64 -> integer(d) + "L";
            case FLOAT64 -> d == null || d.isEmpty() ? "0.0" : String.valueOf(Double.parseDouble(d));
            case UUID -> "Message.ZERO_UUID";
            case STRING -> d == null ? "\"\"" : d.equals("null") ? "null" : "\"" + escape(d) + "\"";
            case BYTES -> "null".equals(d) ? "null"
                    : field.zeroCopy() ? "java.nio.ByteBuffer.allocate(0)" : "Message.EMPTY_BYTES";
            case RECORDS -> "null";
        };
    }

    /** A boolean expression: the field differs from its default, so a tagged field must be written. */
    String differsFromDefault() {
        String m = member();
        FieldType type = field.type();
        String d = field.defaultValue();
        if (type instanceof Array) {
            return "null".equals(d) ? m + " != null" : "(" + m + " == null || !" + m + ".isEmpty())";
        }
        if (type instanceof Struct) {
            return "null".equals(d) ? m + " != null" : "!" + defaultExpression() + ".equals(" + m + ")";
        }
        Primitive p = (Primitive) type;
        return switch (p) {
            case FLOAT64 -> "Double.compare(" + m + ", " + defaultExpression() + ") != 0";
            case UUID, STRING -> "!java.util.Objects.equals(" + m + ", " + defaultExpression() + ")";
            case BYTES -> "null".equals(d) ? m + " != null"
                    : "(" + m + " == null || WireSizes.length(" + m + ") != 0)";
            case RECORDS -> m + " != null";
            default -> m + " != " + defaultExpression();
        };
    }

    private static long integer(String d) {
        if (d == null || d.isEmpty()) {
            return 0;
        }
        String s = d.trim();
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        long v;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            v = Long.parseLong(s.substring(2), 16);
        } else if (s.length() > 1 && s.startsWith("0")) {
            v = Long.parseLong(s.substring(1), 8);
        } else {
            v = Long.parseLong(s);
        }
        return negative ? -v : v;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static String elementJavaType(Array array) {
        return array.element() instanceof Primitive p ? p.boxedType() : array.element().javaType();
    }

    private static boolean isPrimitiveNumeric(FieldType type) {
        return type instanceof Primitive p && (p.isNumeric() || p == Primitive.BOOL || p == Primitive.UUID);
    }
}
