package io.tributary.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka's log4j level names over java.util.logging: the mapping, the hierarchy, what is reported changed. */
class LoggerLevelsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final LoggerLevels levels = new LoggerLevels(clock::get);
    // Held strongly: JUL forgets collected loggers.
    private final Logger a = Logger.getLogger("lltest.a");
    private final Logger ab = Logger.getLogger("lltest.a.b");
    private final Logger ac = Logger.getLogger("lltest.a.c");
    private final Logger sibling = Logger.getLogger("lltest.ab");

    @AfterEach
    void clear() {
        for (Logger l : List.of(a, ab, ac, sibling, Logger.getLogger("lltest"))) {
            l.setLevel(null);
        }
    }

    @Test
    void kafkaNamesMapToJulAndBack() {
        Map<String, Level> expected = Map.of("OFF", Level.OFF, "ERROR", Level.SEVERE, "WARN", Level.WARNING,
                "INFO", Level.INFO, "DEBUG", Level.FINE, "TRACE", Level.FINEST, "ALL", Level.ALL);
        expected.forEach((name, jul) -> {
            assertThat(LoggerLevels.toJul(name)).isEqualTo(jul);
            assertThat(LoggerLevels.toJul(name.toLowerCase())).isEqualTo(jul);
            assertThat(LoggerLevels.toKafka(jul)).isEqualTo(name);
        });
        assertThat(LoggerLevels.toKafka(LoggerLevels.toJul("FATAL"))).isEqualTo("FATAL");
        assertThat(LoggerLevels.toJul("LOUD")).isNull();
        assertThat(LoggerLevels.isValid("warn")).isTrue();
        assertThat(LoggerLevels.isValid("")).isFalse();
        // JUL levels between Kafka's read as the most verbose Kafka level they let through.
        assertThat(LoggerLevels.toKafka(Level.CONFIG)).isEqualTo("INFO");
        assertThat(LoggerLevels.toKafka(Level.FINER)).isEqualTo("DEBUG");
    }

    @Test
    void fatalSilencesErrorsAsInLog4j() {
        levels.setLevel("lltest.a", "FATAL");
        assertThat(a.isLoggable(Level.SEVERE)).isFalse();
        assertThat(levels.level("lltest.a").level()).isEqualTo("FATAL");
    }

    @Test
    void settingANamespaceReachesItsDescendantsOnly() {
        ab.setLevel(Level.WARNING); // a level of its own: overwritten, as log4j's setAllLevels does

        List<String> changed = levels.setLevel("lltest.a", "DEBUG");

        assertThat(changed).containsExactly("lltest.a", "lltest.a.b", "lltest.a.c");
        assertThat(ab.getLevel()).isEqualTo(Level.FINE);
        assertThat(ac.getLevel()).isNull(); // inherits
        assertThat(ac.isLoggable(Level.FINE)).isTrue();
        assertThat(sibling.isLoggable(Level.FINE)).isFalse(); // lltest.ab is not below lltest.a
        assertThat(levels.level("lltest.a.c")).isEqualTo(new LoggerLevels.LoggerLevel("DEBUG", 1_000L));
        assertThat(levels.level("lltest.ab").lastModified()).isNull();
    }

    @Test
    void onlyLoggersWhoseLevelChangedAreReported() {
        assertThat(levels.setLevel("lltest.a", "WARN")).containsExactly("lltest.a", "lltest.a.b", "lltest.a.c");
        ab.setLevel(Level.SEVERE);
        clock.set(2_000);
        assertThat(levels.setLevel("lltest.a", "WARN")).containsExactly("lltest.a.b");
        assertThat(levels.level("lltest.a").lastModified()).isEqualTo(1_000L);
        assertThat(levels.level("lltest.a.b").lastModified()).isEqualTo(2_000L);
    }

    @Test
    void aNamespaceWithoutLoggerIsCreated() {
        assertThat(levels.level("lltest.fresh.ns")).isNull();
        assertThat(levels.setLevel("lltest.fresh.ns", "TRACE")).containsExactly("lltest.fresh.ns");
        assertThat(levels.level("lltest.fresh.ns").level()).isEqualTo("TRACE");
        // Kept though nothing else holds it.
        System.gc();
        assertThat(levels.level("lltest.fresh.ns").level()).isEqualTo("TRACE");
    }

    @Test
    void allListsExplicitLevelsAndRootButNotOff() {
        levels.setLevel("lltest.a", "WARN");
        levels.setLevel("lltest.ab", "OFF");
        Map<String, LoggerLevels.LoggerLevel> all = levels.all();
        assertThat(all.get("lltest.a")).isEqualTo(new LoggerLevels.LoggerLevel("WARN", 1_000L));
        assertThat(all).doesNotContainKey("lltest.a.c").doesNotContainKey("lltest.ab").containsKey("root");
        assertThat(levels.level("ROOT")).isNotNull();
    }

    @Test
    void handlersAreOpenedDownToTheNewLevel() {
        Logger isolated = Logger.getLogger("lltest.handler");
        isolated.setUseParentHandlers(false);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.INFO);
        isolated.addHandler(handler);
        try {
            levels.setLevel("lltest.handler", "DEBUG");
            assertThat(handler.getLevel()).isEqualTo(Level.FINE);
            levels.setLevel("lltest.handler", "ERROR");
            assertThat(handler.getLevel()).isEqualTo(Level.FINE); // never raised
        } finally {
            isolated.removeHandler(handler);
            isolated.setLevel(null);
        }
    }

    @Test
    void anInvalidLevelIsRefused() {
        assertThatThrownBy(() -> levels.setLevel("lltest.a", "LOUD")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid log level 'LOUD'.");
    }
}
