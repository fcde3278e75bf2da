package io.tributary.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which leader epoch wrote which part of the log: epoch → the first offset written in it, persisted in the
 * partition's {@code leader-epoch-checkpoint} (Kafka's checkpoint format, one {@code epoch startOffset} line per
 * epoch). A follower asks the leader "where does my last epoch end?" (OffsetForLeaderEpoch) and truncates its log
 * to the answer, which is how divergent uncommitted suffixes are removed after a leader change.
 */
public final class LeaderEpochCache {

    /** Epoch or offset unknown, as Kafka answers OffsetForLeaderEpoch. */
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;

    /** The answer to "end offset of epoch E": the largest known epoch at most E, and where it ends. */
    public record EpochEnd(int epoch, long endOffset) {
    }

    private final CheckpointFile file;
    private final TreeMap<Integer, Long> epochs = new TreeMap<>();

    LeaderEpochCache(Path dir) throws IOException {
        this.file = new CheckpointFile(dir.resolve("leader-epoch-checkpoint"));
        for (String line : file.read()) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) {
                throw new IOException("malformed line '" + line + "' in " + file.path());
            }
            epochs.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        }
    }

    /** The newest epoch that wrote to this log (what a follower sends as its last fetched epoch); -1 if none. */
    public synchronized int latestEpoch() {
        return epochs.isEmpty() ? UNDEFINED_EPOCH : epochs.lastKey();
    }

    /** Records that {@code epoch} starts at {@code startOffset}, if it is newer than every known epoch. */
    synchronized void assign(int epoch, long startOffset) {
        if (epoch < 0 || (!epochs.isEmpty() && epoch <= epochs.lastKey())) {
            return;
        }
        // A new epoch starting below an older one's start means the older one wrote nothing that survived.
        epochs.tailMap(epoch, false).clear();
        epochs.entrySet().removeIf(e -> e.getValue() >= startOffset);
        epochs.put(epoch, startOffset);
        persist();
    }

    /** The answer to OffsetForLeaderEpoch for {@code requested}, given the log's end offset. */
    public synchronized EpochEnd endOffsetFor(int requested, long logEndOffset) {
        if (requested == UNDEFINED_EPOCH || epochs.isEmpty()) {
            return new EpochEnd(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        if (requested == epochs.lastKey()) {
            return new EpochEnd(requested, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requested);
        if (higher == null) {
            return new EpochEnd(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requested);
        return new EpochEnd(floor == null ? requested : floor.getKey(), higher.getValue());
    }

    /**
     * The leader's side of fetch-time truncation: whether a follower whose last batch was written in
     * {@code lastFetchedEpoch} and whose log ends at {@code fetchOffset} diverged from this log (ending at
     * {@code logEndOffset}) — this log knows that epoch ending before the follower's end, or only older epochs.
     * Returns where this log's largest epoch up to the follower's ends (the follower truncates there,
     * {@link #divergencePoint}), or null if the follower is consistent (or nothing can be said: no epoch up to its last
     * is known here).
     */
    public synchronized EpochEnd divergence(int lastFetchedEpoch, long fetchOffset, long logEndOffset) {
        if (lastFetchedEpoch < 0) {
            return null;
        }
        EpochEnd end = endOffsetFor(lastFetchedEpoch, logEndOffset);
        if (end.epoch() == UNDEFINED_EPOCH) {
            return null;
        }
        return end.epoch() < lastFetchedEpoch || end.endOffset() < fetchOffset ? end : null;
    }

    /**
     * The follower's side: where this log (ending at {@code logEndOffset}) agrees with a leader that answered
     * {@code leader} ("my largest epoch up to your last one is E, ending at O") — the end of E here too if this log has
     * E, else the end of this log's own largest epoch below E (the next fetch then asks about that one). Never past
     * this log's end.
     */
    public synchronized long divergencePoint(EpochEnd leader, long logEndOffset) {
        EpochEnd mine = endOffsetFor(leader.epoch(), logEndOffset);
        if (mine.epoch() == UNDEFINED_EPOCH) {
            return Math.min(leader.endOffset(), logEndOffset);
        }
        if (mine.epoch() == leader.epoch()) {
            return Math.min(Math.min(leader.endOffset(), mine.endOffset()), logEndOffset);
        }
        return Math.min(mine.endOffset(), logEndOffset);
    }

    /** The epoch that wrote {@code offset}: the latest epoch starting at or before it; -1 if none. */
    public synchronized int epochForOffset(long offset) {
        int epoch = UNDEFINED_EPOCH;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= offset) {
                epoch = e.getKey();
            }
        }
        return epoch;
    }

    /** Forgets epochs that start at or after {@code endOffset}, after the log was truncated there. */
    synchronized void truncateFromEnd(long endOffset) {
        if (epochs.values().removeIf(start -> start >= endOffset)) {
            persist();
        }
    }

    /** Drops epochs wholly before {@code startOffset}; the one covering it now starts there. */
    synchronized void truncateFromStart(long startOffset) {
        Map.Entry<Integer, Long> covering = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= startOffset) {
                covering = e;
            }
        }
        if (covering == null) {
            return;
        }
        int keep = covering.getKey();
        boolean changed = covering.getValue() != startOffset || epochs.firstKey() != keep;
        epochs.headMap(keep, false).clear();
        epochs.put(keep, startOffset);
        if (changed) {
            persist();
        }
    }

    /** Forgets every epoch, when the log is emptied. */
    synchronized void clear() {
        epochs.clear();
        persist();
    }

    synchronized Map<Integer, Long> snapshot() {
        return new TreeMap<>(epochs);
    }

    private void persist() {
        List<String> lines = new ArrayList<>();
        epochs.forEach((epoch, start) -> lines.add(epoch + " " + start));
        try {
            file.write(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
