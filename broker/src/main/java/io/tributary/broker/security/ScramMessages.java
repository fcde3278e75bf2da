package io.tributary.broker.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's two SCRAM messages (RFC 5802 section 7), parsed strictly. Only what Kafka's clients send is taken:
 * the GS2 header {@code n,,} or {@code n,a=<authzid>,} (no channel binding: {@code y} and {@code p=} are refused),
 * no mandatory extension ({@code m=}), a user name in saslname form ({@code =2C} for ',' and {@code =3D} for '=',
 * any other '=' refused), a printable nonce, and Kafka's optional {@code key=value} extensions after the nonce.
 * A malformed message throws {@link IllegalArgumentException} naming what is wrong (never echoing a proof).
 */
final class ScramMessages {

    private ScramMessages() {
    }

    /**
     * client-first-message.
     *
     * @param gs2Header  the header as sent, e.g. {@code n,,} (what the final message's channel binding must encode)
     * @param authzid    the authorization id asked for, or "" for none
     * @param user       the user name, unescaped
     * @param nonce      the client nonce
     * @param extensions Kafka's SCRAM extensions (e.g. {@code tokenauth}), in order
     * @param bare       client-first-message-bare, as sent (part of the AuthMessage)
     */
    record ClientFirst(String gs2Header, String authzid, String user, String nonce, Map<String, String> extensions,
                       String bare) {
    }

    /**
     * client-final-message.
     *
     * @param channelBinding the decoded {@code c=} attribute
     * @param nonce          the {@code r=} attribute: client nonce followed by server nonce
     * @param proof          the decoded client proof
     * @param withoutProof   client-final-message-without-proof, as sent (part of the AuthMessage)
     */
    record ClientFinal(byte[] channelBinding, String nonce, byte[] proof, String withoutProof) {
    }

    static ClientFirst clientFirst(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        if (!s.startsWith("n,")) {
            throw new IllegalArgumentException("GS2 header must be 'n,' (no channel binding)");
        }
        int headerEnd = s.indexOf(',', 2);
        if (headerEnd < 0) {
            throw new IllegalArgumentException("GS2 header has no end");
        }
        String authzField = s.substring(2, headerEnd);
        String authzid = "";
        if (!authzField.isEmpty()) {
            if (!authzField.startsWith("a=")) {
                throw new IllegalArgumentException("bad authzid field");
            }
            authzid = saslName(authzField.substring(2));
        }
        String bare = s.substring(headerEnd + 1);
        String[] parts = bare.split(",", -1);
        if (parts.length < 2 || parts[0].startsWith("m=")) {
            throw new IllegalArgumentException("client-first-message-bare must be n=<user>,r=<nonce>");
        }
        String user = saslName(attribute(parts[0], 'n'));
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
        String nonce = nonce(attribute(parts[1], 'r'));
        Map<String, String> extensions = new LinkedHashMap<>();
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad extension");
            }
            extensions.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new ClientFirst(s.substring(0, headerEnd + 1), authzid, user, nonce, extensions, bare);
    }

    static ClientFinal clientFinal(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        int proofAt = s.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("client-final-message has no proof");
        }
        String withoutProof = s.substring(0, proofAt);
        String[] parts = withoutProof.split(",", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("client-final-message must be c=<binding>,r=<nonce>,...,p=<proof>");
        }
        byte[] binding = base64(attribute(parts[0], 'c'), "channel binding");
        String nonce = nonce(attribute(parts[1], 'r'));
        byte[] proof = base64(s.substring(proofAt + 3), "proof");
        return new ClientFinal(binding, nonce, proof, withoutProof);
    }

    /** Unescapes a saslname: {@code =2C} is ',', {@code =3D} is '='; any other '=' is malformed. */
    static String saslName(String escaped) {
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == ',') {
                throw new IllegalArgumentException("unescaped ',' in a name");
            }
            if (c != '=') {
                out.append(c);
                continue;
            }
            String code = escaped.length() >= i + 3 ? escaped.substring(i + 1, i + 3) : "";
            if (code.equals("2C")) {
                out.append(',');
            } else if (code.equals("3D")) {
                out.append('=');
            } else {
                throw new IllegalArgumentException("bad '=' escape in a name");
            }
            i += 2;
        }
        return out.toString();
    }

    private static String attribute(String part, char name) {
        if (part.length() < 2 || part.charAt(0) != name || part.charAt(1) != '=') {
            throw new IllegalArgumentException("expected attribute '" + name + "='");
        }
        return part.substring(2);
    }

    /** A nonce is printable ASCII without ','. */
    private static String nonce(String nonce) {
        if (nonce.isEmpty() || !nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',')) {
            throw new IllegalArgumentException("bad nonce");
        }
        return nonce;
    }

    private static byte[] base64(String value, String what) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }
}
