package io.tributary.protocol.generator;

/**
 * The type of a field as the specs spell it: a primitive ({@code int32}, {@code string}, ...), an array
 * ({@code []Foo}, {@code []int32}) or a struct (any other name).
 */
public sealed interface FieldType {

    /** The Java type a generated class stores the field in. */
    String javaType();

    /** A primitive wire type. */
    enum Primitive implements FieldType {
        BOOL("boolean", "Boolean", 1),
        INT8("byte", "Byte", 1),
        INT16("short", "Short", 2),
        UINT16("int", "Integer", 2),
        INT32("int", "Integer", 4),
        UINT32("long", "Long", 4),
        INT64("long", "Long", 8),
        FLOAT64("double", "Double", 8),
        UUID("java.util.UUID", "java.util.UUID", 16),
        STRING("String", "String", -1),
        BYTES("byte[]", "byte[]", -1),
        /** A record set, carried by reference ({@code io.tributary.protocol.Records}): never copied when encoded as chunks. */
        RECORDS("io.tributary.protocol.Records", "io.tributary.protocol.Records", -1);

        private final String javaType;
        private final String boxedType;
        /** Encoded size in bytes for fixed-size types, -1 for variable-length ones. */
        final int fixedSize;

        Primitive(String javaType, String boxedType, int fixedSize) {
            this.javaType = javaType;
            this.boxedType = boxedType;
            this.fixedSize = fixedSize;
        }

        @Override
        public String javaType() {
            return javaType;
        }

        String boxedType() {
            return boxedType;
        }

        /** The name used in reader/writer method names, e.g. {@code Int32}. */
        String wireName() {
            return switch (this) {
                case BOOL -> "Boolean";
                case INT8 -> "Int8";
                case INT16 -> "Int16";
                case UINT16 -> "Uint16";
                case INT32 -> "Int32";
                case UINT32 -> "Uint32";
                case INT64 -> "Int64";
                case FLOAT64 -> "Float64";
                case UUID -> "Uuid";
                case STRING -> "String";
                case BYTES -> "Bytes";
                case RECORDS -> "Records";
            };
        }

        boolean isNumeric() {
            return this != BOOL && this != UUID && fixedSize > 0;
        }
    }

    /** An array of primitives or structs. */
    record Array(FieldType element) implements FieldType {
        @Override
        public String javaType() {
            String e = element instanceof Primitive p ? p.boxedType() : element.javaType();
            return "java.util.List<" + e + ">";
        }
    }

    /** A struct, generated as a nested class named {@code name}. */
    record Struct(String name) implements FieldType {
        @Override
        public String javaType() {
            return name;
        }
    }

    static FieldType parse(String text) {
        if (text.startsWith("[]")) {
            return new Array(parse(text.substring(2)));
        }
        return switch (text) {
            case "bool" -> Primitive.BOOL;
            case "int8" -> Primitive.INT8;
            case "int16" -> Primitive.INT16;
            case "uint16" -> Primitive.UINT16;
            case "int32" -> Primitive.INT32;
            case "uint32" -> Primitive.UINT32;
            case "int64" -> Primitive.INT64;
            case "float64" -> Primitive.FLOAT64;
            case "uuid" -> Primitive.UUID;
            case "string" -> Primitive.STRING;
            case "bytes" -> Primitive.BYTES;
            case "records" -> Primitive.RECORDS;
            default -> {
                if (!Character.isUpperCase(text.charAt(0))) {
                    throw new IllegalArgumentException("unknown field type " + text);
                }
                yield new Struct(text);
            }
        };
    }
}
