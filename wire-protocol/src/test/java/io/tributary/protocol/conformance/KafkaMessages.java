package io.tributary.protocol.conformance;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;

/** kafka-clients' own serialization of its generated message classes: the reference we must match. */
public final class KafkaMessages {

    private KafkaMessages() {
    }

    static Class<?> messageClass(String className) {
        try {
            return Class.forName("org.apache.kafka.common.message." + className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ByteBuffer write(Object message, short version) {
        Message m = (Message) message;
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(m.size(cache, version));
        m.write(new ByteBufferAccessor(buffer), cache, version);
        return buffer.flip();
    }

    static Object read(Class<?> messageClass, ByteBuffer bytes, short version) {
        try {
            return messageClass.getConstructor(Readable.class, short.class)
                    .newInstance(new ByteBufferAccessor(bytes.duplicate()), version);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kafka-clients could not read " + messageClass.getSimpleName(), e);
        }
    }
}
