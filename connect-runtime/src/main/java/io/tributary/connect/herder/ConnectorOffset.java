package io.tributary.connect.herder;

import java.util.Map;

/**
 * One entry of KIP-875's {@code {"offsets": [{"partition": {...}, "offset": {...}}]}}. For sink connectors the
 * partition is {"kafka_topic","kafka_partition"} and the offset {"kafka_offset"}; a null offset means "remove".
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {
}
