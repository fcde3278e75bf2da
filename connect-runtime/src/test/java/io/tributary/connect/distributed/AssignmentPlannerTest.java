package io.tributary.connect.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The leader's plan: each connector and task on exactly one member, sticky, balanced (connectors and tasks apart),
 * and the work of a departed member held back for {@code scheduled.rebalance.max.delay.ms}. Time is passed in
 * explicitly, so nothing here sleeps.
 */
class AssignmentPlannerTest {

    private static final long DELAY = 10_000;

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Member member(String id, String url, List<String> connectors, List<String> tasks) {
        return new Member(id, url, connectors, tasks);
    }

    private static Member fresh(String id) {
        return member(id, url(id), List.of(), List.of());
    }

    private static String url(String id) {
        return "http://" + id + ":8083/";
    }

    /** The member as it rejoins running exactly what it was assigned. */
    private static Member running(String id, Assignment a) {
        return member(id, url(id), a.connectors(), a.tasks());
    }

    private static Map<String, Member> members(Member... ms) {
        Map<String, Member> out = new LinkedHashMap<>();
        for (Member m : ms) {
            out.put(m.memberId(), m);
        }
        return out;
    }

    private static List<String> connectors(int n) {
        return IntStream.range(0, n).mapToObj(i -> "conn" + i).collect(Collectors.toList());
    }

    /** {@code perConnector} tasks for each connector, keyed as {@link Assignment#taskKey}. */
    private static List<String> tasks(List<String> connectors, int perConnector) {
        List<String> out = new ArrayList<>();
        for (String c : connectors) {
            for (int i = 0; i < perConnector; i++) {
                out.add(Assignment.taskKey(c, i));
            }
        }
        return out;
    }

    private static List<String> allConnectors(Map<String, Assignment> plan) {
        return plan.values().stream().flatMap(a -> a.connectors().stream()).collect(Collectors.toList());
    }

    private static List<String> allTasks(Map<String, Assignment> plan) {
        return plan.values().stream().flatMap(a -> a.tasks().stream()).collect(Collectors.toList());
    }

    private static void assertEachExactlyOnce(Map<String, Assignment> plan, List<String> connectors,
                                              List<String> tasks) {
        assertThat(allConnectors(plan)).containsExactlyInAnyOrderElementsOf(connectors);
        assertThat(allTasks(plan)).containsExactlyInAnyOrderElementsOf(tasks);
    }

    private static void assertBalanced(Map<String, Assignment> plan) {
        IntSummaryStatistics c = plan.values().stream().mapToInt(a -> a.connectors().size()).summaryStatistics();
        IntSummaryStatistics t = plan.values().stream().mapToInt(a -> a.tasks().size()).summaryStatistics();
        assertThat(c.getMax() - c.getMin()).as("connector counts %s", counts(plan, Assignment::connectors))
                .isLessThanOrEqualTo(1);
        assertThat(t.getMax() - t.getMin()).as("task counts %s", counts(plan, Assignment::tasks))
                .isLessThanOrEqualTo(1);
    }

    private static Map<String, Integer> counts(Map<String, Assignment> plan,
                                               Function<Assignment, List<String>> items) {
        Map<String, Integer> out = new HashMap<>();
        plan.forEach((id, a) -> out.put(id, items.apply(a).size()));
        return out;
    }

    // ---- exactly once, leader, offset ----------------------------------------------------------------------

    @Test
    void aSingleMemberGetsEverythingWithTheLeadersUrlAndTheConfigOffset() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(3);
        List<String> ts = tasks(cs, 2);

        Map<String, Assignment> plan = planner.plan(members(fresh("w1")), cs, ts, "w1", 42, 1_000);

        assertThat(plan).containsOnlyKeys("w1");
        Assignment a = plan.get("w1");
        assertThat(a.connectors()).containsExactlyInAnyOrderElementsOf(cs);
        assertThat(a.tasks()).containsExactlyInAnyOrderElementsOf(ts);
        assertThat(a.leaderId()).isEqualTo("w1");
        assertThat(a.leaderUrl()).isEqualTo(url("w1"));
        assertThat(a.configOffset()).isEqualTo(42);
    }

    @Test
    void everyAssignmentNamesTheLeadersUrlAndCarriesTheConfigOffset() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(5);

        Map<String, Assignment> plan = planner.plan(members(fresh("w1"), fresh("w2"), fresh("w3")), cs,
                tasks(cs, 3), "w2", 1234, 1_000);

        assertThat(plan).containsOnlyKeys("w1", "w2", "w3");
        assertThat(plan.values()).allSatisfy(a -> {
            assertThat(a.leaderId()).isEqualTo("w2");
            assertThat(a.leaderUrl()).isEqualTo(url("w2"));
            assertThat(a.configOffset()).isEqualTo(1234);
        });
    }

    @Test
    void aPlanWithNothingToRunGivesEveryMemberAnEmptyAssignment() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);

        Map<String, Assignment> plan = planner.plan(members(fresh("w1"), fresh("w2")), List.of(), List.of(), "w1",
                -1, 1_000);

        assertThat(plan).containsOnlyKeys("w1", "w2");
        assertThat(plan.values()).allSatisfy(a -> {
            assertThat(a.connectors()).isEmpty();
            assertThat(a.tasks()).isEmpty();
            assertThat(a.configOffset()).isEqualTo(-1);
        });
        assertThat(planner.nextDeadline()).isEqualTo(-1);
    }

    @Test
    void freshMembersShareEverythingExactlyOnceAndEvenly() {
        for (int memberCount = 1; memberCount <= 5; memberCount++) {
            for (int connectorCount = 0; connectorCount <= 7; connectorCount++) {
                AssignmentPlanner planner = new AssignmentPlanner(DELAY);
                Member[] ms = IntStream.range(0, memberCount).mapToObj(i -> fresh("w" + i)).toArray(Member[]::new);
                List<String> cs = connectors(connectorCount);
                List<String> ts = tasks(cs, 3);

                Map<String, Assignment> plan = planner.plan(members(ms), cs, ts, "w0", 7, 1_000);

                assertThat(plan).hasSize(memberCount);
                assertEachExactlyOnce(plan, cs, ts);
                assertBalanced(plan);
            }
        }
    }

    @Test
    void anItemTwoMembersClaimToRunGoesToOnlyOneOfThem() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = List.of("a", "b");
        List<String> ts = List.of("a-0", "b-0");

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), List.of("a", "b"), List.of("a-0", "b-0")),
                member("w2", url("w2"), List.of("a"), List.of("a-0"))), cs, ts, "w1", 0, 1_000);

        assertEachExactlyOnce(plan, cs, ts);
        assertBalanced(plan);
    }

    // ---- sticky and balanced -------------------------------------------------------------------------------

    @Test
    void aPlanFedBackAsWhatMembersRunIsKeptAsItIs() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(7);
        List<String> ts = tasks(cs, 3);
        Map<String, Assignment> first = planner.plan(members(fresh("w1"), fresh("w2"), fresh("w3")), cs, ts, "w1",
                5, 1_000);

        Map<String, Assignment> second = planner.plan(members(running("w1", first.get("w1")),
                running("w2", first.get("w2")), running("w3", first.get("w3"))), cs, ts, "w1", 6, 2_000);

        for (String id : List.of("w1", "w2", "w3")) {
            assertThat(second.get(id).connectors()).containsExactlyInAnyOrderElementsOf(first.get(id).connectors());
            assertThat(second.get(id).tasks()).containsExactlyInAnyOrderElementsOf(first.get(id).tasks());
        }
        assertThat(second.get("w1").configOffset()).isEqualTo(6);
    }

    @Test
    void whatAMemberRunsStaysWithItWhenTheGroupIsAlreadyBalanced() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = List.of("a", "b", "c", "d");
        List<String> ts = List.of("a-0", "b-0", "c-0", "d-0");

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), List.of("c", "d"), List.of("a-0", "c-0")),
                member("w2", url("w2"), List.of("a", "b"), List.of("b-0", "d-0"))), cs, ts, "w1", 0, 1_000);

        assertThat(plan.get("w1").connectors()).containsExactlyInAnyOrder("c", "d");
        assertThat(plan.get("w1").tasks()).containsExactlyInAnyOrder("a-0", "c-0");
        assertThat(plan.get("w2").connectors()).containsExactlyInAnyOrder("a", "b");
        assertThat(plan.get("w2").tasks()).containsExactlyInAnyOrder("b-0", "d-0");
    }

    @Test
    void aNewMemberGetsWorkMovedOffTheBusiestOnly() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(6);
        List<String> ts = tasks(cs, 2); // 12 tasks
        List<String> w1Connectors = cs.subList(0, 4);
        List<String> w1Tasks = ts.subList(0, 8);
        List<String> w2Connectors = cs.subList(4, 6);
        List<String> w2Tasks = ts.subList(8, 12);

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), w1Connectors, w1Tasks),
                member("w2", url("w2"), w2Connectors, w2Tasks),
                fresh("w3")), cs, ts, "w1", 0, 1_000);

        assertEachExactlyOnce(plan, cs, ts);
        assertThat(counts(plan, Assignment::connectors)).containsEntry("w1", 2).containsEntry("w2", 2)
                .containsEntry("w3", 2);
        assertThat(counts(plan, Assignment::tasks)).containsEntry("w1", 4).containsEntry("w2", 4)
                .containsEntry("w3", 4);
        // w2 was not busier than the target: it keeps everything; w1 keeps what it was not asked to give up.
        assertThat(plan.get("w2").connectors()).containsExactlyInAnyOrderElementsOf(w2Connectors);
        assertThat(plan.get("w2").tasks()).containsExactlyInAnyOrderElementsOf(w2Tasks);
        assertThat(w1Connectors).containsAll(plan.get("w1").connectors());
        assertThat(w1Tasks).containsAll(plan.get("w1").tasks());
        assertThat(w1Connectors).containsAll(plan.get("w3").connectors());
        assertThat(w1Tasks).containsAll(plan.get("w3").tasks());
    }

    @Test
    void aNewMemberLeavesCountsDifferingByAtMostOneWithoutMovingMoreThanNeeded() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(5);
        List<String> ts = tasks(cs, 1);

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), cs.subList(0, 3), ts.subList(0, 3)),
                member("w2", url("w2"), cs.subList(3, 5), ts.subList(3, 5)),
                fresh("w3")), cs, ts, "w1", 0, 1_000);

        assertEachExactlyOnce(plan, cs, ts);
        assertBalanced(plan);
        // 3/2/0 → 2/2/1: exactly one connector and one task move, both off w1.
        assertThat(plan.get("w3").connectors()).hasSize(1);
        assertThat(plan.get("w3").tasks()).hasSize(1);
        assertThat(plan.get("w2").connectors()).containsExactlyInAnyOrderElementsOf(cs.subList(3, 5));
        assertThat(plan.get("w2").tasks()).containsExactlyInAnyOrderElementsOf(ts.subList(3, 5));
    }

    @Test
    void connectorsAndTasksAreBalancedSeparately() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(4);
        List<String> ts = tasks(cs, 1);

        // Equal totals (4 items each) but all connectors on one, all tasks on the other.
        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), cs, List.of()),
                member("w2", url("w2"), List.of(), ts)), cs, ts, "w1", 0, 1_000);

        assertEachExactlyOnce(plan, cs, ts);
        assertThat(counts(plan, Assignment::connectors)).containsEntry("w1", 2).containsEntry("w2", 2);
        assertThat(counts(plan, Assignment::tasks)).containsEntry("w1", 2).containsEntry("w2", 2);
    }

    @Test
    void newConnectorsAndTasksGoToTheLeastLoadedMembers() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = List.of("a", "b", "c", "new");
        List<String> ts = List.of("a-0", "b-0", "c-0", "new-0", "new-1");

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), List.of("a", "b"), List.of("a-0", "b-0")),
                member("w2", url("w2"), List.of("c"), List.of("c-0"))), cs, ts, "w1", 0, 1_000);

        assertEachExactlyOnce(plan, cs, ts);
        assertBalanced(plan);
        assertThat(plan.get("w1").connectors()).containsExactlyInAnyOrder("a", "b");
        assertThat(plan.get("w2").connectors()).containsExactlyInAnyOrder("c", "new");
        assertThat(plan.get("w1").tasks()).contains("a-0", "b-0");
        assertThat(plan.get("w2").tasks()).contains("c-0");
    }

    // ---- deleted connectors --------------------------------------------------------------------------------

    @Test
    void itemsOfDeletedConnectorsAreNotAssignedEvenIfAMemberStillRunsThem() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), List.of("keep", "gone"), List.of("keep-0", "gone-0", "gone-1")),
                fresh("w2")), List.of("keep"), List.of("keep-0"), "w1", 0, 1_000);

        assertEachExactlyOnce(plan, List.of("keep"), List.of("keep-0"));
        assertThat(allConnectors(plan)).doesNotContain("gone");
        assertThat(allTasks(plan)).doesNotContain("gone-0", "gone-1");
    }

    @Test
    void aShrunkTaskCountDropsTheTasksBeyondIt() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);

        Map<String, Assignment> plan = planner.plan(members(
                member("w1", url("w1"), List.of("a"), List.of("a-0", "a-1", "a-2"))), List.of("a"),
                List.of("a-0"), "w1", 0, 1_000);

        assertThat(plan.get("w1").tasks()).containsExactly("a-0");
    }

    // ---- a member that leaves: held back, then spread ------------------------------------------------------

    @Nested
    class WhenAMemberLeaves {

        private final AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        private final List<String> cs = connectors(6);
        private final List<String> ts = tasks(cs, 2);
        private Map<String, Assignment> before;

        /** w1, w2, w3 share the work at t=1000; returns w3's share. */
        private Assignment threeMembersThenW3Share() {
            before = planner.plan(members(fresh("w1"), fresh("w2"), fresh("w3")), cs, ts, "w1", 0, 1_000);
            assertEachExactlyOnce(before, cs, ts);
            return before.get("w3");
        }

        private Map<String, Assignment> withoutW3(long now) {
            return planner.plan(members(running("w1", before.get("w1")), running("w2", before.get("w2"))), cs, ts,
                    "w1", 0, now);
        }

        @Test
        void itsItemsAreHeldBackUntilTheDelayHasPassedThenSpreadOverTheOthers() {
            Assignment lost = threeMembersThenW3Share();
            assertThat(lost.connectors()).isNotEmpty();
            assertThat(lost.tasks()).isNotEmpty();
            assertThat(planner.nextDeadline()).isEqualTo(-1);

            Map<String, Assignment> gone = withoutW3(2_000);
            assertThat(gone).containsOnlyKeys("w1", "w2");
            assertThat(allConnectors(gone)).doesNotContainAnyElementsOf(lost.connectors());
            assertThat(allTasks(gone)).doesNotContainAnyElementsOf(lost.tasks());
            // The others keep exactly what they ran: nothing is moved while w3 may come back.
            assertThat(gone.get("w1").connectors()).containsExactlyInAnyOrderElementsOf(before.get("w1").connectors());
            assertThat(gone.get("w2").tasks()).containsExactlyInAnyOrderElementsOf(before.get("w2").tasks());
            assertThat(planner.nextDeadline()).isEqualTo(2_000 + DELAY);

            // Still inside the delay: a plan in between keeps them back and does not restart the clock.
            Map<String, Assignment> stillGone = planner.plan(members(running("w1", gone.get("w1")),
                    running("w2", gone.get("w2"))), cs, ts, "w1", 0, 2_000 + DELAY - 1);
            assertThat(allConnectors(stillGone)).doesNotContainAnyElementsOf(lost.connectors());
            assertThat(allTasks(stillGone)).doesNotContainAnyElementsOf(lost.tasks());
            assertThat(planner.nextDeadline()).isEqualTo(2_000 + DELAY);

            // Due: spread over w1 and w2, everything exactly once and balanced.
            Map<String, Assignment> after = planner.plan(members(running("w1", stillGone.get("w1")),
                    running("w2", stillGone.get("w2"))), cs, ts, "w1", 0, 2_000 + DELAY);
            assertEachExactlyOnce(after, cs, ts);
            assertBalanced(after);
            assertThat(after.get("w1").connectors()).containsAll(before.get("w1").connectors());
            assertThat(after.get("w2").connectors()).containsAll(before.get("w2").connectors());
            assertThat(after.get("w1").tasks()).containsAll(before.get("w1").tasks());
            assertThat(after.get("w2").tasks()).containsAll(before.get("w2").tasks());
            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void theDeadlineCountsFromWhenTheLossWasFirstSeen() {
            threeMembersThenW3Share();
            withoutW3(5_000);
            withoutW3(6_000);
            withoutW3(7_000);

            assertThat(planner.nextDeadline()).isEqualTo(5_000 + DELAY);
        }

        @Test
        void aPlanLongAfterTheDelayAssignsTheHeldBackItems() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);

            Map<String, Assignment> after = withoutW3(2_000 + 10 * DELAY);

            assertEachExactlyOnce(after, cs, ts);
            assertBalanced(after);
            assertThat(allConnectors(after)).containsAll(lost.connectors());
            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void aMemberThatComesBackWithinTheDelayGetsItsItemsBack() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);

            // Same URL, new member id (a rejoin), still running what it ran.
            Map<String, Assignment> back = planner.plan(members(running("w1", before.get("w1")),
                    running("w2", before.get("w2")),
                    member("w3-rejoined", url("w3"), lost.connectors(), lost.tasks())), cs, ts, "w1", 0, 5_000);

            assertEachExactlyOnce(back, cs, ts);
            assertThat(back.get("w3-rejoined").connectors()).containsExactlyInAnyOrderElementsOf(lost.connectors());
            assertThat(back.get("w3-rejoined").tasks()).containsExactlyInAnyOrderElementsOf(lost.tasks());
            assertThat(back.get("w1").connectors()).containsExactlyInAnyOrderElementsOf(before.get("w1").connectors());
            assertThat(back.get("w2").connectors()).containsExactlyInAnyOrderElementsOf(before.get("w2").connectors());
        }

        @Test
        void nothingIsHeldBackAnyMoreOnceTheMemberHasComeBack() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);
            assertThat(planner.nextDeadline()).isEqualTo(2_000 + DELAY);

            planner.plan(members(running("w1", before.get("w1")), running("w2", before.get("w2")),
                    member("w3-rejoined", url("w3"), lost.connectors(), lost.tasks())), cs, ts, "w1", 0, 5_000);

            // Nothing is held back now: a deadline left here makes the leader ask for a new plan (DistributedHerder
            // rebalanceIfPlanIsStale: heldBackDue) over and over once it has passed.
            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void aMemberThatComesBackAndLaterLeavesAgainIsWaitedForAFullDelayAgain() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);
            Map<String, Assignment> back = planner.plan(members(running("w1", before.get("w1")),
                    running("w2", before.get("w2")),
                    member("w3-rejoined", url("w3"), lost.connectors(), lost.tasks())), cs, ts, "w1", 0, 5_000);
            assertThat(back.get("w3-rejoined").connectors()).containsExactlyInAnyOrderElementsOf(lost.connectors());

            // It leaves again long after the first loss's deadline: a new loss, held back from now.
            long secondLoss = 2_000 + 5 * DELAY;
            Map<String, Assignment> goneAgain = planner.plan(members(running("w1", back.get("w1")),
                    running("w2", back.get("w2"))), cs, ts, "w1", 0, secondLoss);

            assertThat(allConnectors(goneAgain)).doesNotContainAnyElementsOf(lost.connectors());
            assertThat(allTasks(goneAgain)).doesNotContainAnyElementsOf(lost.tasks());
            assertThat(planner.nextDeadline()).isEqualTo(secondLoss + DELAY);
        }

        @Test
        void aRestartedMemberWithTheSameUrlRunningNothingGetsTheHeldBackItems() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);

            Map<String, Assignment> back = planner.plan(members(running("w1", before.get("w1")),
                    running("w2", before.get("w2")), member("w3-restarted", url("w3"), List.of(), List.of())), cs,
                    ts, "w1", 0, 5_000);

            assertEachExactlyOnce(back, cs, ts);
            assertThat(back.get("w3-restarted").connectors()).containsExactlyInAnyOrderElementsOf(lost.connectors());
            assertThat(back.get("w3-restarted").tasks()).containsExactlyInAnyOrderElementsOf(lost.tasks());
            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void heldBackItemsOfAConnectorDeletedMeanwhileVanish() {
            Assignment lost = threeMembersThenW3Share();
            withoutW3(2_000);
            String deleted = lost.connectors().get(0);
            List<String> cs2 = new ArrayList<>(cs);
            cs2.remove(deleted);
            List<String> ts2 = new ArrayList<>(ts);
            ts2.removeIf(t -> Assignment.connectorOf(t).equals(deleted));

            // Before the deadline: the deleted connector's items are no longer waited for.
            Map<String, Assignment> meanwhile = planner.plan(members(running("w1", before.get("w1")),
                    running("w2", before.get("w2"))), cs2, ts2, "w1", 0, 3_000);
            assertThat(allConnectors(meanwhile)).doesNotContain(deleted);

            Map<String, Assignment> after = planner.plan(members(running("w1", meanwhile.get("w1")),
                    running("w2", meanwhile.get("w2"))), cs2, ts2, "w1", 0, 2_000 + DELAY);
            assertEachExactlyOnce(after, cs2, ts2);
            assertThat(allConnectors(after)).doesNotContain(deleted);
            assertThat(allTasks(after)).noneMatch(t -> Assignment.connectorOf(t).equals(deleted));
            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void allHeldBackItemsOfDeletedConnectorsLeaveNoDeadline() {
            threeMembersThenW3Share();
            withoutW3(2_000);
            assertThat(planner.nextDeadline()).isEqualTo(2_000 + DELAY);

            planner.plan(members(fresh("w1"), fresh("w2")), List.of(), List.of(), "w1", 0, 3_000);

            assertThat(planner.nextDeadline()).isEqualTo(-1);
        }

        @Test
        void newWorkIsAssignedAtOnceWhileLostWorkIsHeldBack() {
            Assignment lost = threeMembersThenW3Share();
            List<String> cs2 = new ArrayList<>(cs);
            cs2.add("brand-new");
            List<String> ts2 = new ArrayList<>(ts);
            ts2.add("brand-new-0");

            Map<String, Assignment> plan = planner.plan(members(running("w1", before.get("w1")),
                    running("w2", before.get("w2"))), cs2, ts2, "w1", 0, 2_000);

            assertThat(allConnectors(plan)).contains("brand-new").doesNotContainAnyElementsOf(lost.connectors());
            assertThat(allTasks(plan)).contains("brand-new-0").doesNotContainAnyElementsOf(lost.tasks());
        }
    }

    @Test
    void withNoDelayALeavingMembersItemsMoveAtOnce() {
        AssignmentPlanner planner = new AssignmentPlanner(0);
        List<String> cs = connectors(6);
        List<String> ts = tasks(cs, 2);
        Map<String, Assignment> before = planner.plan(members(fresh("w1"), fresh("w2"), fresh("w3")), cs, ts, "w1",
                0, 1_000);

        Map<String, Assignment> after = planner.plan(members(running("w1", before.get("w1")),
                running("w2", before.get("w2"))), cs, ts, "w1", 0, 1_001);

        assertEachExactlyOnce(after, cs, ts);
        assertBalanced(after);
        assertThat(after.get("w1").connectors()).containsAll(before.get("w1").connectors());
        assertThat(after.get("w2").connectors()).containsAll(before.get("w2").connectors());
        assertThat(planner.nextDeadline()).isEqualTo(-1);
    }

    @Test
    void theLeaderLeavingIsHeldBackLikeAnyOtherMemberAndTheNewLeaderIsNamed() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(4);
        List<String> ts = tasks(cs, 1);
        Map<String, Assignment> before = planner.plan(members(fresh("w1"), fresh("w2")), cs, ts, "w1", 0, 1_000);

        Map<String, Assignment> after = planner.plan(members(running("w2", before.get("w2"))), cs, ts, "w2", 3,
                2_000);

        assertThat(after.get("w2").leaderUrl()).isEqualTo(url("w2"));
        assertThat(after.get("w2").connectors()).containsExactlyInAnyOrderElementsOf(before.get("w2").connectors());
        assertThat(planner.nextDeadline()).isEqualTo(2_000 + DELAY);
    }

    @Test
    void itemsAreNeverAssignedTwiceAcrossARandomishSequenceOfJoinsAndLeaves() {
        AssignmentPlanner planner = new AssignmentPlanner(DELAY);
        List<String> cs = connectors(9);
        List<String> ts = tasks(cs, 3);
        Map<String, Assignment> current = Map.of();
        List<List<String>> groups = List.of(List.of("w1"), List.of("w1", "w2"), List.of("w1", "w2", "w3"),
                List.of("w1", "w3"), List.of("w1", "w3", "w4"), List.of("w2", "w3", "w4"), List.of("w4"));
        long now = 1_000;
        for (List<String> ids : groups) {
            Map<String, Member> ms = new LinkedHashMap<>();
            for (String id : ids) {
                Assignment a = current.get(id);
                ms.put(id, a == null ? fresh(id) : running(id, a));
            }
            now += DELAY / 3;
            current = planner.plan(ms, cs, ts, ids.get(0), 0, now);
            assertThat(current).containsOnlyKeys(ids);
            Set<String> seenC = new HashSet<>();
            allConnectors(current).forEach(c -> assertThat(seenC.add(c)).as("connector %s twice", c).isTrue());
            Set<String> seenT = new HashSet<>();
            allTasks(current).forEach(t -> assertThat(seenT.add(t)).as("task %s twice", t).isTrue());
            assertThat(cs).containsAll(seenC);
            assertThat(ts).containsAll(seenT);
        }
        // Long after the last change, everything is assigned.
        current = planner.plan(members(running("w4", current.get("w4"))), cs, ts, "w4", 0, now + 2 * DELAY);
        assertEachExactlyOnce(current, cs, ts);
        assertThat(planner.nextDeadline()).isEqualTo(-1);
    }
}
