package io.tributary.compat;

import java.io.IOException;

/** POSIX signals to a child process beyond the SIGTERM/SIGKILL {@link Process} sends itself (via {@code kill}). */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * SIGSTOP: the process keeps its sockets open but runs nothing, as in a long GC pause or a stuck VM; the kernel
     * still accepts connections to its listening ports.
     */
    static void pause(Process process) throws IOException, InterruptedException {
        send(process, "STOP");
    }

    /** SIGCONT after {@link #pause}: the process carries on where it stopped, timers long overdue. */
    static void resume(Process process) throws IOException, InterruptedException {
        send(process, "CONT");
    }

    private static void send(Process process, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }
}
