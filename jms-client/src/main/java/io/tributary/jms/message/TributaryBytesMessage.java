package io.tributary.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A message whose body is a stream of bytes written and read in {@link java.io.DataOutput}'s formats; the record
 * value is exactly those bytes. Write-only until {@link #reset()} (or receipt), then read-only.
 */
public final class TributaryBytesMessage extends TributaryMessage implements BytesMessage {

    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(written);
    private byte[] body = new byte[0];
    private DataInputStream in;

    @Override
    public BodyType bodyType() {
        return BodyType.BYTES;
    }

    @Override
    public byte[] encodeBody() {
        return isBodyReadOnly() ? body.clone() : written.toByteArray();
    }

    @Override
    void decodeBody(byte[] value) {
        body = value == null ? new byte[0] : value;
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
    }

    @Override
    void onReceived() {
        in = new DataInputStream(new ByteArrayInputStream(body));
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return body.length;
    }

    @Override
    public void reset() {
        if (!isBodyReadOnly()) {
            body = written.toByteArray();
            setBodyReadOnly(true);
        }
        in = new DataInputStream(new ByteArrayInputStream(body));
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        body = new byte[0];
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
        in = null;
    }

    @Override
    Object bodyOrNull() {
        byte[] bytes = isBodyReadOnly() ? body : written.toByteArray();
        return bytes.length == 0 ? null : bytes.clone();
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    private <T> T read(Read<T> r) throws JMSException {
        checkReadable();
        try {
            in.mark(Integer.MAX_VALUE);
            return r.read();
        } catch (EOFException e) {
            resetToMark();
            throw new MessageEOFException("the end of the message body was reached");
        } catch (IOException e) {
            resetToMark();
            MessageFormatException f = new MessageFormatException("cannot read the body: " + e.getMessage());
            f.setLinkedException(e);
            throw f;
        }
    }

    private void resetToMark() {
        try {
            in.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Write {
        void write() throws IOException;
    }

    private void write(Write w) throws JMSException {
        checkWritable();
        try {
            w.write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return read(() -> in.readBoolean());
    }

    @Override
    public byte readByte() throws JMSException {
        return read(() -> in.readByte());
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return read(() -> in.readUnsignedByte());
    }

    @Override
    public short readShort() throws JMSException {
        return read(() -> in.readShort());
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return read(() -> in.readUnsignedShort());
    }

    @Override
    public char readChar() throws JMSException {
        return read(() -> in.readChar());
    }

    @Override
    public int readInt() throws JMSException {
        return read(() -> in.readInt());
    }

    @Override
    public long readLong() throws JMSException {
        return read(() -> in.readLong());
    }

    @Override
    public float readFloat() throws JMSException {
        return read(() -> in.readFloat());
    }

    @Override
    public double readDouble() throws JMSException {
        return read(() -> in.readDouble());
    }

    @Override
    public String readUTF() throws JMSException {
        return read(() -> in.readUTF());
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " for an array of " + value.length);
        }
        return read(() -> {
            int n = in.read(value, 0, length);
            return n <= 0 && length > 0 ? -1 : Math.max(n, 0);
        });
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(() -> out.writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(() -> out.writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(() -> out.writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(() -> out.writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(() -> out.writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(() -> out.writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(() -> out.writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(() -> out.writeDouble(value));
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        write(() -> out.writeUTF(value));
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(() -> out.write(value));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        write(() -> out.write(value, offset, length));
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("writeObject(null)");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("cannot write a " + value.getClass().getName());
        }
    }
}
