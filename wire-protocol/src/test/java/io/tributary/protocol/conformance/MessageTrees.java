package io.tributary.protocol.conformance;

import io.tributary.protocol.Records;
import io.tributary.protocol.generator.FieldSpec;
import io.tributary.protocol.generator.FieldType;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Turns a generated message object (ours or kafka-clients') into a plain tree of maps, lists and values, read
 * through its getters field by field as the spec lists them, so that two implementations compare for equality
 * on every field of every version, absent fields' defaults included.
 */
final class MessageTrees {

    private final StructLayout layout;

    MessageTrees(StructLayout layout) {
        this.layout = layout;
    }

    Map<String, Object> tree(Object message) {
        return struct(message, layout.spec().fields());
    }

    private Map<String, Object> struct(Object object, List<FieldSpec> fields) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (FieldSpec f : fields) {
            tree.put(f.name(), value(get(object, f.camelName()), f.type()));
        }
        return tree;
    }

    private Object value(Object value, FieldType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof FieldType.Array array) {
            List<Object> list = new ArrayList<>();
            for (Object e : (Collection<?>) value) {
                list.add(value(e, array.element()));
            }
            return list;
        }
        if (type instanceof FieldType.Struct struct) {
            return struct(value, layout.fieldsOf(struct.name()));
        }
        if (value instanceof Uuid u) {
            return new UUID(u.getMostSignificantBits(), u.getLeastSignificantBits());
        }
        if (value instanceof byte[] b) {
            return "bytes:" + HexFormat.of().formatHex(b);
        }
        if (value instanceof ByteBuffer b) {
            return "bytes:" + HexDump.of(b);
        }
        if (value instanceof MemoryRecords r) {
            return "bytes:" + HexDump.of(r.buffer());
        }
        if (value instanceof Records r) {
            ByteBuffer bytes = ByteBuffer.allocate(r.sizeInBytes());
            r.copyTo(bytes);
            return "bytes:" + HexDump.of(bytes.flip());
        }
        return value;
    }


    private static Object get(Object object, String getter) {
        try {
            Method m = object.getClass().getMethod(getter);
            return m.invoke(object);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(object.getClass().getName() + " has no getter " + getter, e);
        }
    }
}
