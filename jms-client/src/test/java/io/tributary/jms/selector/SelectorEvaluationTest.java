package io.tributary.jms.selector;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.InvalidSelectorException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The selector table {@code selector/cases.csv}: each expression against a message's properties yields TRUE, FALSE
 * or UNKNOWN. Through the public API the three are told apart by also evaluating {@code NOT (expression)}: TRUE
 * selects the expression, FALSE selects its negation, UNKNOWN selects neither (table 3-6).
 */
class SelectorEvaluationTest {

    enum Truth { TRUE, FALSE, UNKNOWN }

    @ParameterizedTest(name = "[{index}] {0}  with  {1}  is {2}")
    @CsvFileSource(resources = "/selector/cases.csv", delimiter = '|', quoteCharacter = '"')
    void expressionYieldsItsTruthValue(String selector, String properties, Truth expected)
            throws InvalidSelectorException {
        assertThat(evaluate(selector, PropertyTable.parse(properties))).isEqualTo(expected);
    }

    static Truth evaluate(String selector, Map<String, Object> properties) throws InvalidSelectorException {
        boolean selected = Selector.parse(selector).matches(properties::get);
        boolean negationSelected = Selector.parse("NOT (" + selector + ")").matches(properties::get);
        if (selected && negationSelected) {
            throw new AssertionError("both " + selector + " and its negation are TRUE");
        }
        return selected ? Truth.TRUE : negationSelected ? Truth.FALSE : Truth.UNKNOWN;
    }
}
