package io.tributary.connect.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Kafka Connect's error handling for one task: an operation failing with a {@link RetriableException} is retried
 * with growing pauses up to {@code errors.retry.timeout}; then, with {@code errors.tolerance=none}, the task fails
 * ("Tolerance exceeded in error handler"), and with {@code all} the record is skipped, logged when
 * {@code errors.log.enable}, and (sink connectors) sent to the dead letter queue.
 */
public final class ErrorHandler {

    private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());

    /** Thrown by {@link #execute} when a tolerated error means the record is skipped. */
    public static final class Skipped extends RuntimeException {
        Skipped(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final String taskName;
    private final boolean tolerateAll;
    private final long retryTimeoutMs;
    private final long maxDelayMs;
    private final boolean log;
    private final boolean logMessages;
    private final DeadLetterQueue dlq;
    private volatile boolean stopping;
    private long errors;
    private long skipped;

    public ErrorHandler(ConnectorConfig config, String taskName, DeadLetterQueue dlq) {
        this.taskName = taskName;
        this.tolerateAll = config.toleratesAll();
        this.retryTimeoutMs = config.getLong(ConnectorConfig.ERRORS_RETRY_TIMEOUT);
        this.maxDelayMs = config.getLong(ConnectorConfig.ERRORS_RETRY_MAX_DELAY);
        this.log = config.getBoolean(ConnectorConfig.ERRORS_LOG_ENABLE);
        this.logMessages = config.getBoolean(ConnectorConfig.ERRORS_LOG_MESSAGES);
        this.dlq = dlq;
    }

    /** Ends retry waits early: the task is stopping. */
    public void stop() {
        stopping = true;
    }

    /**
     * Runs {@code op} for a record at {@code stage}. Returns its result, throws {@link Skipped} when the failure is
     * tolerated, or a ConnectException that fails the task.
     */
    public <V> V execute(ErrorStage stage, Class<?> executing, ConsumerRecord<byte[], byte[]> consumed,
                         Callable<V> op) {
        long deadline = -1;   // set at the first failure: no clock read on the path of a record that passes
        long delay = 300;
        while (true) {
            try {
                return op.call();
            } catch (RetriableException e) {
                long now = System.currentTimeMillis();
                if (deadline < 0) {
                    deadline = retryTimeoutMs < 0 ? Long.MAX_VALUE : now + retryTimeoutMs;
                }
                if (stopping || now >= deadline) {
                    return fail(stage, executing, consumed, e);
                }
                // The last pause is cut short to end at the deadline, where one more attempt is made.
                sleep(Math.min(Math.min(delay, maxDelayMs), deadline - now));
                delay *= 2;
            } catch (Exception e) {
                return fail(stage, executing, consumed, e);
            }
        }
    }

    private <V> V fail(ErrorStage stage, Class<?> executing, ConsumerRecord<byte[], byte[]> consumed, Exception e) {
        errors++;
        if (!tolerateAll) {
            throw new ConnectException("Tolerance exceeded in error handler", e);
        }
        skipped++;
        if (log) {
            LOG.log(Level.SEVERE, describe(stage, executing, consumed), e);
        }
        if (dlq != null && consumed != null) {
            dlq.send(consumed, stage, executing, e, taskName);
        }
        throw new Skipped(e);
    }

    /** A sink task reports a record it could not handle (SinkTaskContext.errantRecordReporter). */
    public void report(ConsumerRecord<byte[], byte[]> consumed, Throwable error) {
        errors++;
        if (!tolerateAll) {
            throw new ConnectException("Tolerance exceeded in error handler", error);
        }
        skipped++;
        if (log) {
            LOG.log(Level.SEVERE, describe(ErrorStage.TASK_PUT, null, consumed), error);
        }
        if (dlq != null) {
            dlq.send(consumed, ErrorStage.TASK_PUT, null, error, taskName);
        }
    }

    public boolean reportsErrantRecords() {
        return dlq != null || log;
    }

    private String describe(ErrorStage stage, Class<?> executing, ConsumerRecord<byte[], byte[]> consumed) {
        StringBuilder b = new StringBuilder("Error encountered in task ").append(taskName)
                .append(". Executing stage '").append(stage).append("' with class '")
                .append(executing == null ? "unknown" : executing.getName()).append('\'');
        if (consumed != null) {
            b.append(", where consumed record is {topic='").append(consumed.topic()).append("', partition=")
                    .append(consumed.partition()).append(", offset=").append(consumed.offset());
            if (logMessages) {
                b.append(", timestamp=").append(consumed.timestamp());
            }
            b.append('}');
        }
        return b.append('.').toString();
    }

    public long errors() {
        return errors;
    }

    public long skipped() {
        return skipped;
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
