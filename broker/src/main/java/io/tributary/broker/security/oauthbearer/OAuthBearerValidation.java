package io.tributary.broker.security.oauthbearer;

import io.tributary.broker.network.ListenerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A listener's OAUTHBEARER token validation, configured with Kafka's broker settings (KIP-768) read as Kafka reads
 * them: {@code listener.name.<listener>.oauthbearer.<key>}, then {@code listener.name.<listener>.<key>}, then
 * {@code <key>}. The keys: {@code sasl.oauthbearer.jwks.endpoint.url} (required: an {@code https:} or {@code file:}
 * URL), {@code ...jwks.endpoint.refresh.ms} (3600000), {@code ...jwks.endpoint.retry.backoff.ms} (100),
 * {@code ...jwks.endpoint.retry.backoff.max.ms} (10000), {@code sasl.oauthbearer.expected.audience} (a list),
 * {@code sasl.oauthbearer.expected.issuer}, {@code sasl.oauthbearer.sub.claim.name} (sub),
 * {@code sasl.oauthbearer.scope.claim.name} (scope), {@code sasl.oauthbearer.clock.skew.seconds} (30).
 *
 * <p>Deliberately unlike Kafka: without a JWKS URL Kafka's broker accepts unsecured ({@code alg: none}) tokens, a mode
 * for development only; here the listener refuses to start and names the setting. Only Kafka's own validator is
 * offered: a {@code sasl.server.callback.handler.class} naming another class fails the start too, rather than be
 * silently ignored.
 */
public final class OAuthBearerValidation implements AutoCloseable {

    static final String JWKS_URL = "sasl.oauthbearer.jwks.endpoint.url";
    static final String KAFKA_VALIDATOR = "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";

    private final RefreshingJwks jwks;
    private final JwtValidator validator;

    private OAuthBearerValidation(RefreshingJwks jwks, JwtValidator validator) {
        this.jwks = jwks;
        this.validator = validator;
    }

    /** Reads the listener's settings and its JWKS; {@link IllegalArgumentException} names the setting that is wrong. */
    public static OAuthBearerValidation forListener(ListenerConfig listener, Clock clock) {
        Settings s = new Settings(listener);
        String handler = s.get("sasl.server.callback.handler.class");
        if (handler != null && !handler.isBlank() && !handler.trim().equals(KAFKA_VALIDATOR)) {
            throw new IllegalArgumentException(s.name("sasl.server.callback.handler.class") + " is " + handler
                    + ": OAUTHBEARER tokens are validated only as " + KAFKA_VALIDATOR + " does (leave it unset)");
        }
        String url = s.get(JWKS_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(listener.name() + " enables OAUTHBEARER but " + s.name(JWKS_URL)
                    + " is not set: set it to the identity provider's JWKS (https://...) or a JWKS file"
                    + " (file:///...). Unsecured (alg none) tokens, Kafka's default without it, are not accepted.");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(s.name(JWKS_URL) + ": not a URL: " + url);
        }
        if (!"https".equals(uri.getScheme()) && !"file".equals(uri.getScheme())) {
            throw new IllegalArgumentException(s.name(JWKS_URL) + " must be an https: or file: URL, not " + url);
        }
        JwtValidator.Expectations expect = new JwtValidator.Expectations(
                Arrays.stream(s.get("sasl.oauthbearer.expected.audience", "").split(",")).map(String::trim)
                        .filter(a -> !a.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                blankToNull(s.get("sasl.oauthbearer.expected.issuer")),
                s.get("sasl.oauthbearer.sub.claim.name", "sub").trim(),
                s.get("sasl.oauthbearer.scope.claim.name", "scope").trim(),
                Duration.ofSeconds(s.number("sasl.oauthbearer.clock.skew.seconds", 30)));
        RefreshingJwks jwks;
        try {
            jwks = RefreshingJwks.start(uri, s.positive("sasl.oauthbearer.jwks.endpoint.refresh.ms", 3_600_000),
                    s.positive("sasl.oauthbearer.jwks.endpoint.retry.backoff.ms", 100),
                    s.positive("sasl.oauthbearer.jwks.endpoint.retry.backoff.max.ms", 10_000), clock);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(s.name(JWKS_URL) + ": cannot read a JWKS from " + url + ": " + e,
                    e);
        }
        return new OAuthBearerValidation(jwks, new JwtValidator(jwks, expect, clock));
    }

    /** A server for one login. */
    public OAuthBearerServer newServer() {
        return new OAuthBearerServer(validator);
    }

    @Override
    public void close() {
        jwks.close();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The listener's settings in Kafka's order of precedence for a SASL mechanism's settings. */
    private record Settings(ListenerConfig listener) {

        String get(String key) {
            String own = listener.properties().get(listener.prefix() + "oauthbearer." + key);
            return own != null ? own : listener.get(key);
        }

        String get(String key, String fallback) {
            String v = get(key);
            return v == null || v.isBlank() ? fallback : v;
        }

        long number(String key, long fallback) {
            String v = get(key);
            try {
                long n = v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name(key) + " must be a whole number >= 0, not " + v);
            }
        }

        long positive(String key, long fallback) {
            long n = number(key, fallback);
            if (n == 0) {
                throw new IllegalArgumentException(name(key) + " must be > 0");
            }
            return n;
        }

        /** How to name {@code key} in a message: the listener's own key, and the broker-wide one. */
        String name(String key) {
            return listener.prefix() + "oauthbearer." + key + " (or " + key + ")";
        }
    }
}
