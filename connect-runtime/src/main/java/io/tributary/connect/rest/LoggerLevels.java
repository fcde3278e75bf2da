package io.tributary.connect.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The worker's log levels as {@code /admin/loggers} shows and changes them. The backend is java.util.logging
 * (connectors' slf4j reaches it through slf4j-jdk14); names and levels are spoken in Kafka's log4j terms:
 * the root logger is {@code root}, levels are OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL.
 *
 * <p>Levels map to JUL by what slf4j-jdk14 logs at: ERROR = SEVERE, WARN = WARNING, INFO = INFO, DEBUG = FINE,
 * TRACE = FINEST, plus a FATAL level above SEVERE (so FATAL, as in log4j, silences ERROR). A JUL level is read back
 * as the most verbose Kafka level it lets through (CONFIG reads INFO, FINER reads DEBUG).
 *
 * <p>Setting a level on {@code a.b} sets it on {@code a.b} and on every existing logger below it that has a level
 * of its own, as log4j's {@code Configurator.setAllLevels} does; loggers below without one inherit it. "Below" is
 * the dotted hierarchy ({@code a.b.c}, not {@code a.bc}).
 */
public final class LoggerLevels {

    /** The root logger's name in the API (JUL's is the empty string). */
    public static final String ROOT = "root";

    /** log4j's FATAL: above SEVERE, so it silences ERROR (SEVERE) records as in log4j. */
    static final Level FATAL = new KafkaLevel("FATAL", 1100);

    /** {@code {"level": "INFO", "last_modified": 1700000000000}}; last_modified is null until set through here. */
    public record LoggerLevel(String level, @JsonProperty("last_modified") Long lastModified) {
    }

    private final LongSupplier clock;
    private final Map<String, Long> lastModified = new HashMap<>();
    /** JUL holds loggers weakly: one collected forgets its level, so every logger set here is kept. */
    private final Map<String, Logger> pinned = new HashMap<>();

    public LoggerLevels() {
        this(System::currentTimeMillis);
    }

    LoggerLevels(LongSupplier clock) {
        this.clock = clock;
    }

    /** The JUL level for a Kafka/log4j level name (any case), or null when it names none. */
    public static Level toJul(String kafkaLevel) {
        return switch (kafkaLevel.trim().toUpperCase(Locale.ROOT)) {
            case "OFF" -> Level.OFF;
            case "FATAL" -> FATAL;
            case "ERROR" -> Level.SEVERE;
            case "WARN" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            case "ALL" -> Level.ALL;
            default -> null;
        };
    }

    /** The Kafka/log4j name of a JUL level: the most verbose Kafka level whose records it lets through. */
    public static String toKafka(Level level) {
        int v = level.intValue();
        if (v == Level.ALL.intValue()) {
            return "ALL";
        } else if (v <= Level.FINEST.intValue()) {
            return "TRACE";
        } else if (v <= Level.FINE.intValue()) {
            return "DEBUG";
        } else if (v <= Level.INFO.intValue()) {
            return "INFO";
        } else if (v <= Level.WARNING.intValue()) {
            return "WARN";
        } else if (v <= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (v <= FATAL.intValue()) {
            return "FATAL";
        }
        return "OFF";
    }

    /**
     * {@code GET /admin/loggers}: the root logger and every logger with a level of its own, by name. Loggers set to
     * OFF are left out, as Kafka 4 leaves them out.
     */
    public synchronized Map<String, LoggerLevel> all() {
        Map<String, LoggerLevel> out = new TreeMap<>();
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger != null && logger.getLevel() != null && logger.getLevel() != Level.OFF) {
                out.put(apiName(name), levelOf(name, logger.getLevel()));
            }
        }
        Logger root = Logger.getLogger("");
        Level rootLevel = effective(root);
        if (rootLevel != Level.OFF) {
            out.put(ROOT, levelOf("", rootLevel));
        }
        return out;
    }

    /** {@code GET /admin/loggers/{name}}: the logger's effective level, or null when no such logger exists. */
    public synchronized LoggerLevel level(String name) {
        String jul = julName(name);
        Logger logger = jul.isEmpty() ? Logger.getLogger("") : LogManager.getLogManager().getLogger(jul);
        return logger == null ? null : levelOf(jul, effective(logger));
    }

    /**
     * {@code PUT /admin/loggers/{namespace}}: sets {@code kafkaLevel} on the namespace and the loggers below it
     * (see the class comment) and answers the names of the loggers whose effective level changed, sorted.
     *
     * @throws IllegalArgumentException when {@code kafkaLevel} is no level name
     */
    public synchronized List<String> setLevel(String namespace, String kafkaLevel) {
        Level level = toJul(kafkaLevel);
        if (level == null) {
            throw new IllegalArgumentException("invalid log level '" + kafkaLevel + "'.");
        }
        String ns = julName(namespace);
        Map<String, String> before = new HashMap<>();
        for (Logger logger : below(ns)) {
            before.put(logger.getName(), toKafka(effective(logger)));
        }
        Logger target = Logger.getLogger(ns);
        pinned.put(ns, target);
        target.setLevel(level);
        for (Logger logger : below(ns)) {
            if (logger != target && logger.getLevel() != null) {
                logger.setLevel(level);
                pinned.put(logger.getName(), logger);
            }
        }
        openHandlers(target, level);
        long now = clock.getAsLong();
        List<String> changed = new ArrayList<>();
        for (Logger logger : below(ns)) {
            String name = logger.getName();
            if (!toKafka(effective(logger)).equals(before.get(name))) {
                lastModified.put(name, now);
                changed.add(apiName(name));
            }
        }
        Collections.sort(changed);
        return changed;
    }

    /** Whether {@code kafkaLevel} names a level ({@link #setLevel} accepts it). */
    public static boolean isValid(String kafkaLevel) {
        return kafkaLevel != null && toJul(kafkaLevel) != null;
    }

    /**
     * A handler keeps its own threshold (the JDK's ConsoleHandler defaults to INFO), which would drop the DEBUG
     * records just let through: the handlers the namespace's records reach are opened down to the new level.
     * Loggers elsewhere still filter by their own levels, so nothing else gets louder.
     */
    private static void openHandlers(Logger logger, Level level) {
        if (level == Level.OFF) {
            return;
        }
        for (Logger l = logger; l != null; l = l.getParent()) {
            for (Handler h : l.getHandlers()) {
                if (h.getLevel().intValue() > level.intValue()) {
                    h.setLevel(level);
                }
            }
            if (!l.getUseParentHandlers()) {
                break;
            }
        }
    }

    /** The existing loggers at or below {@code ns} in the dotted hierarchy (every logger for the root). */
    private static List<Logger> below(String ns) {
        List<Logger> out = new ArrayList<>();
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            if (ns.isEmpty() || name.equals(ns) || name.startsWith(ns + ".")) {
                Logger logger = manager.getLogger(name);
                if (logger != null) {
                    out.add(logger);
                }
            }
        }
        return out;
    }

    private static Level effective(Logger logger) {
        for (Logger l = logger; l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel();
            }
        }
        return Level.INFO; // JUL's default for a root without a level
    }

    private LoggerLevel levelOf(String julName, Level level) {
        return new LoggerLevel(toKafka(level), lastModified.get(julName));
    }

    private static String julName(String apiName) {
        return apiName.isEmpty() || apiName.equalsIgnoreCase(ROOT) ? "" : apiName;
    }

    private static String apiName(String julName) {
        return julName.isEmpty() ? ROOT : julName;
    }

    /** A JUL level with a log4j name (Level's constructor is protected). */
    private static final class KafkaLevel extends Level {
        KafkaLevel(String name, int value) {
            super(name, value);
        }
    }
}
