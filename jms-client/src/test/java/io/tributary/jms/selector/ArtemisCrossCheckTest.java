package io.tributary.jms.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.jms.selector.SelectorEvaluationTest.Truth;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.selector.filter.BooleanExpression;
import org.apache.activemq.artemis.selector.filter.FilterException;
import org.apache.activemq.artemis.selector.filter.Filterable;
import org.apache.activemq.artemis.selector.impl.SelectorParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Runs the selector table {@code selector/cases.csv} through Apache ActiveMQ Artemis's selector implementation: it
 * gives the table's answer, or the one the table's fourth column records (REJECTED where Artemis does not parse the
 * selector) together with the specification-based reason ours differs.
 */
class ArtemisCrossCheckTest {

    @ParameterizedTest(name = "[{index}] {0}  with  {1}")
    @CsvFileSource(resources = "/selector/cases.csv", delimiter = '|', quoteCharacter = '"')
    void artemisAgreesOrTheDifferenceIsRecorded(ArgumentsAccessor row) {
        String selector = row.getString(0);
        String properties = row.getString(1);
        Truth expected = row.get(2, Truth.class);
        String artemis = row.size() > 3 ? row.getString(3) : null;
        String recorded = artemis == null ? expected.name() : artemis.substring(0, artemis.indexOf(':')).strip();
        assertThat(artemisAnswer(selector, PropertyTable.parse(properties))).isEqualTo(recorded);
    }

    /** TRUE, FALSE or UNKNOWN, or REJECTED when Artemis does not parse the selector. */
    private static String artemisAnswer(String selector, Map<String, Object> properties) {
        try {
            return evaluate(selector, properties).name();
        } catch (FilterException e) {
            return "REJECTED";
        }
    }

    private static Truth evaluate(String selector, Map<String, Object> properties) throws FilterException {
        BooleanExpression expression = SelectorParser.parse(selector);
        Object value = expression.evaluate(new Filterable() {
            @Override
            public <T> T getBodyAs(Class<T> type) {
                return null;
            }

            @Override
            public Object getProperty(SimpleString name) {
                return properties.get(name.toString());
            }

            @Override
            public Object getLocalConnectionId() {
                return null;
            }
        });
        return value == null ? Truth.UNKNOWN : (Boolean) value ? Truth.TRUE : Truth.FALSE;
    }
}
