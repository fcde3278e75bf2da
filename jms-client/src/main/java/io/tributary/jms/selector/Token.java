package io.tributary.jms.selector;

/**
 * One token of a selector.
 *
 * @param type what it is
 * @param text the characters it was read from (for a string literal, with the quotes)
 * @param value a string literal's unquoted value; null for every other token
 * @param position its offset in the selector, from 0
 */
record Token(TokenType type, String text, String value, int position) {

    /** How the token reads in an error message. */
    String describe() {
        return type == TokenType.END ? "the end of the selector" : "'" + text + "'";
    }
}
