package io.tributary.broker.security;

import java.util.Locale;

/** Kafka's security protocols, with the ids brokers register their endpoints under. */
public enum SecurityProtocol {
    PLAINTEXT(0, false, false),
    SSL(1, true, false),
    SASL_PLAINTEXT(2, false, true),
    SASL_SSL(3, true, true);

    public final short id;
    public final boolean tls;
    public final boolean sasl;

    SecurityProtocol(int id, boolean tls, boolean sasl) {
        this.id = (short) id;
        this.tls = tls;
        this.sasl = sasl;
    }

    /** The protocol named {@code name} (any case); throws naming the accepted ones. */
    public static SecurityProtocol named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown security protocol '" + name
                    + "' (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)");
        }
    }
}
