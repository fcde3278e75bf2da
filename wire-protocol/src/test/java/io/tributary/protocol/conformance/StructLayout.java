package io.tributary.protocol.conformance;

import io.tributary.protocol.generator.FieldSpec;
import io.tributary.protocol.generator.FieldType;
import io.tributary.protocol.generator.MessageSpec;
import io.tributary.protocol.generator.StructSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fields of every struct of one message spec, by struct name, for walking message objects reflectively. */
final class StructLayout {

    private final MessageSpec spec;
    private final Map<String, List<FieldSpec>> structs = new HashMap<>();

    StructLayout(MessageSpec spec) {
        this.spec = spec;
        for (StructSpec s : spec.commonStructs()) {
            structs.put(s.name(), s.fields());
        }
        collect(spec.fields());
    }

    private void collect(List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            FieldType.Struct s = f.structType();
            if (s != null && !f.fields().isEmpty()) {
                structs.putIfAbsent(s.name(), f.fields());
                collect(f.fields());
            }
        }
    }

    MessageSpec spec() {
        return spec;
    }

    List<FieldSpec> fieldsOf(String struct) {
        List<FieldSpec> fields = structs.get(struct);
        if (fields == null) {
            throw new IllegalArgumentException(spec.name() + " has no struct " + struct);
        }
        return fields;
    }

    /** The class of a struct: generated code (ours and Kafka's) nests every struct in the message class. */
    static Class<?> nestedClass(Class<?> messageClass, String struct) {
        try {
            return Class.forName(messageClass.getName() + "$" + struct, true, messageClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
