package io.tributary.log;

/**
 * The result of a log read.
 *
 * @param fetchOffset        the offset asked for
 * @param segmentBaseOffset  base offset of the segment read, -1 if nothing was read
 * @param positionInSegment  byte position where the returned data starts in that segment
 * @param records            the batches, or null when there is nothing to return
 */
public record FetchDataInfo(long fetchOffset, long segmentBaseOffset, int positionInSegment, FileSlice records) {

    static FetchDataInfo empty(long fetchOffset) {
        return new FetchDataInfo(fetchOffset, -1, 0, null);
    }

    public boolean isEmpty() {
        return records == null || records.length() == 0;
    }

    public int sizeInBytes() {
        return records == null ? 0 : records.length();
    }
}
