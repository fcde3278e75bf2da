package io.tributary.connect.worker;

/** Where in a record's path an error happened, under Kafka Connect's names (reported in logs and DLQ headers). */
public enum ErrorStage {
    KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, TRANSFORMATION, TASK_PUT, TASK_POLL, KAFKA_PRODUCE,
    KAFKA_CONSUME
}
