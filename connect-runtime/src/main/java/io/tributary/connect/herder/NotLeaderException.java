package io.tributary.connect.herder;

/**
 * Distributed mode: this worker is not the group's leader, which alone writes connector configs; the REST layer
 * forwards the request to {@link #leaderUrl()} (409 when no leader is known yet, as Kafka Connect answers).
 */
public final class NotLeaderException extends HerderException {

    private final String leaderUrl;

    public NotLeaderException(String leaderUrl) {
        super(409, leaderUrl == null
                ? "Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway."
                : "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        this.leaderUrl = leaderUrl;
    }

    /** The leader's REST base URL, or null when none is known (a rebalance is under way). */
    public String leaderUrl() {
        return leaderUrl;
    }
}
