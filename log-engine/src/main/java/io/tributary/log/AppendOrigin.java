package io.tributary.log;

/** Who is appending: what the log checks depends on it. */
public enum AppendOrigin {
    /** A producer's batch through the Produce API: fully validated, control batches refused. */
    CLIENT,
    /** The broker's own coordinators (transaction markers, offsets): control batches allowed. */
    COORDINATOR,
    /** A follower copying the leader: offsets and epochs are already assigned and kept. */
    REPLICATION
}
