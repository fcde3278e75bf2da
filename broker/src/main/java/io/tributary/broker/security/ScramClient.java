package io.tributary.broker.security;

import io.tributary.cluster.metadata.ScramMechanism;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256/512 (RFC 5802), the counterpart of {@link ScramServer}: client-first
 * {@code n,,n=<user>,r=<nonce>}; on server-first, the nonce must extend ours, and client-final carries the proof;
 * server-final must carry the server signature that proves the server knows the credential.
 */
final class ScramClient implements SaslClientMechanism {

    private static final String GS2_HEADER = "n,,";

    private final ScramMechanism mechanism;
    private final String user;
    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean complete;

    ScramClient(ScramMechanism mechanism, String user, String password, SecureRandom random) {
        this.mechanism = mechanism;
        this.user = user;
        this.password = password;
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        this.clientNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    @Override
    public byte[] initialResponse() {
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluate(byte[] challenge) throws AuthenticationFailure {
        String message = new String(challenge, StandardCharsets.UTF_8);
        if (expectedServerSignature == null) {
            return clientFinal(message);
        }
        String expected = "v=" + Base64.getEncoder().encodeToString(expectedServerSignature);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), challenge)) {
            throw new AuthenticationFailure("the server's SCRAM signature is wrong (" + message + ")");
        }
        complete = true;
        return new byte[0];
    }

    private byte[] clientFinal(String serverFirst) throws AuthenticationFailure {
        String nonce = null;
        String salt = null;
        String iterations = null;
        for (String part : serverFirst.split(",")) {
            if (part.startsWith("r=")) {
                nonce = part.substring(2);
            } else if (part.startsWith("s=")) {
                salt = part.substring(2);
            } else if (part.startsWith("i=")) {
                iterations = part.substring(2);
            }
        }
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)
                || nonce.length() == clientNonce.length()) {
            throw new AuthenticationFailure("not a SCRAM server-first message for this login: " + serverFirst);
        }
        byte[] salted;
        try {
            salted = mechanism.saltedPassword(password.toCharArray(), Base64.getDecoder().decode(salt),
                    Integer.parseInt(iterations));
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailure("malformed SCRAM server-first message: " + serverFirst);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = mechanism.hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] signature = mechanism.hmac(mechanism.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        expectedServerSignature = mechanism.hmac(mechanism.serverKey(salted), authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isComplete() {
        return complete;
    }
}
