package io.tributary.broker.security.oauthbearer;

import java.util.Set;

/**
 * What a valid access token says: whom it names (the value of {@code sasl.oauthbearer.sub.claim.name}), its scopes
 * ({@code sasl.oauthbearer.scope.claim.name}, empty if absent), and when it was issued and expires (epoch ms).
 */
public record ValidatedToken(String principalName, Set<String> scopes, long issuedAtMs, long expiresAtMs) {

    public ValidatedToken {
        scopes = Set.copyOf(scopes);
    }
}
