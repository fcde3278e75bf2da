package io.tributary.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/** A message whose body is a String, carried as its UTF-8 bytes (a null text as a null record value). */
public final class TributaryTextMessage extends TributaryMessage implements TextMessage {

    private String text;

    @Override
    public BodyType bodyType() {
        return BodyType.TEXT;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkWritable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public byte[] encodeBody() {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void decodeBody(byte[] value) {
        this.text = value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        text = null;
    }

    @Override
    Object bodyOrNull() {
        return text;
    }
}
