package io.tributary.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A server-side assignor of the consumer protocol (KIP-848): from the members' subscriptions and the subscribed
 * topics' partition counts to every member's target assignment. A pure function: same input, same answer.
 */
interface ServerAssignor {

    /**
     * One member as the assignor sees it.
     *
     * @param memberId the member id (the tie-breaker order)
     * @param topics   the ids of the topics it subscribes to that exist
     * @param current  its current target assignment (empty for a new member): assignors may keep it where they can
     */
    record Subscriber(String memberId, Set<UUID> topics, Assignment current) {
    }

    /** The name clients ask for in {@code group.remote.assignor} ({@code uniform}, {@code range}). */
    String name();

    /**
     * The target assignment of every member (each one present, maybe empty). Every partition of a subscribed
     * topic goes to exactly one member that subscribes to it.
     *
     * @param members members in a stable order (by member id)
     * @param topics  the partition count of every subscribed topic, by topic id
     */
    Map<String, Assignment> assign(List<Subscriber> members, Map<UUID, Integer> topics);

    /** The assignors the coordinator knows, by name. */
    static ServerAssignor named(String name) {
        return switch (name) {
            case UniformAssignor.NAME -> new UniformAssignor();
            case RangeAssignor.NAME -> new RangeAssignor();
            default -> null;
        };
    }
}
