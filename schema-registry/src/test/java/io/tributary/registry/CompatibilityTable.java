package io.tributary.registry;

import static io.tributary.registry.state.CompatibilityLevel.BACKWARD;
import static io.tributary.registry.state.CompatibilityLevel.BACKWARD_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.FORWARD;
import static io.tributary.registry.state.CompatibilityLevel.FORWARD_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.FULL;
import static io.tributary.registry.state.CompatibilityLevel.FULL_TRANSITIVE;
import static io.tributary.registry.state.CompatibilityLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.schema.InvalidSchemaException;
import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.schema.SchemaParser;
import io.tributary.registry.state.CompatibilityLevel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the table-driven compatibility tests of every schema language share: a row (earlier versions, a candidate,
 * the levels that must accept it), the usual sets of levels, and the two checks each row gets — accepted under
 * exactly its levels, and an expectation that is itself coherent.
 */
final class CompatibilityTable {

    static final Set<CompatibilityLevel> ALL = EnumSet.allOf(CompatibilityLevel.class);
    /** The new schema reads old data, not the other way round. */
    static final Set<CompatibilityLevel> BACKWARD_ONLY = EnumSet.of(NONE, BACKWARD, BACKWARD_TRANSITIVE);
    /** Old schemas read new data, not the other way round. */
    static final Set<CompatibilityLevel> FORWARD_ONLY = EnumSet.of(NONE, FORWARD, FORWARD_TRANSITIVE);
    /** Neither direction: only NONE accepts it. */
    static final Set<CompatibilityLevel> ONLY_NONE = EnumSet.of(NONE);

    /**
     * One evolution step: the earlier versions of a subject (oldest first, numbered from 1), the candidate, and the
     * levels under which the candidate must be accepted; under every other level it must be refused.
     */
    record Row(String name, List<String> history, String candidate, Set<CompatibilityLevel> compatibleUnder) {
        @Override
        public String toString() {
            return name;
        }
    }

    private CompatibilityTable() {
    }

    static Row row(String name, String old, String candidate, Set<CompatibilityLevel> compatibleUnder) {
        return new Row(name, List.of(old), candidate, compatibleUnder);
    }

    static Row history(String name, List<String> history, String candidate, Set<CompatibilityLevel> compatibleUnder) {
        return new Row(name, List.copyOf(history), candidate, compatibleUnder);
    }

    static Set<CompatibilityLevel> allBut(CompatibilityLevel... refused) {
        Set<CompatibilityLevel> out = EnumSet.allOf(CompatibilityLevel.class);
        out.removeAll(List.of(refused));
        return out;
    }

    static ParsedSchema parse(SchemaParser parser, String text) throws InvalidSchemaException {
        return parser.parse(text, List.of(), Map.of());
    }

    /** The texts as a subject's earlier versions, numbered from 1. */
    static List<Compatibility.Earlier> earlier(SchemaParser parser, List<String> history)
            throws InvalidSchemaException {
        List<Compatibility.Earlier> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            out.add(new Compatibility.Earlier(i + 1, parse(parser, history.get(i))));
        }
        return out;
    }

    /** Every level is tried; exactly the row's levels may accept the candidate. */
    static void assertAcceptedUnderExactly(SchemaParser parser, Row row) throws InvalidSchemaException {
        List<Compatibility.Earlier> earlier = earlier(parser, row.history());
        ParsedSchema candidate = parse(parser, row.candidate());
        Set<CompatibilityLevel> compatible = EnumSet.noneOf(CompatibilityLevel.class);
        Map<CompatibilityLevel, List<String>> problems = new TreeMap<>();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            List<String> found = Compatibility.check(candidate, earlier, level);
            if (found.isEmpty()) {
                compatible.add(level);
            } else {
                problems.put(level, found);
            }
        }
        assertThat(compatible)
                .as("levels accepting '%s' (problems under the others: %s)", row.name(), problems)
                .isEqualTo(row.compatibleUnder());
    }

    /**
     * The table itself: NONE always accepts, FULL is BACKWARD and FORWARD together (at either reach), and with a
     * single earlier version the transitive levels agree with the plain ones.
     */
    static void assertCoherent(Row row) {
        Set<CompatibilityLevel> ok = row.compatibleUnder();
        assertThat(ok).contains(NONE);
        assertThat(ok.contains(FULL)).isEqualTo(ok.contains(BACKWARD) && ok.contains(FORWARD));
        assertThat(ok.contains(FULL_TRANSITIVE))
                .isEqualTo(ok.contains(BACKWARD_TRANSITIVE) && ok.contains(FORWARD_TRANSITIVE));
        if (row.history().size() == 1) {
            assertThat(ok.contains(BACKWARD_TRANSITIVE)).isEqualTo(ok.contains(BACKWARD));
            assertThat(ok.contains(FORWARD_TRANSITIVE)).isEqualTo(ok.contains(FORWARD));
            assertThat(ok.contains(FULL_TRANSITIVE)).isEqualTo(ok.contains(FULL));
        }
    }
}
