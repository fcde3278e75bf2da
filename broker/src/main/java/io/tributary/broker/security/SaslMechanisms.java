package io.tributary.broker.security;

import io.tributary.broker.network.ListenerConfig;
import io.tributary.broker.security.oauthbearer.OAuthBearerValidation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SASL mechanisms a listener offers ({@code sasl.enabled.mechanisms}, read per listener as Kafka reads it), each
 * ready to start a server-side exchange. PLAIN's users come from the listener's
 * {@code listener.name.<listener>.plain.sasl.jaas.config} ({@code user_<name>="<password>"}); SCRAM-SHA-256 and
 * SCRAM-SHA-512 check the credentials stored in the metadata log (AlterUserScramCredentials); OAUTHBEARER checks
 * signed JWTs against the listener's JWKS ({@link OAuthBearerValidation}).
 * Unsupported or misconfigured mechanisms fail at startup, naming the setting. Closing stops what a mechanism runs
 * in the background (the JWKS refresh).
 */
public final class SaslMechanisms implements AutoCloseable {

    public static final String PLAIN = "PLAIN";
    public static final String OAUTHBEARER = "OAUTHBEARER";
    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final Map<String, Supplier<SaslServerMechanism>> mechanisms;
    private final List<AutoCloseable> resources;
    private final Map<String, Long> reauthMs;

    private SaslMechanisms(Map<String, Supplier<SaslServerMechanism>> mechanisms, List<AutoCloseable> resources,
                           Map<String, Long> reauthMs) {
        this.mechanisms = mechanisms;
        this.resources = resources;
        this.reauthMs = reauthMs;
    }

    /**
     * KIP-368: how long a session of {@code mechanism} lasts before the client must re-authenticate
     * ({@code listener.name.<l>.<mechanism>.connections.max.reauth.ms}, else {@code connections.max.reauth.ms});
     * 0: forever (Kafka's default).
     */
    public long sessionLifetimeMs(String mechanism) {
        return reauthMs.getOrDefault(mechanism, 0L);
    }

    /** The mechanisms of a SASL listener; {@link IllegalArgumentException} says which setting is wrong. */
    public static SaslMechanisms forListener(ListenerConfig listener, ScramServerFactory scram) {
        return forListener(listener, scram, Clock.systemUTC());
    }

    /** As above, with the clock token lifetimes are checked against. */
    public static SaslMechanisms forListener(ListenerConfig listener, ScramServerFactory scram, Clock clock) {
        String enabled = listener.get("sasl.enabled.mechanisms");
        if (enabled == null || enabled.isBlank()) {
            // Kafka's default is GSSAPI (Kerberos), which Tributary does not offer: say so rather than guess
            throw new IllegalArgumentException(listener.name() + " uses " + listener.protocol() + ": set "
                    + listener.prefix() + "sasl.enabled.mechanisms (or sasl.enabled.mechanisms), e.g. PLAIN");
        }
        Map<String, Supplier<SaslServerMechanism>> out = new LinkedHashMap<>();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            addAll(listener, scram, clock, enabled, out, resources);
            return new SaslMechanisms(Map.copyOf(out), List.copyOf(resources), reauthMs(listener, out.keySet()));
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static Map<String, Long> reauthMs(ListenerConfig listener, java.util.Set<String> names) {
        Map<String, Long> reauth = new LinkedHashMap<>();
        for (String name : names) {
            String key = "connections.max.reauth.ms";
            String own = listener.properties().get(listener.prefix() + name.toLowerCase(Locale.ROOT) + "." + key);
            String value = own != null ? own : listener.get(key, "0");
            try {
                long ms = Long.parseLong(value.trim());
                if (ms < 0) {
                    throw new NumberFormatException();
                }
                reauth.put(name, ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(listener.name() + ": " + key + " must be a number of"
                        + " milliseconds ≥ 0, not " + value);
            }
        }
        return Map.copyOf(reauth);
    }

    private static void addAll(ListenerConfig listener, ScramServerFactory scram, Clock clock, String enabled,
                               Map<String, Supplier<SaslServerMechanism>> out, List<AutoCloseable> resources) {
        for (String m : Arrays.stream(enabled.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String name = m.toUpperCase(Locale.ROOT);
            switch (name) {
                case PLAIN -> {
                    Map<String, String> users = plainUsers(listener);
                    out.put(name, () -> new PlainServer(users));
                }
                case "SCRAM-SHA-256", "SCRAM-SHA-512" -> out.put(name, () -> scram.create(name).orElseThrow());
                case OAUTHBEARER -> {
                    OAuthBearerValidation validation = OAuthBearerValidation.forListener(listener, clock);
                    resources.add(validation);
                    out.put(name, validation::newServer);
                }
                default -> throw new IllegalArgumentException(listener.name() + ": SASL mechanism " + m
                        + " is not supported (sasl.enabled.mechanisms; supported: PLAIN, SCRAM-SHA-256,"
                        + " SCRAM-SHA-512, OAUTHBEARER)");
            }
        }
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // nothing to do: closing only stops a background refresh
            }
        }
    }

    /** The enabled mechanism names, as SaslHandshake lists them. */
    public List<String> names() {
        return List.copyOf(mechanisms.keySet());
    }

    /** A new exchange of {@code mechanism}, if enabled. */
    public Optional<SaslServerMechanism> start(String mechanism) {
        Supplier<SaslServerMechanism> s = mechanism == null ? null : mechanisms.get(mechanism);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /**
     * PLAIN's users, from the {@code user_<name>="<password>"} options of the listener's
     * {@code listener.name.<l>.plain.sasl.jaas.config}, else — as Kafka falls back — of the
     * {@code PlainLoginModule} entry of the static JAAS file's {@code <l>.KafkaServer} or {@code KafkaServer}
     * section ({@code -Djava.security.auth.login.config}).
     */
    private static Map<String, String> plainUsers(ListenerConfig listener) {
        String key = listener.prefix() + "plain.sasl.jaas.config";
        String text = listener.properties().get(key);
        Map<String, ?> options;
        String origin;
        if (text != null) {
            try {
                options = JaasConfig.parse(text).options();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
            origin = key;
        } else {
            StaticJaasFile.Entry entry = StaticJaasFile.kafkaServerEntry(listener.name(), PLAIN_LOGIN_MODULE)
                    .orElseThrow(() -> new IllegalArgumentException(listener.name() + " enables PLAIN but " + key
                            + " is not set, and no JAAS file (java.security.auth.login.config) has a "
                            + StaticJaasFile.sections(listener.name()) + " section with " + PLAIN_LOGIN_MODULE
                            + " (e.g. " + PLAIN_LOGIN_MODULE + " required user_alice=\"...\";)"));
            options = entry.options();
            origin = "the JAAS file's " + entry.section() + " section";
        }
        Map<String, String> users = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith("user_") && k.length() > 5 && v != null) {
                users.put(k.substring(5), v.toString());
            }
        });
        if (users.isEmpty()) {
            throw new IllegalArgumentException(origin + " names no user (options user_<name>=\"<password>\")");
        }
        return Map.copyOf(users);
    }
}
