package io.tributary.connect.storage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Standalone mode's statuses: only this worker runs connectors, so its memory is the truth. */
public final class MemoryStatusStore implements StatusStore {

    private final Map<String, State> connectors = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, State>> tasks = new ConcurrentHashMap<>();

    @Override
    public void putConnector(String connector, State state) {
        connectors.put(connector, state);
    }

    @Override
    public void putTask(String connector, int task, State state) {
        tasks.computeIfAbsent(connector, k -> new ConcurrentHashMap<>()).put(task, state);
    }

    @Override
    public State connector(String connector) {
        return connectors.get(connector);
    }

    @Override
    public Map<Integer, State> tasks(String connector) {
        return new TreeMap<>(tasks.getOrDefault(connector, Map.of()));
    }

    @Override
    public void remove(String connector) {
        connectors.remove(connector);
        tasks.remove(connector);
    }
}
