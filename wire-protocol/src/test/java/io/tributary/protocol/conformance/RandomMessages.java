package io.tributary.protocol.conformance;

import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.generator.FieldSpec;
import io.tributary.protocol.generator.FieldType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Fills a generated message object (ours or kafka-clients') with random values for one version, through its
 * setters, driven by the message spec: every field present in the version gets a value (null sometimes where
 * the version allows it), arrays get 0-2 elements, numbers span their whole range, strings include multi-byte
 * characters.
 */
final class RandomMessages {

    private static final String ALPHABET = "abcXYZ019._-é€😀";

    private final StructLayout layout;
    private final Class<?> messageClass;
    private final short version;
    private final Random random;
    private final boolean kafka;

    RandomMessages(StructLayout layout, Class<?> messageClass, short version, Random random) {
        this.layout = layout;
        this.messageClass = messageClass;
        this.version = version;
        this.random = random;
        this.kafka = messageClass.getName().startsWith("org.apache.kafka");
    }

    Object newMessage() {
        return fill(instantiate(messageClass), layout.spec().fields());
    }

    private Object fill(Object target, List<FieldSpec> fields) {
        for (FieldSpec f : fields) {
            if (!f.versions().contains(version)) {
                continue;
            }
            Method setter = setter(target.getClass(), f.setterName());
            boolean nullable = f.nullableVersions().contains(version);
            Object value = nullable && random.nextInt(6) == 0 ? null : value(f, f.type(), setter.getParameterTypes()[0]);
            try {
                setter.invoke(target, value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot set " + f.name() + " on " + target.getClass(), e);
            }
        }
        if (kafka && layout.spec().flexibleVersions().contains(version) && random.nextInt(4) == 0) {
            addUnknownTaggedFields((org.apache.kafka.common.protocol.Message) target, fields);
        }
        return target;
    }

    /**
     * Tagged fields from a newer peer: tags this spec does not define, ascending, interleaved with the known ones.
     * Our decoder must keep them and write them back where they were.
     */
    private void addUnknownTaggedFields(org.apache.kafka.common.protocol.Message target, List<FieldSpec> fields) {
        java.util.Set<Integer> known = new java.util.HashSet<>();
        for (FieldSpec f : fields) {
            if (f.isTagged()) {
                known.add(f.tag());
            }
        }
        int tag = random.nextInt(3);
        for (int n = 1 + random.nextInt(2); n > 0; n--) {
            while (known.contains(tag)) {
                tag++;
            }
            target.unknownTaggedFields().add(new org.apache.kafka.common.protocol.types.RawTaggedField(tag, bytes()));
            tag += 1 + random.nextInt(200);
        }
    }

    private Object value(FieldSpec field, FieldType type, Class<?> javaType) {
        if (type instanceof FieldType.Array array) {
            @SuppressWarnings("unchecked")
            Collection<Object> collection = javaType.isInterface()
                    ? new ArrayList<>() : (Collection<Object>) instantiate(javaType);
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                collection.add(value(field, array.element(), null));
            }
            return collection;
        }
        if (type instanceof FieldType.Struct struct) {
            Class<?> structClass = StructLayout.nestedClass(messageClass, struct.name());
            return fill(instantiate(structClass), layout.fieldsOf(struct.name()));
        }
        return switch ((FieldType.Primitive) type) {
            case BOOL -> random.nextBoolean();
            case INT8 -> (byte) random.nextInt();
            case INT16 -> (short) random.nextInt();
            case UINT16 -> random.nextInt(65536);
            case INT32 -> random.nextInt();
            case UINT32 -> random.nextLong() & 0xffffffffL;
            case INT64 -> random.nextLong();
            case FLOAT64 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20));
            case UUID -> kafka ? new Uuid(random.nextLong(), random.nextLong())
                    : new UUID(random.nextLong(), random.nextLong());
            case STRING -> string();
            case BYTES -> javaType == ByteBuffer.class ? ByteBuffer.wrap(bytes()) : bytes();
            case RECORDS -> kafka ? MemoryRecords.readableRecords(ByteBuffer.wrap(bytes())) : new HeapRecords(ByteBuffer.wrap(bytes()));
        };
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                    random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return s.toString();
    }

    private byte[] bytes() {
        byte[] b = new byte[random.nextInt(12)];
        random.nextBytes(b);
        return b;
    }

    private static Method setter(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new IllegalStateException(type.getName() + " has no setter " + name);
    }

    private static Object instantiate(Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + type, e);
        }
    }
}
