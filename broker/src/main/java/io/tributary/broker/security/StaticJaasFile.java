package io.tributary.broker.security;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The broker's sections of the static JAAS file ({@code -Djava.security.auth.login.config}), read as Kafka reads
 * them when a listener has no {@code sasl.jaas.config}: {@code <listener in lower case>.KafkaServer} first, then
 * {@code KafkaServer}.
 */
final class StaticJaasFile {

    /** A login module entry found in the file, and the section it came from. */
    record Entry(String section, Map<String, ?> options) {
    }

    private StaticJaasFile() {
    }

    /** The sections looked at for a listener, as a message names them. */
    static String sections(String listener) {
        return listener.toLowerCase(Locale.ROOT) + ".KafkaServer or KafkaServer";
    }

    /** The entry of {@code loginModule} in the listener's section, else in {@code KafkaServer}; empty if neither. */
    static Optional<Entry> kafkaServerEntry(String listener, String loginModule) {
        if (System.getProperty("java.security.auth.login.config") == null) {
            return Optional.empty();   // no file given: do not let the JDK look for a default one
        }
        for (String section : new String[] {listener.toLowerCase(Locale.ROOT) + ".KafkaServer", "KafkaServer"}) {
            AppConfigurationEntry[] entries;
            try {
                entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
            } catch (SecurityException e) {
                throw new IllegalArgumentException("cannot read the JAAS file (java.security.auth.login.config="
                        + System.getProperty("java.security.auth.login.config") + "): " + e.getMessage());
            }
            if (entries == null) {
                continue;
            }
            for (AppConfigurationEntry entry : entries) {
                if (entry.getLoginModuleName().equals(loginModule)) {
                    return Optional.of(new Entry(section, entry.getOptions()));
                }
            }
        }
        return Optional.empty();
    }
}
