package io.tributary.protocol.generator;

import java.util.List;

/**
 * One field of a message or struct, as declared in a JSON message spec.
 *
 * @param fields       the fields of the struct this field declares inline (array of structs or struct), else empty
 * @param tag          the tag of a tagged field, else null
 * @param defaultValue the spec's {@code default} text, else null
 * @param flexibleVersions a field-level override of the message's flexible versions (strings only), else null
 */
public record FieldSpec(String name,
                 FieldType type,
                 Versions versions,
                 Versions nullableVersions,
                 Versions taggedVersions,
                 Integer tag,
                 String defaultValue,
                 boolean ignorable,
                 boolean zeroCopy,
                 Versions flexibleVersions,
                 List<FieldSpec> fields) {

    public boolean isTagged() {
        return tag != null;
    }

    /** The Java name of the member and getter: the spec name with its first letter lower-cased. */
    public String camelName() {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    public String setterName() {
        return "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The struct type this field is of or holds, or null for primitives and arrays of primitives. */
    public FieldType.Struct structType() {
        if (type instanceof FieldType.Struct s) {
            return s;
        }
        if (type instanceof FieldType.Array a && a.element() instanceof FieldType.Struct s) {
            return s;
        }
        return null;
    }

    String javaType() {
        if (type == FieldType.Primitive.BYTES && zeroCopy) {
            return "java.nio.ByteBuffer";
        }
        return type.javaType();
    }
}
