package io.tributary.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.function.Function;

/**
 * A JMS message selector (Jakarta Messaging 3.1, section 3.8.1): the SQL-92 conditional expression subset over
 * message header fields and properties, parsed once and evaluated per message with SQL's three-valued logic (a
 * message is selected only when the expression is TRUE; UNKNOWN and FALSE both deselect).
 *
 * <p>Parsing ({@link Lexer}, {@link Parser}) checks syntax and what can be known without a message — operand kinds,
 * literal ranges, LIKE patterns — and builds an {@link Expr} tree; evaluation walks that tree without compiling or
 * throwing anything. Instances are immutable and safe to share between threads.
 */
public final class Selector {

    private static final Selector ALL = new Selector(null, null);

    private final String expression;
    private final Expr root;

    private Selector(String expression, Expr root) {
        this.expression = expression;
        this.root = root;
    }

    /**
     * Parses {@code expression}; null or blank selects every message.
     *
     * @throws InvalidSelectorException naming what is wrong and where
     */
    public static Selector parse(String expression) throws InvalidSelectorException {
        if (expression == null || expression.isBlank()) {
            return ALL;
        }
        return new Selector(expression, Parser.parse(expression));
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
        return root == null || Boolean.TRUE.equals(root.evaluate(identifiers));
    }

    @Override
    public String toString() {
        return expression == null ? "Selector[every message]" : "Selector[" + expression + "]";
    }
}
