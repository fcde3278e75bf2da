package io.tributary.compat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** What a Connect worker test shows of its worker's logs: the tail when a test fails, a count of errors at the end. */
final class WorkerLogs {

    private WorkerLogs() {
    }

    /** A watcher that prints {@code <test> failed; <whose><the last lines of the worker's log>}. */
    static TestWatcher tailOnFailure(String whose, int lines, Supplier<ConnectWorkerProcess> worker) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                ConnectWorkerProcess w = worker.get();
                if (w != null) {
                    System.err.println(context.getDisplayName() + " failed; " + whose + w.logTail(lines));
                }
            }
        };
    }

    /** Stops the worker (if it was made) and {@linkplain #report reports} its log lines holding {@code marker}. */
    static void stopAndReport(ConnectWorkerProcess worker, String label, String marker, int first) throws Exception {
        if (worker != null) {
            worker.stop();
            report(worker, label, marker, first);
        }
    }

    /** Prints how many log lines hold {@code marker} (" SEVERE ", " ERROR ") and the first {@code first} of them. */
    static void report(ConnectWorkerProcess worker, String label, String marker, int first) throws Exception {
        List<String> lines = worker.logLines(marker);
        System.out.println(label + ": " + lines.size() + " " + marker.trim() + " lines in its logs"
                + (lines.isEmpty() ? "" : ", the first ones:\n" + String.join("\n",
                lines.subList(0, Math.min(first, lines.size())))));
    }
}
