package io.tributary.jms.selector;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Selector facade: no selector, the expression kept as given, and how evaluation consults the message. */
class SelectorTest {

    @Test
    void nullEmptyOrBlankSelectorSelectsEveryMessage() throws InvalidSelectorException {
        for (String none : new String[] {null, "", "  \t\n"}) {
            Selector selector = Selector.parse(none);
            assertThat(selector.expression()).isNull();
            assertThat(selector.matches(name -> null)).isTrue();
        }
    }

    @Test
    void expressionIsKeptAsGiven() throws InvalidSelectorException {
        assertThat(Selector.parse(" color = 'red' ").expression()).isEqualTo(" color = 'red' ");
    }

    @Test
    void javaWhitespaceSeparatesTokens() throws InvalidSelectorException {
        Selector selector = Selector.parse("a\t=\f1\r\nAND\nb = 'x'");
        assertThat(selector.matches(Map.<String, Object>of("a", 1, "b", "x")::get)).isTrue();
    }

    @Test
    void underscoreMatchesALineTerminator() throws InvalidSelectorException {
        assertThat(Selector.parse("s LIKE 'a_b%'").matches(Map.<String, Object>of("s", "a\nb\n")::get)).isTrue();
    }

    @Test
    void andStopsAtFalseAndOrStopsAtTrue() throws InvalidSelectorException {
        List<String> looked = new ArrayList<>();
        Map<String, Object> message = Map.of("f", false, "t", true);
        Selector.parse("f AND x = 1").matches(name -> {
            looked.add(name);
            return message.get(name);
        });
        Selector.parse("t OR y = 1").matches(name -> {
            looked.add(name);
            return message.get(name);
        });
        assertThat(looked).containsExactly("f", "t");
    }

    @Test
    void oneParsedSelectorEvaluatesManyMessages() throws InvalidSelectorException {
        Selector selector = Selector.parse("JMSPriority > 4 AND region LIKE 'eu-%'");
        assertThat(selector.matches(Map.<String, Object>of("JMSPriority", 9, "region", "eu-west")::get)).isTrue();
        assertThat(selector.matches(Map.<String, Object>of("JMSPriority", 9, "region", "us-east")::get)).isFalse();
        assertThat(selector.matches(Map.<String, Object>of("JMSPriority", 1, "region", "eu-west")::get)).isFalse();
        assertThat(selector.matches(Map.<String, Object>of()::get)).isFalse();
    }

    @Test
    void valuesOfTypesNoPropertyHasAreLikeNothing() throws InvalidSelectorException {
        Map<String, Object> message = Map.of("c", 'x', "o", new Object());
        assertThat(Selector.parse("c = 'x'").matches(message::get)).isFalse();
        assertThat(Selector.parse("NOT c = 'x'").matches(message::get)).isTrue();
        assertThat(Selector.parse("o + 1 = 2 OR o IS NOT NULL").matches(message::get)).isTrue();
    }
}
