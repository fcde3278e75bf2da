package io.tributary.streams.internal;

import java.util.Locale;

/**
 * What a task does with a record it cannot deserialize ({@code deserialization.exception.handler}): fail the
 * stream thread (Kafka Streams' default, {@code LogAndFailExceptionHandler}) or log it and go on
 * ({@code LogAndContinueExceptionHandler}). Kafka's class names are accepted as values.
 */
public enum DeserializationPolicy {
    LOG_AND_FAIL,
    LOG_AND_CONTINUE;

    public static DeserializationPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return LOG_AND_FAIL;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("logandcontinueexceptionhandler") || v.equals("log_and_continue")
                || v.equals("logandcontinue")) {
            return LOG_AND_CONTINUE;
        }
        if (v.endsWith("logandfailexceptionhandler") || v.equals("log_and_fail") || v.equals("logandfail")) {
            return LOG_AND_FAIL;
        }
        throw new IllegalArgumentException("deserialization.exception.handler: unknown handler " + value
                + " (LogAndFailExceptionHandler or LogAndContinueExceptionHandler)");
    }
}
