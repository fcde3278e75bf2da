package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A message whose body is a sequence of primitive values, Strings and byte arrays ({@link TypedValues}), read back
 * in order with the conversions of section 3.11.3. A read that fails with a conversion error leaves the position
 * where it was; a byte array is read in pieces by successive {@link #readBytes} calls, the one after its last
 * byte returning -1.
 */
public final class TributaryStreamMessage extends TributaryMessage implements StreamMessage {

    private List<Object> items = new ArrayList<>();
    private int position;
    /** Bytes of the byte[] item at {@link #position} already returned by readBytes; -1 when none is in progress. */
    private int bytesRead = -1;

    @Override
    public BodyType bodyType() {
        return BodyType.STREAM;
    }

    @Override
    public byte[] encodeBody() {
        return TypedValues.encodeStream(items);
    }

    @Override
    void decodeBody(byte[] value) throws JMSException {
        items = TypedValues.decodeStream(value);
    }

    @Override
    void onReceived() {
        position = 0;
        bytesRead = -1;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        items = new ArrayList<>();
        position = 0;
        bytesRead = -1;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("a StreamMessage body cannot be returned by getBody");
    }

    @Override
    public void reset() {
        setBodyReadOnly(true);
        position = 0;
        bytesRead = -1;
    }

    private interface Conversion<T> {
        T convert(Object v) throws JMSException;
    }

    private <T> T next(Conversion<T> conversion) throws JMSException {
        checkReadable();
        if (bytesRead >= 0) {
            if (bytesRead < ((byte[]) items.get(position)).length) {
                throw new MessageFormatException("a byte array is being read with readBytes");
            }
            // the array was read to its end, its closing -1 not asked for: the next field is read
            position++;
            bytesRead = -1;
        }
        if (position >= items.size()) {
            throw new MessageEOFException("the end of the stream was reached");
        }
        T value = conversion.convert(items.get(position));
        position++;
        return value;
    }

    private void add(Object value) throws JMSException {
        checkWritable();
        items.add(value);
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return next(ValueConversions::toBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return next(ValueConversions::toByte);
    }

    @Override
    public short readShort() throws JMSException {
        return next(ValueConversions::toShort);
    }

    @Override
    public char readChar() throws JMSException {
        return next(ValueConversions::toChar);
    }

    @Override
    public int readInt() throws JMSException {
        return next(ValueConversions::toInt);
    }

    @Override
    public long readLong() throws JMSException {
        return next(ValueConversions::toLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return next(ValueConversions::toFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return next(ValueConversions::toDouble);
    }

    @Override
    public String readString() throws JMSException {
        return next(ValueConversions::toText);
    }

    @Override
    public Object readObject() throws JMSException {
        return next(v -> v instanceof byte[] b ? b.clone() : v);
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        checkReadable();
        if (position >= items.size()) {
            throw new MessageEOFException("the end of the stream was reached");
        }
        Object item = items.get(position);
        if (item == null) {
            position++;
            return -1;
        }
        if (!(item instanceof byte[] bytes)) {
            throw new MessageFormatException("a " + item.getClass().getSimpleName() + " cannot be read as byte[]");
        }
        if (bytesRead >= bytes.length) {
            position++;
            bytesRead = -1;
            return -1;
        }
        int done = Math.max(bytesRead, 0);
        int n = Math.min(value.length, bytes.length - done);
        System.arraycopy(bytes, done, value, 0, n);
        // the array stays the current field until a readBytes returns -1 for it (StreamMessage.readBytes: "if
        // there are no more bytes to be read, this call returns -1"), or another read method moves past it
        bytesRead = done + n;
        return n;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        byte[] part = new byte[length];
        System.arraycopy(value, offset, part, 0, length);
        add(part);
    }

    @Override
    public void writeObject(Object value) throws JMSException {
        if (!ValueConversions.isBodyValue(value)) {
            throw new MessageFormatException("a stream item cannot be a " + value.getClass().getName());
        }
        add(value instanceof byte[] b ? b.clone() : value);
    }
}
