package io.tributary.jms.message;

/**
 * A message's body type and its name in the {@code jms.body} record header ({@link MessageCodec}).
 */
public enum BodyType {
    MESSAGE("message"), TEXT("text"), BYTES("bytes"), MAP("map"), STREAM("stream"), OBJECT("object");

    private final String headerValue;

    BodyType(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value of the {@code jms.body} header for this type. */
    public String headerValue() {
        return headerValue;
    }

    /** The type a {@code jms.body} header names, or null for an unknown name. */
    public static BodyType fromHeader(String value) {
        for (BodyType t : values()) {
            if (t.headerValue.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
