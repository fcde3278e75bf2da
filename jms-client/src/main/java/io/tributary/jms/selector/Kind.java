package io.tributary.jms.selector;

/**
 * What an expression is known to yield before any message is seen, for the checks the parser makes (section 3.8.1.1
 * allows providers to reject at once what can never be valid, such as {@code 'abc' > 3} or {@code a + 1} as a whole
 * selector). An identifier's type depends on the message, so it is {@link #ANY}.
 */
enum Kind {
    BOOLEAN("a boolean"),
    NUMERIC("a number"),
    STRING("a string"),
    ANY("a value");

    private final String description;

    Kind(String description) {
        this.description = description;
    }

    /** Whether an expression of this kind may stand where {@code wanted} is required. */
    boolean fits(Kind wanted) {
        return this == ANY || this == wanted;
    }

    /** How the kind reads in an error message. */
    String description() {
        return description;
    }
}
