package io.tributary.jms.selector;

/**
 * The comparison operators {@code = <> < <= > >=}. Numbers compare after Java's numeric promotion (long with long,
 * otherwise double, so NaN equals nothing); strings and booleans only with {@code =} and {@code <>}.
 */
enum ComparisonOperator {
    EQUAL("="),
    NOT_EQUAL("<>"),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** Whether this operator orders its operands, and so applies to numbers only. */
    boolean orders() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    boolean test(long left, long right) {
        return switch (this) {
            case EQUAL -> left == right;
            case NOT_EQUAL -> left != right;
            case LESS -> left < right;
            case LESS_OR_EQUAL -> left <= right;
            case GREATER -> left > right;
            case GREATER_OR_EQUAL -> left >= right;
        };
    }

    boolean test(double left, double right) {
        return switch (this) {
            case EQUAL -> left == right;
            case NOT_EQUAL -> left != right;
            case LESS -> left < right;
            case LESS_OR_EQUAL -> left <= right;
            case GREATER -> left > right;
            case GREATER_OR_EQUAL -> left >= right;
        };
    }

    /** {@code =} or {@code <>} on two equal-typed non-numeric values that are {@code equal} or not. */
    boolean testEquality(boolean equal) {
        return this == EQUAL ? equal : !equal;
    }

    /** The operator as written. */
    String symbol() {
        return symbol;
    }
}
