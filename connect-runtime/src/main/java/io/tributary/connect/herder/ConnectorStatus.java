package io.tributary.connect.herder;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /connectors/{name}/status}: the connector's state and each task's, with the worker running it and, for
 * FAILED, the stack trace. States: UNASSIGNED, RUNNING, PAUSED, STOPPED, FAILED, RESTARTING.
 */
public record ConnectorStatus(String name, ConnectorState connector, List<TaskState> tasks, ConnectorType type) {

    /** KIP-745: the answer to a restart request: RESTARTING for what it restarts, the rest as it was. */
    public ConnectorStatus restarting(boolean includeTasks, boolean onlyFailed) {
        boolean connectorToo = !onlyFailed || "FAILED".equals(connector.state());
        ConnectorState c = connectorToo ? new ConnectorState("RESTARTING", connector.workerId(), null) : connector;
        List<TaskState> after = new java.util.ArrayList<>();
        for (TaskState t : tasks) {
            boolean restarted = includeTasks && (!onlyFailed || "FAILED".equals(t.state()));
            after.add(restarted ? new TaskState(t.id(), "RESTARTING", t.workerId(), null) : t);
        }
        return new ConnectorStatus(name, c, after, type);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectorState(String state, @JsonProperty("worker_id") String workerId, String trace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskState(int id, String state, @JsonProperty("worker_id") String workerId, String trace) {
    }
}
