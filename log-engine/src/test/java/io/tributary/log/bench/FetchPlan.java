package io.tributary.log.bench;

import io.tributary.log.FetchDataInfo;
import io.tributary.log.FileSlice;
import io.tributary.log.Log;
import io.tributary.protocol.record.Batches;
import io.tributary.protocol.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The fetches a consumer makes reading a log from its start to its end, worked out once so the benchmark can
 * replay them without parsing: each fetch's start offset (the previous fetch's last whole batch, plus one, as a
 * consumer continues), the slice the log returned for it, and the bytes of the whole batches in that slice. A
 * batch cut short by the byte limit is fetched again by the next fetch, so only whole batches count as progress.
 */
final class FetchPlan {

    /** One fetch: where it starts, what the log returns, how many of those bytes are whole batches. */
    record Fetch(long startOffset, FileSlice slice, int wholeBatchBytes) {
    }

    private final List<Fetch> fetches;
    private int next;

    private FetchPlan(List<Fetch> fetches) {
        this.fetches = fetches;
    }

    /** Reads the log front to back with fetches of at most {@code maxBytes}, noting each one. */
    static FetchPlan of(Log log, int maxBytes) {
        List<Fetch> fetches = new ArrayList<>();
        long end = log.logEndOffset();
        long offset = log.logStartOffset();
        while (offset < end) {
            FetchDataInfo info = log.read(offset, maxBytes, end, true);
            if (info.isEmpty()) {
                throw new IllegalStateException("empty read at " + offset + " of " + log);
            }
            ByteBuffer bytes = info.records().readAll();
            long nextOffset = offset;
            int whole = 0;
            for (RecordBatch batch : Batches.allowingPartialTail(bytes)) {
                nextOffset = batch.nextOffset();
                whole += batch.sizeInBytes();
            }
            fetches.add(new Fetch(offset, info.records(), whole));
            offset = nextOffset;
        }
        return new FetchPlan(fetches);
    }

    /** The next fetch, starting over at the log start after the last one. */
    Fetch next() {
        Fetch fetch = fetches.get(next);
        next = next + 1 == fetches.size() ? 0 : next + 1;
        return fetch;
    }

    int size() {
        return fetches.size();
    }
}
