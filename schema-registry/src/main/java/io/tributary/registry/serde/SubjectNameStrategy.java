package io.tributary.registry.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Which subject a record's schema goes under, by Confluent's strategies: {@code <topic>-key|value} (TopicNameStrategy,
 * the default), the record's full name (RecordNameStrategy), or both ({@code <topic>-<full name>},
 * TopicRecordNameStrategy). Confluent's class names and the short names are accepted.
 */
public enum SubjectNameStrategy {
    TOPIC, RECORD, TOPIC_RECORD;

    public static SubjectNameStrategy fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return TOPIC;
        }
        String name = value.substring(value.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "topicnamestrategy" -> TOPIC;
            case "recordnamestrategy" -> RECORD;
            case "topicrecordnamestrategy" -> TOPIC_RECORD;
            default -> throw new IllegalArgumentException("unknown subject name strategy " + value
                    + "; use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }
}
