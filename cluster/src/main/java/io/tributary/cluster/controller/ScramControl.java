package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.AlterUserScramCredentials;
import io.tributary.cluster.controller.ControllerCommand.ScramDeletion;
import io.tributary.cluster.controller.ControllerCommand.ScramUpsertion;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.RemoveUserScramCredentialRecord;
import io.tributary.cluster.metadata.ScramMechanism;
import io.tributary.cluster.metadata.UserScramCredentialRecord;
import io.tributary.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AlterUserScramCredentials (KIP-554) as Kafka's controller decides it: each user's change is checked on its own
 * (empty name or a bad iteration count: UNACCEPTABLE_CREDENTIAL; an unknown mechanism: UNSUPPORTED_SASL_MECHANISM;
 * deleting a credential that is not there: RESOURCE_NOT_FOUND; a user named twice in the request:
 * DUPLICATE_RESOURCE for all of its changes), and the accepted ones are written as one batch, deletions first. An
 * upsertion's salted password is turned into StoredKey and ServerKey here and then dropped: the log never holds it.
 */
final class ScramControl {

    private static final String DUPLICATE = "A user credential cannot be altered twice in the same request";

    ControllerResult<Map<String, ApiError>> alter(MetadataImage image, AlterUserScramCredentials cmd) {
        // per user, in order of first appearance: the accepted change (a record) or why not
        Map<String, ApiError> errors = new LinkedHashMap<>();
        Map<String, MetadataRecord> accepted = new LinkedHashMap<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (ScramDeletion d : cmd.deletions()) {
            if (twice(seen, errors, accepted, d.user())) {
                continue;
            }
            ApiError error = checkName(d.user());
            Optional<ScramMechanism> mechanism = ScramMechanism.forType(d.mechanism());
            if (error.isSuccess() && mechanism.isEmpty()) {
                error = ApiError.of(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            }
            if (error.isSuccess() && image.scramCredential(d.user(), mechanism.get()).isEmpty()) {
                error = ApiError.of(Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that does not exist");
            }
            if (error.isSuccess()) {
                accepted.put(d.user(), new RemoveUserScramCredentialRecord(d.user(), mechanism.get()));
            } else {
                errors.put(d.user(), error);
            }
        }
        for (ScramUpsertion u : cmd.upsertions()) {
            if (twice(seen, errors, accepted, u.user())) {
                continue;
            }
            ApiError error = checkName(u.user());
            Optional<ScramMechanism> mechanism = ScramMechanism.forType(u.mechanism());
            if (error.isSuccess() && mechanism.isEmpty()) {
                error = ApiError.of(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
            }
            if (error.isSuccess()) {
                error = checkUpsertion(u);
            }
            if (error.isSuccess()) {
                accepted.put(u.user(), new UserScramCredentialRecord(u.user(), mechanism.get(),
                        mechanism.get().credential(u.salt(), u.saltedPassword(), u.iterations())));
            } else {
                errors.put(u.user(), error);
            }
        }
        List<MetadataRecord> records = new ArrayList<>();
        Map<String, ApiError> results = new LinkedHashMap<>();
        for (String user : seen.keySet()) {
            MetadataRecord record = accepted.get(user);
            if (record != null) {
                results.put(user, ApiError.NONE);
            } else {
                results.put(user, errors.get(user));
            }
        }
        accepted.values().stream().filter(r -> r instanceof RemoveUserScramCredentialRecord).forEach(records::add);
        accepted.values().stream().filter(r -> r instanceof UserScramCredentialRecord).forEach(records::add);
        return ControllerResult.of(records, results);
    }

    /**
     * Records the user as seen and says whether it was already: then an accepted change of it becomes
     * DUPLICATE_RESOURCE, and a refused one keeps its first error (as Kafka answers).
     */
    private static boolean twice(Map<String, Boolean> seen, Map<String, ApiError> errors,
                                 Map<String, MetadataRecord> accepted, String user) {
        if (seen.putIfAbsent(user, Boolean.TRUE) == null) {
            return false;
        }
        if (accepted.remove(user) != null) {
            errors.put(user, ApiError.of(Errors.DUPLICATE_RESOURCE, DUPLICATE));
        }
        return true;
    }

    private static ApiError checkName(String user) {
        return user.isEmpty() ? ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty")
                : ApiError.NONE;
    }

    private static ApiError checkUpsertion(ScramUpsertion u) {
        if (u.iterations() < ScramMechanism.MIN_ITERATIONS) {
            return ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations");
        }
        if (u.iterations() > ScramMechanism.MAX_ITERATIONS) {
            return ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations");
        }
        // Kafka fails these deep in its HMAC (UNKNOWN_SERVER_ERROR); the credential is what is unacceptable
        if (u.salt().length == 0 || u.saltedPassword().length == 0) {
            return ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Salt and salted password must not be empty");
        }
        return ApiError.NONE;
    }
}
