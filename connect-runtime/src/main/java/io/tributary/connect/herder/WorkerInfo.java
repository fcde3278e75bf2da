package io.tributary.connect.herder;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /} as Kafka Connect answers it. */
public record WorkerInfo(String version, String commit, @JsonProperty("kafka_cluster_id") String kafkaClusterId) {
}
