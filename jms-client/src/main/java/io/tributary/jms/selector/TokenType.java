package io.tributary.jms.selector;

/** The kinds of token a selector is made of. Keywords are recognised case-insensitively by {@link Lexer}. */
enum TokenType {
    IDENTIFIER,
    STRING,
    EXACT_NUMBER,
    APPROXIMATE_NUMBER,
    TRUE,
    FALSE,
    NULL,
    NOT,
    AND,
    OR,
    BETWEEN,
    LIKE,
    IN,
    IS,
    ESCAPE,
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL,
    PLUS,
    MINUS,
    TIMES,
    DIVIDE,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    END
}
