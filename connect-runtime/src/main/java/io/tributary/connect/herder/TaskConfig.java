package io.tributary.connect.herder;

import java.util.Map;

/** One entry of {@code GET /connectors/{name}/tasks}: {"id": {"connector","task"}, "config": {...}}. */
public record TaskConfig(ConnectorInfo.TaskId id, Map<String, String> config) {
}
