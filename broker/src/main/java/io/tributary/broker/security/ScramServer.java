package io.tributary.broker.security;

import io.tributary.broker.security.ScramMessages.ClientFinal;
import io.tributary.broker.security.ScramMessages.ClientFirst;
import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The server side of one SCRAM-SHA-256 / SCRAM-SHA-512 login (RFC 5802, RFC 7677), as Kafka's brokers run it:
 * the SASL layer passes each SaslAuthenticate token to {@link #evaluate} and sends back what it returns.
 *
 * <pre>
 * AWAITING_CLIENT_FIRST --client-first--> AWAITING_CLIENT_FINAL --client-final--> COMPLETE (principal User:name)
 *            \                                     \
 *             any failure --------------------------+--> FAILED (ScramAuthenticationException)
 * </pre>
 *
 * <ul>
 *   <li>client-first: GS2 header {@code n,,}, or {@code n,a=<authzid>,} only when the authzid is the user name;
 *       Kafka's {@code tokenauth} extension is refused (no delegation tokens), other extensions are ignored.
 *       Answered with server-first: the client nonce followed by a random one, the salt and the iterations.</li>
 *   <li>client-final: the channel binding must encode the GS2 header (so {@code biws} for {@code n,,}), the nonce
 *       must be exactly client nonce + server nonce (the strict check Kafka 4.x makes, CVE-2024-56128), and the
 *       proof must recover a ClientKey whose hash is the stored key (compared in constant time). Answered with
 *       server-final {@code v=<ServerSignature>}.</li>
 * </ul>
 *
 * <p>An unknown user takes the same path as a wrong password: server-first carries a salt derived from the user
 * name with a broker secret (stable across attempts, like a real one) and 4096 iterations, and the proof is checked
 * against a random key, so neither the answers nor the work done tell whether the user exists. Every failure gives
 * the client Kafka's message ("Authentication failed during authentication due to invalid credentials with SASL
 * mechanism SCRAM-SHA-256"), except an authzid other than the user (Kafka's own message for it).
 *
 * <p>One instance per login; not thread-safe (a connection's SASL exchange is sequential).
 */
public final class ScramServer implements SaslServerMechanism {

    /** What a client is told about an authzid that is not its user name (Kafka's message). */
    static final String AUTHZID_MISMATCH =
            "Authentication failed: Client requested an authorization id that is different from username";
    /** The iteration count of the credential an unknown user is answered with (Kafka's tools' default). */
    static final int FAKE_ITERATIONS = 4096;

    private final ScramMechanism mechanism;
    private final ScramCredentials credentials;
    private final SecureRandom random;
    private final byte[] fakeSaltKey;
    private State state = new AwaitingClientFirst();

    /** Where the exchange is. */
    private sealed interface State permits AwaitingClientFirst, AwaitingClientFinal, Complete, Failed {
    }

    private record AwaitingClientFirst() implements State {
    }

    /** After server-first: what the final message is checked against. */
    private record AwaitingClientFinal(ClientFirst first, String serverFirst, String nonce,
                                       ScramCredential credential) implements State {
    }

    private record Complete(String user) implements State {
    }

    private record Failed() implements State {
    }

    /**
     * @param mechanism   SCRAM-SHA-256 or SCRAM-SHA-512, as the client chose in SaslHandshake
     * @param credentials where users' stored credentials are looked up
     * @param random      for the server nonce (and the fake keys of unknown users)
     * @param fakeSaltKey the broker-wide secret unknown users' salts are derived from (see {@link ScramServerFactory})
     */
    public ScramServer(ScramMechanism mechanism, ScramCredentials credentials, SecureRandom random,
                       byte[] fakeSaltKey) {
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.random = Objects.requireNonNull(random, "random");
        this.fakeSaltKey = fakeSaltKey.clone();
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanism.mechanismName();
    }

    /**
     * Takes the client's next message and returns the answer to send: server-first after client-first,
     * server-final after client-final (then {@link #isComplete()}).
     *
     * @throws ScramAuthenticationException the login failed; the exchange is over
     * @throws IllegalStateException        called again after the exchange completed or failed
     */
    @Override
    public byte[] evaluate(byte[] clientMessage) throws ScramAuthenticationException {
        State now = state;
        state = new Failed();   // until this step succeeds
        try {
            if (now instanceof AwaitingClientFirst) {
                return clientFirst(ScramMessages.clientFirst(clientMessage));
            }
            if (now instanceof AwaitingClientFinal waiting) {
                return clientFinal(waiting, ScramMessages.clientFinal(clientMessage));
            }
        } catch (IllegalArgumentException e) {
            throw invalid("malformed SCRAM message: " + e.getMessage());
        }
        throw new IllegalStateException("the SCRAM exchange is over (" + now.getClass().getSimpleName() + ")");
    }

    /** Whether the client proved its password. */
    @Override
    public boolean isComplete() {
        return state instanceof Complete;
    }

    /** The authenticated user as {@code User:<name>}. */
    @Override
    public KafkaPrincipal principal() {
        if (state instanceof Complete c) {
            return KafkaPrincipal.user(c.user());
        }
        throw new IllegalStateException("the SCRAM exchange has not completed");
    }

    private byte[] clientFirst(ClientFirst first) throws ScramAuthenticationException {
        if (!first.authzid().isEmpty() && !first.authzid().equals(first.user())) {
            throw new ScramAuthenticationException(AUTHZID_MISMATCH, "authzid differs from user " + first.user());
        }
        if ("true".equalsIgnoreCase(first.extensions().get("tokenauth"))) {
            throw invalid("delegation token authentication is not supported (user " + first.user() + ")");
        }
        Optional<ScramCredential> found = credentials.find(first.user(), mechanism);
        if (found.isPresent() && found.get().iterations() < ScramMechanism.MIN_ITERATIONS) {
            throw invalid("credential of user " + first.user() + " has fewer than " + ScramMechanism.MIN_ITERATIONS
                    + " iterations");
        }
        ScramCredential credential = found.orElseGet(() -> fake(first.user()));
        String nonce = first.nonce() + serverNonce();
        String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        state = new AwaitingClientFinal(first, serverFirst, nonce, credential);
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] clientFinal(AwaitingClientFinal waiting, ClientFinal last) throws ScramAuthenticationException {
        String user = waiting.first().user();
        if (!Arrays.equals(last.channelBinding(), waiting.first().gs2Header().getBytes(StandardCharsets.UTF_8))) {
            throw invalid("channel binding does not match the GS2 header (user " + user + ")");
        }
        // CVE-2024-56128: the whole nonce, not just a prefix, must be the one server-first sent
        if (!MessageDigest.isEqual(last.nonce().getBytes(StandardCharsets.UTF_8),
                waiting.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw invalid("nonce is not client nonce + server nonce (user " + user + ")");
        }
        byte[] authMessage = (waiting.first().bare() + "," + waiting.serverFirst() + "," + last.withoutProof())
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = waiting.credential().storedKey();
        byte[] clientSignature = mechanism.hmac(storedKey, authMessage);
        if (last.proof().length != clientSignature.length) {
            throw invalid("proof has the wrong length (user " + user + ")");
        }
        byte[] clientKey = new byte[clientSignature.length];
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] = (byte) (last.proof()[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(mechanism.hash(clientKey), storedKey)) {
            throw invalid("invalid proof for user " + user + " (wrong password or unknown user)");
        }
        byte[] serverSignature = mechanism.hmac(waiting.credential().serverKey(), authMessage);
        state = new Complete(user);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    /** The stand-in credential of a user without one: a stable salt, keys no proof can match. */
    private ScramCredential fake(String user) {
        byte[] derived = mechanism.hmac(fakeSaltKey, user.getBytes(StandardCharsets.UTF_8));
        // shaped like the salts Kafka's tools make: base-36 text of about 130 random bits
        byte[] salt = new BigInteger(1, Arrays.copyOf(derived, 17)).toString(Character.MAX_RADIX)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[derived.length];
        random.nextBytes(key);
        return new ScramCredential(salt, key, key, FAKE_ITERATIONS);
    }

    private String serverNonce() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private ScramAuthenticationException invalid(String reason) {
        return new ScramAuthenticationException("Authentication failed during authentication due to invalid "
                + "credentials with SASL mechanism " + mechanism.mechanismName(), reason);
    }
}
