package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand.ScramDeletion;
import io.tributary.cluster.controller.ControllerCommand.ScramUpsertion;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.AlterUserScramCredentialsRequestData;
import io.tributary.protocol.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import io.tributary.protocol.message.AlterUserScramCredentialsResponseData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AlterUserScramCredentials (KIP-554) through the controller, as a Kafka broker forwards it: the client's salt and
 * salted password go to the controller, which stores only the derived keys; one result per user named, with the
 * controller's error (UNACCEPTABLE_CREDENTIAL, UNSUPPORTED_SASL_MECHANISM, RESOURCE_NOT_FOUND, DUPLICATE_RESOURCE).
 * Answered once this broker's metadata shows the change, so a Describe here next reads it.
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler {

    private final MetadataNode metadata;

    private final Access access;

    public AlterUserScramCredentialsHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    public AlterUserScramCredentialsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        AlterUserScramCredentialsRequestData request = (AlterUserScramCredentialsRequestData) body;
        List<ScramDeletion> deletions = new ArrayList<>();
        List<ScramUpsertion> upsertions = new ArrayList<>();
        Set<String> users = new LinkedHashSet<>();
        for (AlterUserScramCredentialsRequestData.ScramCredentialDeletion d : request.deletions()) {
            deletions.add(new ScramDeletion(d.name(), d.mechanism()));
            users.add(d.name());
        }
        for (AlterUserScramCredentialsRequestData.ScramCredentialUpsertion u : request.upsertions()) {
            upsertions.add(new ScramUpsertion(u.name(), u.mechanism(), u.iterations(), u.salt(),
                    u.saltedPassword()));
            users.add(u.name());
        }
        CompletableFuture<Map<String, ApiError>> submitted = users.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : !access.allowsCluster(context, AclOperation.ALTER)
                ? CompletableFuture.completedFuture(denied(users))
                : metadata.submit(new ControllerCommand.AlterUserScramCredentials(deletions, upsertions));
        return submitted.handle((results, failure) -> {
            List<AlterUserScramCredentialsResult> out = new ArrayList<>();
            for (String user : users) {
                ApiError e = failure != null ? ControllerFailure.of(failure) : results.get(user);
                if (e == null) {
                    e = ApiError.of(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for this user");
                }
                out.add(new AlterUserScramCredentialsResult().setUser(user).setErrorCode(e.error().code())
                        .setErrorMessage(e.isSuccess() ? null : e.messageOrDefault()));
            }
            return (ApiMessage) new AlterUserScramCredentialsResponseData().setResults(out);
        });
    }

    /** Every user answered CLUSTER_AUTHORIZATION_FAILED: altering credentials takes ALTER on the cluster. */
    private static Map<String, ApiError> denied(Set<String> users) {
        Map<String, ApiError> out = new HashMap<>();
        users.forEach(user -> out.put(user, Access.clusterDenied(AclOperation.ALTER)));
        return out;
    }
}
