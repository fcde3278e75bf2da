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

    /**
     * The problems, empty when compatible. {@code earlier} is oldest first; unless the level is transitive only
     * the last of them is checked.
     */
    static List<String> check(ParsedSchema candidate, List<Earlier> earlier, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Earlier> against = level.transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> out = new ArrayList<>();
        // Newest first: the first problem reported is against the version a user most likely means.
        for (int i = against.size() - 1; i >= 0; i--) {
            Earlier old = against.get(i);
            List<String> problems = new ArrayList<>();
            if (level.newReadsOld) {
                problems.addAll(candidate.incompatibilitiesReading(old.schema(), true));
            }
            if (level.oldReadsNew) {
                problems.addAll(old.schema().incompatibilitiesReading(candidate, false));
            }
            if (!problems.isEmpty()) {
                out.addAll(problems);
                out.add("{oldSchemaVersion: " + old.version() + "}");
                out.add("{oldSchema: '" + old.schema().canonical() + "'}");
                out.add("{compatibility: '" + level + "'}");
            }
        }
        return out;
    }

}
