package io.tributary.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * SASL/PLAIN (RFC 4616) against the users of the listener's JAAS entry ({@code user_<name>="<password>"}, as
 * Kafka's PlainLoginModule reads them): one client token {@code [authzid] NUL user NUL password}; an authorization id
 * other than the user is refused, as Kafka refuses it. Only use it over TLS — the password travels as it is.
 */
public final class PlainServer implements SaslServerMechanism {

    static final String FAILED = "Authentication failed: Invalid username or password";

    private final Map<String, String> passwords;
    private KafkaPrincipal principal;

    public PlainServer(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws AuthenticationFailure {
        if (principal != null) {
            throw new AuthenticationFailure("Authentication failed: PLAIN takes one token");
        }
        String token = new String(clientToken, StandardCharsets.UTF_8);
        int first = token.indexOf('\0');
        int second = first < 0 ? -1 : token.indexOf('\0', first + 1);
        if (second < 0 || token.indexOf('\0', second + 1) >= 0) {
            throw new AuthenticationFailure("Invalid SASL/PLAIN response: expected 3 tokens");
        }
        String authzid = token.substring(0, first);
        String user = token.substring(first + 1, second);
        String password = token.substring(second + 1);
        if (user.isEmpty() || password.isEmpty()) {
            throw new AuthenticationFailure("Authentication failed: username and password must not be empty");
        }
        if (!authzid.isEmpty() && !authzid.equals(user)) {
            throw new AuthenticationFailure("Authentication failed: Client requested an authorization id that is"
                    + " different from username");
        }
        String expected = passwords.get(user);
        // compare even for an unknown user, so the time taken does not tell which users exist
        boolean matches = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                (expected == null ? "\0" + password : expected).getBytes(StandardCharsets.UTF_8));
        if (expected == null || !matches) {
            throw new AuthenticationFailure(FAILED);
        }
        principal = KafkaPrincipal.user(user);
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return principal != null;
    }

    @Override
    public KafkaPrincipal principal() {
        return principal;
    }
}
