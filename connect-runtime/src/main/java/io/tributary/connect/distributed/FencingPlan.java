package io.tributary.connect.distributed;

/**
 * KIP-618: what the leader must do before a source connector's newest generation of tasks may start with
 * exactly-once support, decided from the config topic as Apache's leader decides it. The latest task count record
 * says how many tasks the last generation that was allowed to start had; task configs committed after it mean a new
 * generation is waiting ("pending fencing").
 *
 * @param fence       how many tasks' transactional ids ({@code <group>-<connector>-0 .. fence-1}) to fence first;
 *                    0 for none
 * @param recordCount the task count record to write then, or -1 when nothing is to be done
 */
record FencingPlan(int fence, int recordCount) {

    static final FencingPlan NOTHING = new FencingPlan(0, -1);

    /**
     * @param taskCountRecord the latest task count record, or null when none was ever written (no task of the
     *                        connector ever ran with exactly-once support, so none can be a zombie)
     * @param pendingFencing  task configs were committed after that record
     * @param taskCount       how many tasks the newest generation has
     */
    static FencingPlan of(Integer taskCountRecord, boolean pendingFencing, int taskCount) {
        if (!pendingFencing) {
            return NOTHING;
        }
        if (taskCountRecord == null || taskCountRecord == 0 || taskCountRecord == 1 && taskCount == 1) {
            // Nothing to fence, or one task after one task: the new task 0 fences the old one by initTransactions.
            return new FencingPlan(0, taskCount);
        }
        return new FencingPlan(taskCountRecord, taskCount);
    }

    boolean nothing() {
        return recordCount < 0;
    }
}
