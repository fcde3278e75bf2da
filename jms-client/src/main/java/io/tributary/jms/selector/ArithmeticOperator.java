package io.tributary.jms.selector;

/**
 * The binary arithmetic operators. Two exact operands (Byte, Short, Integer, Long) are computed in {@code long}, as
 * Java does once either is a long — so {@code int} values never overflow at 32 bits here; anything with a Float or a
 * Double is computed in {@code double}. Dividing by zero, exactly or approximately, yields null (UNKNOWN) rather than
 * an exception or an infinity.
 */
enum ArithmeticOperator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** {@code left op right} in long arithmetic; null when dividing by zero. */
    Long apply(long left, long right) {
        return switch (this) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> right == 0 ? null : left / right;
        };
    }

    /** {@code left op right} in double arithmetic; null when dividing by zero. */
    Double apply(double left, double right) {
        return switch (this) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> right == 0 ? null : left / right;
        };
    }

    /** The operator as written. */
    String symbol() {
        return symbol;
    }
}
