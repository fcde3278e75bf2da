package io.tributary.jms.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.InvalidSelectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Selectors rejected when presented, each with an InvalidSelectorException that says what is wrong and where. */
class InvalidSelectorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        // syntax
        "a +", "a = 1 AND", "(a = 1", "a = 1)", "a = 'abc", "a == 1", "a != 1", "a # 1", "a = b = c",
        "a = 1 b = 2", "TRUE FALSE", "a NOT NULL", "a IS NOT", "a IS 5", "NOT", "()", "a BETWEEN 1",
        "a BETWEEN 1 OR 2", "a IN ()", "a IN 'x'", "a IN ('x',)", "a IN (1, 2)", "a LIKE 5", "a LIKE b",
        "a LIKE 'x' ESCAPE", "a LIKE 'x' ESCAPE 'ab'", "a LIKE 'x' ESCAPE ''", "a NOT = 1",
        // NULL is no value, and reserved words are no identifiers
        "a = NULL", "NULL", "NULL IS NULL", "and = 1", "a = or", "between IS NULL", "escape = 'x'", "In = 1",
        "is = 1", "like = 'x'", "not = 1", "true = 1",
        // literals
        "a = 9223372036854775808", "a = -9223372036854775809", "a = 0x1FFFFFFFFFFFFFFFF", "a = 1e400",
        "a = 1e-400", "a = 09", "a = 0x", "a = 1_", "a = 1._5", "a = 1.5.5", "a = 0b2", "a = 1e", "a = 5AND b",
        // not a condition
        "a + 1", "'abc'", "5", "-a", "1.5", "(a * 2)",
        // operands of the wrong kind, decidable without a message
        "'abc' > 3", "'abc' = 3", "TRUE = 1", "TRUE > FALSE", "a > 'x'", "a <= TRUE", "a = TRUE + 1", "-'x' = a",
        "NOT 5", "a AND 5", "5 OR a", "'x' AND a", "a = 'x' OR 'y'", "(a > 1) = 1", "(a > 1) < 2",
        "a BETWEEN 'a' AND 'c'", "'a' BETWEEN 1 AND 2", "TRUE BETWEEN 1 AND 2",
        // IN, LIKE and IS NULL take an identifier
        "'x' IN ('x')", "a + 1 IN ('x')", "'abc' LIKE 'a%'", "1 IS NULL", "(a = 1) IS NULL",
        // LIKE patterns and escapes
        "a LIKE 'x!' ESCAPE '!'", "a LIKE '!a' ESCAPE '!'",
    })
    void selectorIsRejected(String selector) {
        assertThatThrownBy(() -> Selector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining(selector)
                .hasMessageContaining("at position");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a = 'abc           | 5  | unterminated string literal",
        "a + 1              | 1  | the selector must be a boolean, not a number",
        "'abc' > 3          | 1  | the left operand of > must be a number, not a string",
        "a = 1 AND 'x'      | 11 | the right operand of AND must be a boolean, not a string",
        "x = 1 AND and = 2  | 11 | expected a literal, an identifier or '(' but found 'and' (a reserved word",
        "a = NULL           | 5  | NULL is not a value",
        "a = 1 b            | 7  | expected an operator or the end of the selector but found 'b'",
        "(a = 1             | 7  | expected ')' but found the end of the selector",
        "'abc' = 3          | 1  | a string cannot be compared with a number",
        "a IN (1)           | 7  | expected a string literal in the IN list but found '1'",
        "a + 1 LIKE 'x'     | 1  | LIKE applies to an identifier only",
        "a LIKE '%!' ESCAPE '!' | 8 | the LIKE pattern ends with its escape character",
        "a = 9223372036854775808 | 5 | out of the range of a Java long",
        "a = 1e400          | 5  | too large",
        "a ~ 1              | 3  | unexpected character '~'",
    })
    void rejectionNamesTheProblemAndItsPosition(String selector, int position, String problem) {
        assertThatThrownBy(() -> Selector.parse(selector))
                .isInstanceOf(InvalidSelectorException.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("(at position " + position + ")");
    }

    @Test
    void longMinValueIsReadAsALiteralThoughItsMagnitudeIsNot() throws InvalidSelectorException {
        assertThat(Selector.parse("a = -9223372036854775808").matches(name -> Long.MIN_VALUE)).isTrue();
        assertThat(Selector.parse("a = -0x8000000000000000").matches(name -> Long.MIN_VALUE)).isTrue();
    }
}
