package io.tributary.jms;

import jakarta.jms.DeliveryMode;
import io.tributary.jms.message.TributaryMessage;
import java.util.function.Function;

/** What a message selector's identifiers name: the message's properties and the header fields selectors may use. */
final class SelectorIdentifiers implements Function<String, Object> {

    private final TributaryMessage message;

    SelectorIdentifiers(TributaryMessage message) {
        this.message = message;
    }

    @Override
    public Object apply(String name) {
        return switch (name) {
            case "JMSDeliveryMode" -> message.getJMSDeliveryMode() == DeliveryMode.PERSISTENT ? "PERSISTENT"
                    : "NON_PERSISTENT";
            case "JMSPriority" -> message.getJMSPriority();
            case "JMSMessageID" -> message.getJMSMessageID();
            case "JMSTimestamp" -> message.getJMSTimestamp();
            case "JMSCorrelationID" -> message.getJMSCorrelationID();
            case "JMSType" -> message.getJMSType();
            default -> message.properties().get(name);
        };
    }
}
