package io.tributary.broker.handler;

import io.tributary.broker.Partition;
import io.tributary.broker.share.ShareGroupSettings;
import io.tributary.broker.share.SharePartition;
import io.tributary.broker.share.SharePartitionKey;
import io.tributary.broker.share.SharePartitionManager;
import io.tributary.log.AbortedTxn;
import io.tributary.log.FetchDataInfo;
import io.tributary.log.FileSlice;
import io.tributary.log.Log;
import io.tributary.log.LogException;
import io.tributary.protocol.Errors;
import io.tributary.protocol.FileRecords;
import io.tributary.protocol.Records;
import java.util.ArrayList;
import java.util.List;

/**
 * One share-partition's part of a ShareFetch on its leader: reads the log from the share-partition's next fetch
 * offset up to the high watermark (the last stable offset under {@code share.isolation.level=read_committed}, where
 * batches of aborted transactions are archived unread, like transaction markers always are), acquires what is
 * available among the batches read for the member, and answers
 * just the stretch of the segment file from the first to the last batch holding an acquired offset (sent with
 * {@code sendfile}; the consumer skips the records it did not acquire).
 */
final class ShareFetchRead {

    /** At most this much of a partition's log is looked at per fetch (batch headers only). */
    static final int READ_BYTES = 8 << 20;

    /**
     * @param partition the leader partition read (null if none: then {@code error} says why, or it is loading)
     * @param topicName the topic's name, for leader hints (null if unknown)
     */
    record Result(Errors error, Partition partition, String topicName, List<SharePartition.Acquired> acquired,
                  int acquiredCount, Records records, int bytes) {
        static Result nothing(Partition partition, String topicName) {
            return new Result(Errors.NONE, partition, topicName, List.of(), 0, null, 0);
        }
    }

    private ShareFetchRead() {
    }

    /** Whether a data batch belongs to one of the aborted transactions (its producer's, from its first offset on). */
    private static boolean abortedBatch(SliceBatches.Batch b, List<AbortedTxn> aborted) {
        if (!b.transactional()) {
            return false;
        }
        for (AbortedTxn t : aborted) {
            if (t.producerId() == b.producerId() && b.firstOffset() >= t.firstOffset()
                    && b.firstOffset() <= t.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param strictLimit ShareFetch's record-limit acquire mode: never more than {@code maxRecords}, even mid-batch
     */
    static Result read(PartitionLookup.Found found, SharePartitionManager shares, SharePartitionKey key, String member,
                       int maxRecords, boolean strictLimit, int maxBytes) {
        if (found.partition() == null) {
            return new Result(found.error(), null, found.topicName(), List.of(), 0, null, 0);
        }
        Partition partition = found.partition();
        SharePartitionManager.Leader leader = shares.loadedOrLoad(key, partition);
        if (leader == null || maxRecords <= 0 || maxBytes <= 0) {
            return Result.nothing(partition, found.topicName());
        }
        ShareGroupSettings settings = shares.settings(key.groupId());
        SharePartition sp = leader.state();
        Log log = partition.log();
        if (sp.startOffset() < log.logStartOffset()) {
            sp.advanceTo(log.logStartOffset());
        }
        long from = sp.nextFetchOffset(settings.partitionMaxRecordLocks());
        long upper = settings.readCommitted() ? partition.lastStableOffset() : partition.highWatermark();
        if (from < 0 || from >= upper) {
            return Result.nothing(partition, found.topicName());
        }
        FetchDataInfo data;
        try {
            data = log.read(from, Math.min(maxBytes, READ_BYTES), upper, true);
        } catch (LogException e) {
            return new Result(e.error(), partition, found.topicName(), List.of(), 0, null, 0);
        }
        if (data.isEmpty()) {
            return Result.nothing(partition, found.topicName());
        }
        List<SliceBatches.Batch> batches = SliceBatches.of(data.records());
        List<AbortedTxn> aborted = settings.readCommitted() ? log.collectAbortedTransactions(from, upper) : List.of();
        List<SharePartition.LogBatch> offsets = new ArrayList<>(batches.size());
        for (SliceBatches.Batch b : batches) {
            offsets.add(new SharePartition.LogBatch(b.firstOffset(), b.lastOffset(),
                    !b.control() && !abortedBatch(b, aborted)));
        }
        List<SharePartition.Acquired> acquired = sp.acquire(member, offsets, maxRecords, strictLimit,
                settings.partitionMaxRecordLocks(), settings.recordLockDurationMs(), shares.nowMs());
        if (acquired.isEmpty()) {
            return Result.nothing(partition, found.topicName());
        }
        int count = 0;
        for (SharePartition.Acquired a : acquired) {
            count += a.count();
        }
        long first = acquired.get(0).firstOffset();
        long last = acquired.get(acquired.size() - 1).lastOffset();
        long start = -1;
        long end = -1;
        for (SliceBatches.Batch b : batches) {
            if (b.lastOffset() >= first && b.firstOffset() <= last) {
                start = start < 0 ? b.position() : start;
                end = b.position() + b.size();
            }
        }
        FileSlice slice = data.records();
        if (start < 0) {   // only a gap was acquired: no batch to send
            return new Result(Errors.NONE, partition, found.topicName(), acquired, count, null, 0);
        }
        int length = (int) (end - start);
        return new Result(Errors.NONE, partition, found.topicName(), acquired, count,
                new FileRecords(slice.channel(), start, length), length);
    }
}
