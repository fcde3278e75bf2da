package io.tributary.registry;

import io.tributary.registry.schema.AvroSchema;
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
                problems.addAll(candidate.incompatibilitiesReading(old.schema()));
            }
            if (level.oldReadsNew) {
                problems.addAll(oldReading(old.schema(), candidate));
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

    /**
     * The problems of the earlier schema reading the candidate's data. {@code incompatibilitiesReading} words its
     * sentences for the new schema reading the old; an Avro schema can word them the other way round, as Confluent
     * does for this direction.
     */
    private static List<String> oldReading(ParsedSchema old, ParsedSchema candidate) {
        return old instanceof AvroSchema avro ? avro.incompatibilitiesReadingNewer(candidate)
                : old.incompatibilitiesReading(candidate);
    }
}
