package io.tributary.broker.security;

import java.util.Objects;

/**
 * Who a connection authenticated as, in Kafka's form {@code type:name} — {@code User:alice} after SASL,
 * {@code User:CN=client,O=org} after mutual TLS (or what {@code ssl.principal.mapping.rules} made of it), and
 * {@code User:ANONYMOUS} on PLAINTEXT and on TLS without a client certificate. ACLs name principals this way.
 */
public record KafkaPrincipal(String type, String name) {

    public static final String USER_TYPE = "User";
    public static final KafkaPrincipal ANONYMOUS = new KafkaPrincipal(USER_TYPE, "ANONYMOUS");

    public KafkaPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static KafkaPrincipal user(String name) {
        return new KafkaPrincipal(USER_TYPE, name);
    }

    /** Parses {@code type:name} (the name may itself hold colons); refuses a string without a type. */
    public static KafkaPrincipal parse(String principal) {
        int colon = principal.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a principal looks like Type:name, e.g. User:alice; got '" + principal
                    + "'");
        }
        return new KafkaPrincipal(principal.substring(0, colon), principal.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
