package io.tributary.connect.distributed;

import java.util.List;

/**
 * What the group's leader tells one worker: the leader's REST URL (where config writes go), the config log offset
 * the plan was made at (the worker reads at least that far before acting), and the connectors and tasks
 * ({@code <connector>-<n>}) it runs.
 */
public record Assignment(String leaderId, String leaderUrl, long configOffset, List<String> connectors,
                         List<String> tasks) {

    public static String taskKey(String connector, int task) {
        return connector + "-" + task;
    }

    public static String connectorOf(String taskKey) {
        return taskKey.substring(0, taskKey.lastIndexOf('-'));
    }

    public static int taskOf(String taskKey) {
        return Integer.parseInt(taskKey.substring(taskKey.lastIndexOf('-') + 1));
    }
}
