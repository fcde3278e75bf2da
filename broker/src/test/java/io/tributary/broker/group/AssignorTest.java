package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The server-side assignors: every partition to exactly one subscriber, balance, stickiness, range layout. */
class AssignorTest {

    private static final UUID T1 = new UUID(0, 1);
    private static final UUID T2 = new UUID(0, 2);

    private static List<ServerAssignor.Subscriber> members(int n, Set<UUID> topics) {
        List<ServerAssignor.Subscriber> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ServerAssignor.Subscriber("m" + i, topics, Assignment.EMPTY));
        }
        return out;
    }

    @Property(tries = 200)
    void uniformGivesEveryPartitionToOneSubscriberAndBalancesWithinOne(@ForAll @IntRange(min = 1, max = 9) int n,
                                                                     @ForAll @IntRange(max = 40) int p1,
                                                                     @ForAll @IntRange(max = 40) int p2,
                                                                     @ForAll @IntRange(max = 8) int leavers) {
        Map<UUID, Integer> topics = Map.of(T1, p1, T2, p2);
        List<ServerAssignor.Subscriber> members = members(n, Set.of(T1, T2));
        Map<String, Assignment> first = new UniformAssignor().assign(members, topics);
        assertCoversOnce(first, topics);
        assertBalanced(first);

        // Some members leave, the rest keep what they had where balance allows.
        List<ServerAssignor.Subscriber> rest = new ArrayList<>();
        for (int i = Math.min(leavers, n - 1); i < n; i++) {
            rest.add(new ServerAssignor.Subscriber("m" + i, Set.of(T1, T2), first.get("m" + i)));
        }
        Map<String, Assignment> second = new UniformAssignor().assign(rest, topics);
        assertCoversOnce(second, topics);
        assertBalanced(second);
        int kept = 0;
        for (ServerAssignor.Subscriber s : rest) {
            kept += s.current().intersect(second.get(s.memberId())).size();
        }
        int minimumKept = 0;
        int quota = (p1 + p2) / rest.size();
        for (ServerAssignor.Subscriber s : rest) {
            minimumKept += Math.min(s.current().size(), quota);
        }
        assertThat(kept).as("sticky").isGreaterThanOrEqualTo(minimumKept);
    }

    @Test
    void uniformOnlyGivesATopicToItsSubscribers() {
        List<ServerAssignor.Subscriber> members = List.of(
                new ServerAssignor.Subscriber("a", Set.of(T1), Assignment.EMPTY),
                new ServerAssignor.Subscriber("b", Set.of(T1, T2), Assignment.EMPTY));
        Map<String, Assignment> out = new UniformAssignor().assign(members, Map.of(T1, 4, T2, 4));
        assertCoversOnce(out, Map.of(T1, 4, T2, 4));
        assertThat(out.get("a").byTopic()).doesNotContainKey(T2);
        assertThat(out.get("a").size()).isEqualTo(4);
        assertThat(out.get("b").size()).isEqualTo(4);
    }

    @Test
    void rangeGivesContiguousRangesInMemberOrder() {
        Map<String, Assignment> out = new RangeAssignor().assign(members(3, Set.of(T1, T2)), Map.of(T1, 7, T2, 2));
        assertThat(out.get("m0").byTopic().get(T1)).containsExactly(0, 1, 2);
        assertThat(out.get("m1").byTopic().get(T1)).containsExactly(3, 4);
        assertThat(out.get("m2").byTopic().get(T1)).containsExactly(5, 6);
        assertThat(out.get("m0").byTopic().get(T2)).containsExactly(0);
        assertThat(out.get("m1").byTopic().get(T2)).containsExactly(1);
        assertThat(out.get("m2").byTopic()).doesNotContainKey(T2);
    }

    private static void assertCoversOnce(Map<String, Assignment> assignment, Map<UUID, Integer> topics) {
        Map<UUID, Set<Integer>> seen = new HashMap<>();
        assignment.values().forEach(a -> a.byTopic().forEach((t, ps) -> ps.forEach(p ->
                assertThat(seen.computeIfAbsent(t, k -> new HashSet<>()).add(p)).as("%s-%d twice", t, p).isTrue())));
        topics.forEach((t, count) -> assertThat(seen.getOrDefault(t, Set.of())).hasSize(count));
    }

    private static void assertBalanced(Map<String, Assignment> assignment) {
        int min = assignment.values().stream().mapToInt(Assignment::size).min().orElse(0);
        int max = assignment.values().stream().mapToInt(Assignment::size).max().orElse(0);
        assertThat(max - min).isLessThanOrEqualTo(1);
    }
}
