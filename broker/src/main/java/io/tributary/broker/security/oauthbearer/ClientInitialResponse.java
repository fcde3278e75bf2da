package io.tributary.broker.security.oauthbearer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OAUTHBEARER client's first message (RFC 7628 §3.1), as Kafka's client writes it:
 * <pre>
 *   n,[a=&lt;authzid&gt;],^A auth=Bearer &lt;token&gt; ^A [key=value ^A]... ^A      (^A is %x01, no spaces)
 * </pre>
 * The GS2 header must be {@code n} (no channel binding); the authzid is a SASL name ({@code =2C} for a comma,
 * {@code =3D} for '='); every other key/value pair is a SASL extension (keys are letters, values printable ASCII,
 * as Kafka checks them; {@code auth} may not be repeated).
 */
public record ClientInitialResponse(String authorizationId, String token, Map<String, String> extensions) {

    private static final char SEP = '\u0001';
    private static final Pattern HEADER = Pattern.compile("n,(?:a=((?:[\\x01-\\x7F&&[^=,]]|=2C|=3D)+))?,");
    private static final Pattern KEY = Pattern.compile("[A-Za-z]+");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7E \\t\\r\\n]+");
    private static final Pattern AUTH = Pattern.compile("([A-Za-z]+) +([-_.a-zA-Z0-9]+)");

    public ClientInitialResponse {
        extensions = Map.copyOf(extensions);
    }

    /** Parses the message; {@link IllegalArgumentException} says what is wrong with it. */
    public static ClientInitialResponse parse(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        Matcher header = HEADER.matcher(text);
        if (!header.lookingAt()) {
            throw new IllegalArgumentException(text.startsWith("y,") || text.startsWith("p=")
                    ? "channel binding is not supported (the GS2 header must be 'n')"
                    : "no GS2 header 'n,[a=<authzid>],'");
        }
        String authzid = header.group(1) == null ? "" : header.group(1).replace("=2C", ",").replace("=3D", "=");
        String rest = text.substring(header.end());
        // ^A, then key=value^A pairs, then the closing ^A
        if (rest.length() < 2 || rest.charAt(0) != SEP || rest.charAt(rest.length() - 1) != SEP) {
            throw new IllegalArgumentException("the key/value pairs are not framed by %x01");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        String body = rest.substring(1, rest.length() - 1);
        if (!body.isEmpty()) {
            if (body.charAt(body.length() - 1) != SEP) {
                throw new IllegalArgumentException("the last key/value pair is not terminated by %x01");
            }
            for (String pair : body.substring(0, body.length() - 1).split("\u0001", -1)) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (!KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
                    throw new IllegalArgumentException("malformed key/value pair '" + key + "=...'");
                }
                if (pairs.put(key, value) != null) {
                    throw new IllegalArgumentException("key '" + key + "' appears twice");
                }
            }
        }
        String auth = pairs.remove("auth");
        if (auth == null) {
            throw new IllegalArgumentException("no 'auth' pair");
        }
        Matcher bearer = AUTH.matcher(auth);
        if (!bearer.matches()) {
            throw new IllegalArgumentException("the 'auth' pair is not '<scheme> <token>'");
        }
        if (!bearer.group(1).equalsIgnoreCase("Bearer")) {
            throw new IllegalArgumentException("scheme " + bearer.group(1) + " is not Bearer");
        }
        return new ClientInitialResponse(authzid, bearer.group(2), pairs);
    }
}
