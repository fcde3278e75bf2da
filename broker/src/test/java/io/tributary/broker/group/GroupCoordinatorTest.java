package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator as a state machine, driven by hand with a fake clock and an in-memory offsets log: rebalances,
 * the initial delay, session expiry, fencing, and offsets rebuilt from the log on load.
 */
class GroupCoordinatorTest {

    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;
    private static final int INITIAL_DELAY_MS = 3_000;
    private static final long RETENTION_MS = 60_000;

    private final MemoryCoordinatorLog log = new MemoryCoordinatorLog();
    private final AtomicInteger ids = new AtomicInteger();
    private GroupCoordinator coordinator;
    private long now = 1_000_000;

    private GroupCoordinator newCoordinator() {
        GroupConfig config = new GroupConfig(1, (short) 1, 1 << 20, INITIAL_DELAY_MS, 1000, 60_000, 4096, SESSION_MS, 1000,
                List.of("uniform", "range"), RETENTION_MS, 1_000);
        GroupCoordinator c = new GroupCoordinator(config, log, g -> 0, () -> "id" + ids.incrementAndGet());
        c.load(0);
        return c;
    }

    @BeforeEach
    void setUp() {
        coordinator = newCoordinator();
    }

    private void advance(long ms) {
        now += ms;
        coordinator.poll(now);
    }

    private CompletableFuture<JoinGroupResponseData> join(String memberId) {
        return join(memberId, memberId.getBytes());
    }

    private CompletableFuture<JoinGroupResponseData> join(String memberId, byte[] metadata) {
        return coordinator.join(new JoinGroupRequestData().setGroupId("g").setMemberId(memberId)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(metadata))), new ClientInfo("c", "/127.0.0.1", (short) 9), now);
    }

    /** A member id handed out by MEMBER_ID_REQUIRED, and the member's second join with it (parked). */
    private CompletableFuture<JoinGroupResponseData> newMember() {
        JoinGroupResponseData first = join("").join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return join(first.memberId());
    }

    private CompletableFuture<SyncGroupResponseData> sync(JoinGroupResponseData joined,
                                                          Map<String, byte[]> assignments) {
        List<SyncGroupRequestData.SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((m, a) -> list.add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(m)
                .setAssignment(a)));
        return coordinator.sync(new SyncGroupRequestData().setGroupId("g").setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()).setAssignments(list), now);
    }

    private Errors heartbeat(JoinGroupResponseData joined) {
        return coordinator.heartbeat(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()), now);
    }

    private String state() {
        return coordinator.describe("g").groupState();
    }

    @Test
    void firstRebalanceWaitsTheInitialDelayAndGivesTheLeaderEveryMembersMetadata() {
        CompletableFuture<JoinGroupResponseData> a = newMember();
        advance(1000);
        CompletableFuture<JoinGroupResponseData> b = newMember();
        advance(INITIAL_DELAY_MS - 1000);
        assertThat(a).isNotDone();
        advance(INITIAL_DELAY_MS);   // a member arrived during the delay: it is extended once
        assertThat(a).isDone();
        assertThat(b).isDone();
        JoinGroupResponseData leader = a.join();
        JoinGroupResponseData follower = b.join();
        assertThat(leader.generationId()).isEqualTo(1).isEqualTo(follower.generationId());
        assertThat(leader.leader()).isEqualTo(leader.memberId());
        assertThat(leader.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactlyInAnyOrder(leader.memberId(), follower.memberId());
        assertThat(follower.members()).isEmpty();
        assertThat(state()).isEqualTo("CompletingRebalance");

        CompletableFuture<SyncGroupResponseData> followerSync = sync(follower, Map.of());
        assertThat(followerSync).isNotDone();
        SyncGroupResponseData leaderSync = sync(leader, Map.of(leader.memberId(), new byte[] {1},
                follower.memberId(), new byte[] {2})).join();
        assertThat(leaderSync.assignment()).containsExactly(1);
        assertThat(followerSync.join().assignment()).containsExactly(2);
        assertThat(state()).isEqualTo("Stable");
    }

    private JoinGroupResponseData[] stableGroupOfTwo() {
        CompletableFuture<JoinGroupResponseData> a = newMember();
        CompletableFuture<JoinGroupResponseData> b = newMember();
        advance(INITIAL_DELAY_MS);
        advance(INITIAL_DELAY_MS);
        JoinGroupResponseData leader = a.join();
        JoinGroupResponseData follower = b.join();
        sync(follower, Map.of());
        sync(leader, Map.of(leader.memberId(), new byte[] {1}, follower.memberId(), new byte[] {2})).join();
        return new JoinGroupResponseData[] {leader, follower};
    }

    @Test
    void aJoiningMemberMakesTheOthersRejoinThroughRebalanceInProgress() {
        JoinGroupResponseData[] members = stableGroupOfTwo();
        CompletableFuture<JoinGroupResponseData> third = newMember();
        assertThat(state()).isEqualTo("PreparingRebalance");
        assertThat(heartbeat(members[0])).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinGroupResponseData> a = join(members[0].memberId());
        assertThat(a).isNotDone();
        CompletableFuture<JoinGroupResponseData> b = join(members[1].memberId());
        assertThat(a).isDone();
        assertThat(b.join().generationId()).isEqualTo(2).isEqualTo(third.join().generationId());
        assertThat(heartbeat(members[0])).as("the old generation").isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @Test
    void aMemberWhoseSessionExpiresIsRemovedAndTheGroupRebalancesWithoutIt() {
        JoinGroupResponseData[] members = stableGroupOfTwo();
        for (int i = 0; i < 3; i++) {
            advance(SESSION_MS / 4);
            assertThat(heartbeat(members[0])).isEqualTo(Errors.NONE);
        }
        advance(SESSION_MS / 4);
        assertThat(heartbeat(members[0])).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(state()).as("the silent member is gone").isEqualTo("PreparingRebalance");
        assertThat(heartbeat(members[1])).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        JoinGroupResponseData rejoined = join(members[0].memberId()).join();
        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(rejoined.members()).hasSize(1);
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsDropped() {
        JoinGroupResponseData[] members = stableGroupOfTwo();
        CompletableFuture<JoinGroupResponseData> a = join(members[0].memberId());   // the leader rejoins
        assertThat(state()).isEqualTo("PreparingRebalance");
        for (int t = 0; t < REBALANCE_MS; t += SESSION_MS / 2) {
            heartbeat(members[1]);
            advance(SESSION_MS / 2);
        }
        assertThat(a).isDone();
        assertThat(a.join().members()).hasSize(1);
        assertThat(heartbeat(members[1])).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberIdHandedOutButNeverUsedExpiresAfterTheSessionTimeout() {
        JoinGroupResponseData[] members = stableGroupOfTwo();
        JoinGroupResponseData handedOut = join("").join();
        assertThat(Errors.forCode(handedOut.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(state()).as("no rebalance for a pending member").isEqualTo("Stable");
        advance(SESSION_MS);
        assertThat(join(handedOut.memberId()).join().errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
        assertThat(members).hasSize(2);
    }

    @Test
    void aStaticMemberRejoiningUnderANewMemberIdFencesItsOldId() {
        JoinGroupRequestData staticJoin = new JoinGroupRequestData().setGroupId("g").setMemberId("")
                .setGroupInstanceId("instance-1").setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer").setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol()
                        .setName("range").setMetadata(new byte[0])));
        ClientInfo client = new ClientInfo("c", "/127.0.0.1", (short) 9);
        CompletableFuture<JoinGroupResponseData> first = coordinator.join(staticJoin, client, now);
        advance(INITIAL_DELAY_MS);
        JoinGroupResponseData joined = first.join();
        assertThat(joined.errorCode()).as("static members get no MEMBER_ID_REQUIRED").isZero();
        sync(joined, Map.of(joined.memberId(), new byte[] {9})).join();

        CompletableFuture<JoinGroupResponseData> second = coordinator.join(staticJoin, client, now);
        JoinGroupResponseData rejoined = second.join();
        assertThat(rejoined.memberId()).isNotEqualTo(joined.memberId());
        assertThat(rejoined.generationId()).as("a static restart of a Stable group is no rebalance")
                .isEqualTo(joined.generationId());
        assertThat(rejoined.leader()).isEqualTo(rejoined.memberId());
        assertThat(rejoined.skipAssignment()).as("the leader keeps the assignment it made (KIP-814)").isTrue();
        assertThat(state()).isEqualTo("Stable");
        assertThat(sync(rejoined, Map.of()).join().assignment()).containsExactly(9);
        assertThat(coordinator.heartbeat(new HeartbeatRequestData().setGroupId("g").setMemberId(joined.memberId())
                .setGroupInstanceId("instance-1").setGenerationId(rejoined.generationId()), now))
                .isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(coordinator.describe("g").members()).hasSize(1);
    }

    @Test
    void committedOffsetsAreRebuiltFromTheLogWhenThePartitionIsLoadedAgain() {
        TopicPartition tp = new TopicPartition("orders", 3);
        Map<TopicPartition, Errors> result = coordinator.commitOffsets("simple", -1, "", null,
                Map.of(tp, new CommittedOffset(17, 2, "meta", -1)), (short) 9, now);
        assertThat(result).containsEntry(tp, Errors.NONE);
        coordinator.commitOffsets("simple", -1, "", null, Map.of(tp, new CommittedOffset(23, 2, null, -1)),
                (short) 9, now);
        assertThat(log.records(0)).hasSize(2);

        GroupCoordinator reloaded = newCoordinator();
        CommittedOffset offset = reloaded.fetchOffsets("simple", List.of(tp)).get(tp);
        assertThat(offset.offset()).isEqualTo(23);
        assertThat(offset.leaderEpoch()).isEqualTo(2);
        assertThat(offset.metadata()).isNull();
        assertThat(offset.commitTimestampMs()).isEqualTo(now);

        reloaded.unload(0);
        assertThat(reloaded.status("simple")).isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void aCommitFromAMemberOfAGroupThatDoesNotExistIsRefused() {
        TopicPartition tp = new TopicPartition("orders", 0);
        Map<TopicPartition, CommittedOffset> commit = Map.of(tp, new CommittedOffset(1, -1, "", -1));
        assertThat(coordinator.commitOffsets("nobody", 3, "m", null, commit, (short) 9, now))
                .containsEntry(tp, Errors.GROUP_ID_NOT_FOUND);
        assertThat(coordinator.commitOffsets("nobody", 3, "m", null, commit, (short) 8, now))
                .containsEntry(tp, Errors.ILLEGAL_GENERATION);
        assertThat(log.records(0)).isEmpty();
    }

    @Test
    void offsetsOfAGroupWithoutMembersExpireAfterTheRetentionAndAGroupWithMembersKeepsThem() {
        TopicPartition tp = new TopicPartition("t", 0);
        Map<TopicPartition, CommittedOffset> commit = Map.of(tp, new CommittedOffset(42, -1, "", -1));
        advance(0);
        assertThat(coordinator.commitOffsets("standalone", -1, "", null, commit, (short) 9, now).get(tp))
                .isEqualTo(Errors.NONE);
        CompletableFuture<JoinGroupResponseData> member = newMember();   // parked until the initial delay ends
        advance(INITIAL_DELAY_MS);
        JoinGroupResponseData joined = member.join();
        sync(joined, Map.of(joined.memberId(), new byte[0])).join();
        assertThat(coordinator.commitOffsets("g", joined.generationId(), joined.memberId(), null, commit, (short) 9,
                now).get(tp)).isEqualTo(Errors.NONE);

        for (long waited = 0; waited < RETENTION_MS - 5_000; waited += 5_000) {
            advance(5_000);
            assertThat(heartbeat(joined)).isEqualTo(Errors.NONE);
        }
        assertThat(coordinator.fetchOffsets("standalone", List.of(tp)).get(tp)).as("not yet").isNotNull();
        for (int i = 0; i < 3; i++) {
            advance(5_000);
            heartbeat(joined);
        }
        assertThat(coordinator.fetchOffsets("standalone", List.of(tp)).get(tp)).as("expired").isNull();
        assertThat(log.records(0)).as("a tombstone was written").anyMatch(e -> e.value() == null);
        assertThat(coordinator.listGroups()).extracting(g -> g.groupId()).containsExactly("g");
        assertThat(coordinator.fetchOffsets("g", List.of(tp)).get(tp)).as("a group with members keeps its offsets")
                .isNotNull();
    }

    @Test
    void aGroupWhoseLastOffsetIsDeletedStaysEmptyUntilDeletedOrTheNextRetentionCheck() {
        TopicPartition tp = new TopicPartition("t", 0);
        Map<TopicPartition, CommittedOffset> commit = Map.of(tp, new CommittedOffset(3, -1, "", -1));
        advance(0);
        for (String group : List.of("deleted", "swept")) {
            assertThat(coordinator.commitOffsets(group, -1, "", null, commit, (short) 9, now).get(tp))
                    .isEqualTo(Errors.NONE);
            assertThat(coordinator.deleteOffsets(group, List.of(tp), now).partitions())
                    .containsExactly(Map.entry(tp, Errors.NONE));
        }
        assertThat(coordinator.fetchOffsets("deleted", List.of(tp)).get(tp)).isNull();
        assertThat(coordinator.listGroups()).as("as Kafka: the groups stay, Empty")
                .extracting(g -> g.groupId() + " " + g.groupState()).containsExactlyInAnyOrder("deleted Empty",
                        "swept Empty");
        assertThat(coordinator.deleteGroup("deleted", now)).isEqualTo(Errors.NONE);

        advance(1_000);   // the retention check (every second here) removes a group without members or offsets
        assertThat(coordinator.listGroups()).isEmpty();
        assertThat(coordinator.deleteGroup("swept", now)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void aGroupWithMembersLosesOnlyTheOffsetsOfTopicsNoneOfThemSubscribesTo() {
        TopicPartition read = new TopicPartition("read", 0);
        TopicPartition dropped = new TopicPartition("dropped", 0);
        ByteBuffer subscription = ConsumerProtocol.serializeSubscription(new Subscription(List.of("read")));
        byte[] metadata = new byte[subscription.remaining()];
        subscription.get(metadata);
        advance(0);
        JoinGroupResponseData first = join("", metadata).join();
        CompletableFuture<JoinGroupResponseData> member = join(first.memberId(), metadata);
        advance(INITIAL_DELAY_MS);
        JoinGroupResponseData joined = member.join();
        sync(joined, Map.of(joined.memberId(), new byte[0])).join();
        Map<TopicPartition, CommittedOffset> commit = Map.of(read, new CommittedOffset(7, -1, "", -1),
                dropped, new CommittedOffset(9, -1, "", -1));
        assertThat(coordinator.commitOffsets("g", joined.generationId(), joined.memberId(), null, commit, (short) 9,
                now)).containsOnly(Map.entry(read, Errors.NONE), Map.entry(dropped, Errors.NONE));

        for (long waited = 0; waited < RETENTION_MS + 10_000; waited += 5_000) {
            advance(5_000);
            assertThat(heartbeat(joined)).isEqualTo(Errors.NONE);
            if (waited == RETENTION_MS / 2) {
                assertThat(coordinator.fetchOffsets("g", List.of(dropped)).get(dropped)).as("not yet").isNotNull();
            }
        }
        assertThat(coordinator.fetchOffsets("g", List.of(read, dropped)))
                .as("the subscribed topic's offset stays, the other one expired (KIP-496)")
                .containsEntry(dropped, null).extractingByKey(read).extracting(CommittedOffset::offset)
                .isEqualTo(7L);
    }

    private Errors txnCommit(String groupId, int generationId, String memberId, String instanceId, int version) {
        TopicPartition tp = new TopicPartition("orders", 0);
        return coordinator.commitTransactionalOffsets(7, (short) 1, groupId, generationId, memberId, instanceId,
                Map.of(tp, new CommittedOffset(5, -1, "", -1)), (short) version, now).get(tp);
    }

    @Test
    void aTransactionalCommitIsCheckedAgainstTheClassicGroupsGenerationAndMembers() {
        JoinGroupResponseData[] members = stableGroupOfTwo();
        String member = members[0].memberId();
        int generation = members[0].generationId();
        assertThat(txnCommit("g", generation, member, null, 3)).isEqualTo(Errors.NONE);
        assertThat(txnCommit("g", generation + 1, member, null, 3)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(txnCommit("g", generation, "stranger", null, 3)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(txnCommit("g", -1, "", null, 2))
                .as("before v3 a producer's commit carries no member: taken while the group has members")
                .isEqualTo(Errors.NONE);
        assertThat(txnCommit("nobody", 3, "m", null, 5)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(txnCommit("nobody", 3, "m", null, 6)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(txnCommit("nobody", -1, "", null, 6)).as("a group without state: a simple commit")
                .isEqualTo(Errors.NONE);

        CompletableFuture<JoinGroupResponseData> rejoined = join(member);
        join(members[1].memberId());
        int next = rejoined.join().generationId();
        assertThat(state()).isEqualTo("CompletingRebalance");
        assertThat(txnCommit("g", next, member, null, 3)).as("not held back by the sync phase")
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.commitOffsets("g", next, member, null,
                Map.of(new TopicPartition("orders", 0), new CommittedOffset(5, -1, "", -1)), (short) 9, now))
                .as("a plain commit from the same member is").containsValue(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void aTransactionalCommitUnderAStaticMembersOldIdIsFenced() {
        JoinGroupRequestData staticJoin = new JoinGroupRequestData().setGroupId("g").setMemberId("")
                .setGroupInstanceId("instance-1").setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer").setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol()
                        .setName("range").setMetadata(new byte[0])));
        ClientInfo client = new ClientInfo("c", "/127.0.0.1", (short) 9);
        CompletableFuture<JoinGroupResponseData> first = coordinator.join(staticJoin, client, now);
        advance(INITIAL_DELAY_MS);
        JoinGroupResponseData joined = first.join();
        sync(joined, Map.of(joined.memberId(), new byte[0])).join();
        JoinGroupResponseData rejoined = coordinator.join(staticJoin, client, now).join();

        assertThat(txnCommit("g", rejoined.generationId(), joined.memberId(), "instance-1", 3))
                .isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(txnCommit("g", rejoined.generationId(), rejoined.memberId(), "instance-1", 3))
                .isEqualTo(Errors.NONE);
    }

    @Test
    void aTransactionalCommitToAGroupNotLoadedHereIsRefusedWithNotCoordinator() {
        coordinator.unload(0);
        assertThat(txnCommit("g", -1, "", null, 5)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(log.records(0)).isEmpty();
    }
}
