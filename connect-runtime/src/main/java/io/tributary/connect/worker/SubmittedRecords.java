package io.tributary.connect.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The source records sent but whose offsets are not committed yet, per source partition in send order. An offset
 * may be committed only once its record and every record before it in that partition are acknowledged by the broker
 * — so a crash replays from the oldest unacknowledged record and nothing is lost (at-least-once).
 */
final class SubmittedRecords {

    static final class Submitted {
        private final Map<String, ?> partition;
        private final Map<String, ?> offset;
        private volatile boolean acked;

        Submitted(Map<String, ?> partition, Map<String, ?> offset) {
            this.partition = partition;
            this.offset = offset;
        }

        void ack() {
            acked = true;
        }
    }

    private final Map<Map<String, ?>, Deque<Submitted>> pending = new HashMap<>();
    private final Map<Map<String, ?>, Map<String, ?>> committable = new HashMap<>();

    synchronized Submitted submit(Map<String, ?> partition, Map<String, ?> offset) {
        Submitted s = new Submitted(partition, offset);
        pending.computeIfAbsent(partition, k -> new ArrayDeque<>()).add(s);
        return s;
    }

    /**
     * Drops the acknowledged prefix of each partition, remembering only its newest offset: called every poll, so
     * memory holds the records in flight, not every record since the last commit.
     */
    synchronized void trim() {
        for (Iterator<Map.Entry<Map<String, ?>, Deque<Submitted>>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Map<String, ?>, Deque<Submitted>> e = it.next();
            Deque<Submitted> q = e.getValue();
            Submitted last = null;
            while (!q.isEmpty() && q.peekFirst().acked) {
                last = q.pollFirst();
            }
            if (last != null && last.partition != null && last.offset != null) {
                committable.put(last.partition, last.offset);
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    /** The newest offset of each partition's acknowledged prefix since the last call. */
    synchronized Map<Map<String, ?>, Map<String, ?>> takeCommittable() {
        trim();
        Map<Map<String, ?>, Map<String, ?>> out = new HashMap<>(committable);
        committable.clear();
        return out;
    }

    synchronized int unacked() {
        int n = 0;
        for (Deque<Submitted> q : pending.values()) {
            for (Submitted s : q) {
                if (!s.acked) {
                    n++;
                }
            }
        }
        return n;
    }
}
