package io.tributary.connect.storage;

import java.util.Map;

/**
 * The latest state of each connector and task, with the worker running it and the trace of a failure. Workers write
 * it as things happen; the REST API reads it. In memory for standalone mode; the status topic in distributed mode.
 */
public interface StatusStore {

    record State(String state, String workerId, String trace) {
    }

    void putConnector(String connector, State state);

    void putTask(String connector, int task, State state);

    State connector(String connector);

    /** The connector's tasks' states by task number. */
    Map<Integer, State> tasks(String connector);

    void remove(String connector);
}
