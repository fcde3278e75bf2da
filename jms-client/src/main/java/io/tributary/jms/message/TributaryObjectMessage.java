package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * A message whose body is a Serializable object, carried as its Java serialization bytes. The object is serialized
 * when set (later changes to it are not sent) and deserialized on each {@link #getObject()} — only classes
 * {@link TrustedClasses} allows; any other class in the stream is a {@link MessageFormatException}.
 */
public final class TributaryObjectMessage extends TributaryMessage implements ObjectMessage {

    private byte[] serialized;
    private TrustedClasses trusted = TrustedClasses.defaults();

    /** The classes {@link #getObject()} may deserialize (set by the receiving connection). */
    public void trust(TrustedClasses trusted) {
        this.trusted = trusted;
    }

    @Override
    public BodyType bodyType() {
        return BodyType.OBJECT;
    }

    @Override
    public byte[] encodeBody() {
        return serialized;
    }

    @Override
    void decodeBody(byte[] value) {
        serialized = value == null || value.length == 0 ? null : value;
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkWritable();
        if (object == null) {
            serialized = null;
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException f = new MessageFormatException("cannot serialize the object: " + e);
            f.setLinkedException(e);
            throw f;
        }
        serialized = bytes.toByteArray();
    }

    @Override
    public Serializable getObject() throws JMSException {
        if (serialized == null) {
            return null;
        }
        try (ObjectInputStream in = new TrustingInputStream(new ByteArrayInputStream(serialized), trusted)) {
            return (Serializable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            MessageFormatException f = new MessageFormatException("cannot deserialize the object: " + e);
            f.setLinkedException(e);
            throw f;
        }
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        serialized = null;
    }

    @Override
    Object bodyOrNull() throws JMSException {
        return getObject();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        if (serialized == null) {
            return true;
        }
        return Serializable.class == c || Object.class == c || c.isInstance(getObject());
    }

    /** Resolves only trusted classes. */
    private static final class TrustingInputStream extends ObjectInputStream {
        private final TrustedClasses trusted;

        TrustingInputStream(InputStream in, TrustedClasses trusted) throws IOException {
            super(in);
            this.trusted = trusted;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (!trusted.allows(desc.getName())) {
                throw new InvalidClassException(desc.getName(), "not in a trusted package " + trusted.packages());
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            for (String i : interfaces) {
                if (!trusted.allows(i)) {
                    throw new InvalidClassException(i, "not in a trusted package " + trusted.packages());
                }
            }
            return super.resolveProxyClass(interfaces);
        }
    }
}
