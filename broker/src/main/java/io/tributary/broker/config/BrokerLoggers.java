package io.tributary.broker.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * This node's loggers and their levels, as DescribeConfigs shows a BROKER_LOGGER resource ({@code kafka-configs
 * --describe --entity-type broker-loggers}): {@code root} with the default level, then each logger given a level of its
 * own. Tributary logs through slf4j-simple, which reads them once, at startup, from {@code simplelogger.properties} on
 * the class path and from {@code org.slf4j.simpleLogger.*} system properties (these win), so unlike Kafka's
 * (Log4j's, changeable at run time) they are read-only.
 */
public final class BrokerLoggers {

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final String LOGGER_PREFIX = PREFIX + "log.";

    private BrokerLoggers() {
    }

    /** The loggers with their levels in upper case ({@code WARN}), {@code root} first, the others by name. */
    public static List<ResolvedConfig> describe() {
        Properties settings = new Properties();
        try (InputStream in = BrokerLoggers.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                settings.load(in);
            }
        } catch (IOException e) {
            // slf4j-simple then logs with its defaults too
        }
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith(PREFIX)) {
                settings.put(k, v);
            }
        });
        Map<String, String> loggers = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.toString().startsWith(LOGGER_PREFIX)) {
                loggers.put(k.toString().substring(LOGGER_PREFIX.length()), level(v.toString()));
            }
        });
        List<ResolvedConfig> out = new ArrayList<>();
        out.add(entry("root", level(settings.getProperty(PREFIX + "defaultLogLevel", "info"))));
        loggers.forEach((name, level) -> out.add(entry(name, level)));
        return out;
    }

    private static String level(String value) {
        return value.trim().toUpperCase(Locale.ROOT);
    }

    private static ResolvedConfig entry(String logger, String level) {
        return new ResolvedConfig(logger, level, ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG, List.of(),
                ConfigType.STRING, true, false, null);
    }
}
