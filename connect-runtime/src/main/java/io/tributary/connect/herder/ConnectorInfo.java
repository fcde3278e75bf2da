package io.tributary.connect.herder;

import java.util.List;
import java.util.Map;

/** {@code GET /connectors/{name}}: {"name", "config", "tasks": [{"connector","task"}], "type"}. */
public record ConnectorInfo(String name, Map<String, String> config, List<TaskId> tasks, ConnectorType type) {

    public record TaskId(String connector, int task) {
    }
}
