package io.tributary.registry;

import io.tributary.registry.schema.ParsedSchema;
import io.tributary.registry.state.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a new schema against earlier versions of its subject under a compatibility level, in the verbose terms
 * Confluent's registry answers: each problem, then which old version, the old schema and the level.
 */
final class Compatibility {

    /** An earlier version to check against. */
    record Earlier(int version, ParsedSchema schema) {
    }

    private Compatibility() {
    }

    /** Confluent cuts the old schema it quotes to this many characters. */
    private static final int OLD_SCHEMA_QUOTE_LIMIT = 10 * 1024;

    /**
     * The problems, empty when compatible. {@code earlier} is oldest first; unless the level is transitive only
     * the last of them is checked. As Confluent's registry: versions are tried newest first and the first that
     * fails is the one reported (its problems — old-reads-new before new-reads-old — then its version and text),
     * closed by one line naming the level.
     */
    static List<String> check(ParsedSchema candidate, List<Earlier> earlier, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Earlier> against = level.transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> out = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0 && out.isEmpty(); i--) {
            Earlier old = against.get(i);
            List<String> problems = new ArrayList<>();
            if (old.schema().type() != candidate.type()) {
                problems.add("Incompatible because of different schema type");
            } else {
                if (level.oldReadsNew) {
                    problems.addAll(old.schema().incompatibilitiesReading(candidate, false));
                }
                if (level.newReadsOld) {
                    problems.addAll(candidate.incompatibilitiesReading(old.schema(), true));
                }
            }
            if (!problems.isEmpty()) {
                out.addAll(problems);
                out.add("{oldSchemaVersion: " + old.version() + "}");
                out.add(quoteOld(old.schema().canonical()));
            }
        }
        if (!out.isEmpty()) {
            out.add("{validateFields: 'false', compatibility: '" + level + "'}");
        }
        return out;
    }

    private static String quoteOld(String text) {
        return text.length() <= OLD_SCHEMA_QUOTE_LIMIT ? "{oldSchema: '" + text + "'}"
                : "{oldSchema: <truncated> '" + text.substring(0, OLD_SCHEMA_QUOTE_LIMIT) + "...'}";
    }
}
