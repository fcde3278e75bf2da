package io.tributary.broker;

/**
 * Told when this broker starts or stops leading a partition it hosts (at startup, when metadata moves leadership,
 * when a topic is deleted). Called on the partition manager's own thread, in metadata order: it must hand any
 * slow work (loading a coordinator's state from the log) to a thread of its own.
 */
public interface LeadershipListener {

    /** This broker now leads {@code partition}, whose log is open. */
    void onLeader(Partition partition);

    /** This broker no longer leads {@code topic}'s partition {@code index} (it follows it, or it is gone). */
    void onNoLongerLeader(String topic, int index);
}
