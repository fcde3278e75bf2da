package io.tributary.connect.worker;

import java.util.function.BooleanSupplier;

/**
 * The checks distributed mode makes around the start of an exactly-once source task (KIP-618), run on the task's
 * thread: before its transactional producer is initialized, the cluster's leader fences every older generation of
 * the connector's tasks; after it, the task's generation must still be the newest and the task still assigned to
 * this worker. Either one failing fails the task.
 */
public interface ExactlyOnceStart {

    /** Blocks until older generations of the connector's tasks are fenced; gives up once {@code stopping}. */
    void beforeProducer(BooleanSupplier stopping);

    /** Throws when the task must not run after all (new task configs, or the task moved to another worker). */
    void afterProducer();
}
