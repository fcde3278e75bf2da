package io.tributary.broker.security.oauthbearer;

import io.tributary.broker.security.AuthenticationFailure;
import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.broker.security.SaslServerMechanism;
import java.nio.charset.StandardCharsets;

/**
 * The server side of one SASL/OAUTHBEARER login (RFC 7628), answering as Kafka's broker answers:
 * <ol>
 *   <li>the client's first message ({@link ClientInitialResponse}) carries a bearer token; a valid token
 *       ({@link JwtValidator}) completes the login as {@code User:<subject>} with an empty answer;</li>
 *   <li>an invalid token is answered, not failed: the server sends RFC 7628's error, {@code {"status":"invalid_token"}},
 *       the client answers it with a lone %x01, and only then does the login fail, with that JSON as the message
 *       Kafka's client raises in its {@code SaslAuthenticationException}. Why the token was refused goes to the broker's
 *       log only ({@link AuthenticationFailure#reason()}).</li>
 * </ol>
 * A malformed first message fails at once, with Kafka's wording. An authorization id other than the token's subject is
 * refused, as Kafka refuses it. Extensions are accepted and ignored (Kafka's default validator accepts them all).
 */
public final class OAuthBearerServer implements SaslServerMechanism {

    /** RFC 7628 §3.2.2's error: what the client is shown for any refused token. */
    public static final String INVALID_TOKEN = "{\"status\":\"invalid_token\"}";
    static final String MALFORMED = "Authentication failed during authentication due to invalid credentials with SASL"
            + " mechanism OAUTHBEARER";

    private enum State { FIRST_MESSAGE, ERROR_SENT, COMPLETE, FAILED }

    private final JwtValidator validator;
    private State state = State.FIRST_MESSAGE;
    private String refusal;
    private ValidatedToken token;

    public OAuthBearerServer(JwtValidator validator) {
        this.validator = validator;
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws AuthenticationFailure {
        switch (state) {
            case FIRST_MESSAGE -> {
                return first(clientToken);
            }
            case ERROR_SENT -> {
                state = State.FAILED;
                boolean dummy = clientToken.length == 1 && clientToken[0] == 1;
                throw new AuthenticationFailure(INVALID_TOKEN, "invalid OAUTHBEARER token: " + refusal
                        + (dummy ? "" : " (and the client answered the error with more than %x01)"));
            }
            default -> {
                state = State.FAILED;
                throw new AuthenticationFailure("Authentication failed: the OAUTHBEARER exchange is over");
            }
        }
    }

    private byte[] first(byte[] message) throws AuthenticationFailure {
        ClientInitialResponse response;
        try {
            response = ClientInitialResponse.parse(message);
        } catch (IllegalArgumentException e) {
            state = State.FAILED;
            throw new AuthenticationFailure(MALFORMED, "invalid OAUTHBEARER client first message: " + e.getMessage());
        }
        ValidatedToken valid;
        try {
            valid = validator.validate(response.token());
        } catch (InvalidJwtException e) {
            refusal = e.getMessage();
            state = State.ERROR_SENT;
            return INVALID_TOKEN.getBytes(StandardCharsets.UTF_8);
        }
        if (!response.authorizationId().isEmpty() && !response.authorizationId().equals(valid.principalName())) {
            state = State.FAILED;
            throw new AuthenticationFailure("Authentication failed: Client requested an authorization id ("
                    + response.authorizationId() + ") that is different from the token's principal name ("
                    + valid.principalName() + ")");
        }
        token = valid;
        state = State.COMPLETE;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public KafkaPrincipal principal() {
        return token == null ? null : KafkaPrincipal.user(token.principalName());
    }

    @Override
    public long credentialExpiresAtMs() {
        return token == null ? Long.MAX_VALUE : token.expiresAtMs();
    }

    /** The validated token, once complete (its expiry bounds the session, should re-authentication need it). */
    public ValidatedToken token() {
        return token;
    }
}
