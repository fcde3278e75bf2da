package io.tributary.broker.handler;

import io.tributary.broker.network.ApiHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramImage;
import io.tributary.cluster.metadata.ScramMechanism;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeUserScramCredentialsRequestData;
import io.tributary.protocol.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import io.tributary.protocol.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import io.tributary.protocol.message.DescribeUserScramCredentialsResponseData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeUserScramCredentials (KIP-554) from this broker's metadata image, as Kafka's brokers answer it: no users
 * (null or empty) means every user with a credential; a named user gets its mechanisms and iteration counts (never
 * salt or keys), RESOURCE_NOT_FOUND when it has none, DUPLICATE_RESOURCE when named twice — with Kafka's messages.
 */
public final class DescribeUserScramCredentialsHandler implements ApiHandler {

    private static final String DUPLICATE =
            "Cannot describe SCRAM credentials for the same user twice in a single request: ";
    private static final String NOT_FOUND = "Attempt to describe a user credential that does not exist: ";

    private final MetadataNode metadata;

    private final Access access;

    public DescribeUserScramCredentialsHandler(MetadataNode metadata) {
        this(metadata, Access.OPEN);
    }

    public DescribeUserScramCredentialsHandler(MetadataNode metadata, Access access) {
        this.metadata = metadata;
        this.access = access;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage body) {
        DescribeUserScramCredentialsRequestData request = (DescribeUserScramCredentialsRequestData) body;
        if (!access.allowsCluster(context, AclOperation.DESCRIBE)) {
            // Kafka's answer: the whole request and each named user fail
            ApiError denied = Access.clusterDenied(AclOperation.DESCRIBE);
            DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData()
                    .setErrorCode(denied.error().code()).setErrorMessage(denied.message());
            if (request.users() != null) {
                request.users().forEach(u -> response.results().add(new DescribeUserScramCredentialsResult()
                        .setUser(u.name()).setErrorCode(denied.error().code()).setErrorMessage(denied.message())));
            }
            return CompletableFuture.completedFuture(response);
        }
        ScramImage scram = metadata.image().scram();
        // user → named more than once
        Map<String, Boolean> asked = new LinkedHashMap<>();
        if (request.users() == null || request.users().isEmpty()) {
            scram.users().keySet().forEach(user -> asked.put(user, false));
        } else {
            request.users().forEach(u -> asked.merge(u.name(), false, (a, b) -> true));
        }
        List<DescribeUserScramCredentialsResult> results = new ArrayList<>();
        asked.forEach((user, twice) -> {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user)
                    .setCredentialInfos(new ArrayList<>());
            Map<ScramMechanism, ScramCredential> credentials = scram.credentials(user);
            if (twice) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(DUPLICATE + user);
            } else if (credentials.isEmpty()) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code()).setErrorMessage(NOT_FOUND + user);
            } else {
                credentials.forEach((mechanism, credential) -> result.credentialInfos().add(new CredentialInfo()
                        .setMechanism(mechanism.type()).setIterations(credential.iterations())));
            }
            results.add(result);
        });
        return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponseData().setResults(results));
    }
}
