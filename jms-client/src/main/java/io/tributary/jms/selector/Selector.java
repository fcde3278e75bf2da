package io.tributary.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.function.Function;

/**
 * A JMS message selector (Jakarta Messaging 3.1, section 3.8.1): the SQL-92 conditional expression subset over
 * message header fields and properties, parsed once and evaluated per message with SQL's three-valued logic (a
 * message is selected only when the expression is TRUE; UNKNOWN and FALSE both deselect).
 *
 * <p>Placeholder: every message matches. The parser and evaluator replace this body, keeping the signatures.
 */
public final class Selector {

    private static final Selector ALL = new Selector(null);

    private final String expression;

    private Selector(String expression) {
        this.expression = expression;
    }

    /**
     * Parses {@code expression}; null or blank selects every message.
     *
     * @throws InvalidSelectorException naming what is wrong and where
     */
    public static Selector parse(String expression) throws InvalidSelectorException {
        return expression == null || expression.isBlank() ? ALL : new Selector(expression);
    }

    /** The expression as given, or null for "every message". */
    public String expression() {
        return expression;
    }

    /**
     * Whether a message is selected. {@code identifiers} answers an identifier's value — a property (String, Boolean,
     * Byte, Short, Integer, Long, Float, Double) or a header field selectors may name (JMSDeliveryMode as "PERSISTENT"
     * or "NON_PERSISTENT", JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType) — or null when the
     * message has none.
     */
    public boolean matches(Function<String, Object> identifiers) {
        return true;
    }
}
