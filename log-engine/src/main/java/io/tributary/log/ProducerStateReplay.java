package io.tributary.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;

/**
 * Rebuilds a log's producer state from disk: the newest usable snapshot, then every batch after it. Used when a
 * log is opened and after a truncation. Replaying also rebuilds the transaction index of segments whose index was
 * lost (recovered or found inconsistent).
 */
final class ProducerStateReplay {

    private ProducerStateReplay() {
    }

    /**
     * Loads the newest producer-state snapshot at or below {@code maxSnapshotOffset} and replays the log after
     * it, adding aborted transactions to the transaction index of segments from {@code rebuildTxnIndexFrom} on.
     * Snapshots past the log end, or past the bound (taken over data that may not have reached the disk), go.
     */
    static void rebuild(Path dir, NavigableMap<Long, LogSegment> segments, ProducerStateManager state,
                        long logEndOffset, long maxSnapshotOffset, long rebuildTxnIndexFrom) throws IOException {
        long firstBase = segments.firstKey();
        long from = firstBase;
        state.clear();
        for (long offset : ProducerSnapshotFile.offsets(dir)) {
            Path file = ProducerSnapshotFile.path(dir, offset);
            if (offset > maxSnapshotOffset || offset > logEndOffset || offset < firstBase) {
                Files.deleteIfExists(file);
                continue;
            }
            List<ProducerStateEntry> entries = ProducerSnapshotFile.read(file);
            if (entries == null) {
                Files.deleteIfExists(file);
                continue;
            }
            state.load(entries);   // ascending: the last one loaded is the newest usable
            from = offset;
        }
        replay(segments, state, from, rebuildTxnIndexFrom);
    }

    /** Applies every batch from {@code from} to the log end to the producer state. */
    private static void replay(NavigableMap<Long, LogSegment> segments, ProducerStateManager state, long from,
                               long rebuildTxnIndexFrom) throws IOException {
        Long startBase = segments.floorKey(from);
        for (LogSegment segment : segments.tailMap(startBase == null ? from : startBase, true).values()) {
            BatchHeaderCursor cursor = segment.cursorAt(from);
            if (cursor == null) {
                continue;
            }
            boolean rebuild = segment.baseOffset() >= rebuildTxnIndexFrom;
            do {
                if (cursor.baseOffset() < from) {
                    continue;
                }
                BatchFacts facts = cursor.isControl()
                        ? BatchFacts.of(segment.readBatch(cursor.position(), cursor.size())) : cursor.facts();
                AbortedTxn aborted = state.apply(facts);
                if (aborted != null && rebuild) {
                    segment.appendAbortedTxn(aborted);
                }
            } while (cursor.next());
        }
    }
}
