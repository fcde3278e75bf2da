package io.tributary.broker.group;

/**
 * An offset a group committed for one partition.
 *
 * @param offset            the next offset the group will read
 * @param leaderEpoch       the leader epoch of the last record consumed, or -1
 * @param metadata          the client's metadata string (may be null)
 * @param commitTimestampMs when the coordinator accepted the commit
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}
