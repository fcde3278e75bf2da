package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ConsumerGroupHeartbeatRequestData;
import io.tributary.protocol.message.ConsumerGroupHeartbeatResponseData;
import io.tributary.protocol.message.JoinGroupRequestData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer group protocol (KIP-848) as a state machine, driven by hand: joins, revocation before assignment,
 * fencing, static members, and the offset commit rules of the protocol.
 */
class ConsumerGroupProtocolTest {

    private static final int SESSION_MS = 10_000;
    private static final UUID TOPIC_ID = new UUID(1, 1);

    /** A fake consumer: what it owns is what the coordinator last gave it (it revokes at once). */
    private final class Member {
        final String memberId;
        final String instanceId;
        int epoch;
        Map<UUID, Set<Integer>> owned = new TreeMap<>();
        Errors lastError = Errors.NONE;

        Member(String memberId, String instanceId) {
            this.memberId = memberId;
            this.instanceId = instanceId;
        }

        ConsumerGroupHeartbeatResponseData heartbeat() {
            ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                    .setMemberId(memberId).setMemberEpoch(epoch).setInstanceId(instanceId);
            List<ConsumerGroupHeartbeatRequestData.TopicPartitions> topics = new ArrayList<>();
            owned.forEach((t, ps) -> topics.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions().setTopicId(t)
                    .setPartitions(new ArrayList<>(ps))));
            request.setTopicPartitions(topics);
            if (epoch == 0) {
                request.setRebalanceTimeoutMs(30_000).setSubscribedTopicNames(List.of("t"));
            }
            ConsumerGroupHeartbeatResponseData response = coordinator.consumerHeartbeat(request,
                    new ClientInfo("c", "/127.0.0.1", (short) 1), catalog, now);
            lastError = Errors.forCode(response.errorCode());
            if (lastError == Errors.NONE) {
                epoch = response.memberEpoch();
                if (response.assignment() != null) {
                    owned = new TreeMap<>();
                    response.assignment().topicPartitions().forEach(t -> owned.put(t.topicId(),
                            new HashSet<>(t.partitions())));
                }
            }
            return response;
        }

        int ownedCount() {
            return owned.values().stream().mapToInt(Set::size).sum();
        }

        ConsumerGroupHeartbeatResponseData leave(int leaveEpoch) {
            return coordinator.consumerHeartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                    .setMemberId(memberId).setMemberEpoch(leaveEpoch).setInstanceId(instanceId),
                    new ClientInfo("c", "/127.0.0.1", (short) 1), catalog, now);
        }
    }

    private final Map<String, TopicCatalog.Topic> topics = new HashMap<>();
    private final TopicCatalog catalog = new TopicCatalog() {
        @Override
        public Topic byName(String name) {
            return topics.get(name);
        }

        @Override
        public Topic byId(UUID id) {
            return topics.values().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        }

        @Override
        public Collection<String> names() {
            return topics.keySet();
        }
    };
    private GroupCoordinator coordinator;
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        topics.put("t", new TopicCatalog.Topic("t", TOPIC_ID, 6));
        GroupConfig config = new GroupConfig(1, (short) 1, 1 << 20, 0, 1000, 60_000, 4096, SESSION_MS, 1000,
                List.of("uniform", "range"), 7L * 24 * 3600 * 1000, 600_000);
        coordinator = new GroupCoordinator(config, new MemoryCoordinatorLog(), g -> 0,
                () -> UUID.randomUUID().toString());
        coordinator.load(0);
    }

    /** Every member heartbeats, in turn, until nothing changes; no partition is ever owned twice. */
    private void settle(List<Member> members) {
        for (int round = 0; round < 10; round++) {
            for (Member m : members) {
                m.heartbeat();
                assertNoPartitionOwnedTwice(members);
            }
        }
    }

    private static void assertNoPartitionOwnedTwice(List<Member> members) {
        Set<Integer> seen = new HashSet<>();
        for (Member m : members) {
            for (int p : m.owned.getOrDefault(TOPIC_ID, Set.of())) {
                assertThat(seen.add(p)).as("partition %d owned twice", p).isTrue();
            }
        }
    }

    @Test
    void aLoneMemberGetsEveryPartitionAtEpochOne() {
        Member a = new Member("a", null);
        ConsumerGroupHeartbeatResponseData r = a.heartbeat();
        assertThat(r.errorCode()).isZero();
        assertThat(r.memberEpoch()).isEqualTo(1);
        assertThat(r.heartbeatIntervalMs()).isEqualTo(1000);
        assertThat(a.owned.get(TOPIC_ID)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(coordinator.describeConsumerGroup("g", catalog).groupState()).isEqualTo("Stable");
    }

    @Test
    void aJoiningMemberGetsPartitionsOnlyAfterTheOwnerRevokedThem() {
        Member a = new Member("a", null);
        a.heartbeat();
        Member b = new Member("b", null);
        b.heartbeat();
        assertThat(b.epoch).isEqualTo(2);
        assertThat(b.ownedCount()).as("nothing is free before a revokes").isZero();
        assertThat(coordinator.describeConsumerGroup("g", catalog).groupState()).isEqualTo("Reconciling");

        a.heartbeat();
        assertThat(a.epoch).as("a keeps its epoch until it confirms the revocation").isEqualTo(1);
        assertThat(a.ownedCount()).isEqualTo(3);
        b.heartbeat();
        assertThat(b.ownedCount()).as("a has not confirmed yet").isZero();
        a.heartbeat();   // reports owning 3: the revocation is done
        assertThat(a.epoch).isEqualTo(2);
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(3);
        assertNoPartitionOwnedTwice(List.of(a, b));
        assertThat(coordinator.describeConsumerGroup("g", catalog).groupState()).isEqualTo("Stable");
    }

    @Test
    void membersConvergeOnABalancedAssignmentAsMembersComeAndGo() {
        List<Member> members = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            members.add(new Member(id, null));
            settle(members);
        }
        assertThat(members).allSatisfy(m -> assertThat(m.ownedCount()).isEqualTo(2));
        Member d = new Member("d", null);
        members.add(d);
        settle(members);
        assertThat(members.stream().mapToInt(Member::ownedCount).sum()).isEqualTo(6);
        assertThat(members).allSatisfy(m -> assertThat(m.ownedCount()).isBetween(1, 2));

        Member leaver = members.remove(0);
        assertThat(leaver.leave(-1).memberEpoch()).isEqualTo(-1);
        settle(members);
        assertThat(members).allSatisfy(m -> assertThat(m.ownedCount()).isEqualTo(2));
    }

    @Test
    void aMemberWhoseSessionExpiresIsFencedAndItsPartitionsMove() {
        Member a = new Member("a", null);
        Member b = new Member("b", null);
        settle(List.of(a, b));
        now += SESSION_MS - 1;
        a.heartbeat();
        now += 2;
        coordinator.poll(now);
        settle(List.of(a));
        assertThat(a.ownedCount()).isEqualTo(6);
        b.heartbeat();
        assertThat(b.lastError).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsFenced() {
        Member a = new Member("a", null);
        a.heartbeat();
        Member b = new Member("b", null);
        b.heartbeat();
        ConsumerGroupHeartbeatRequestData stuck = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("a").setMemberEpoch(1);   // never reports its owned partitions
        coordinator.consumerHeartbeat(stuck, new ClientInfo("c", "/h", (short) 1), catalog, now);
        for (int i = 0; i < 4; i++) {
            now += 9_000;
            b.heartbeat();
            coordinator.consumerHeartbeat(stuck, new ClientInfo("c", "/h", (short) 1), catalog, now);
            coordinator.poll(now);
        }
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(6);
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionKeepsItsPartitionsAndNothingRebalances() {
        Member a = new Member("a", "instance-a");
        Member b = new Member("b", "instance-b");
        settle(List.of(a, b));
        Set<Integer> before = Set.copyOf(a.owned.get(TOPIC_ID));
        int groupEpoch = coordinator.describeConsumerGroup("g", catalog).groupEpoch();
        assertThat(a.leave(-2).memberEpoch()).isEqualTo(-2);

        Member restarted = new Member("a2", "instance-a");
        restarted.heartbeat();
        assertThat(restarted.lastError).isEqualTo(Errors.NONE);
        assertThat(restarted.owned.get(TOPIC_ID)).isEqualTo(before);
        assertThat(coordinator.describeConsumerGroup("g", catalog).groupEpoch()).isEqualTo(groupEpoch);
        assertThat(coordinator.describeConsumerGroup("g", catalog).members())
                .extracting(m -> m.memberId()).containsExactlyInAnyOrder("a2", "b");

        Member impostor = new Member("a3", "instance-a");
        impostor.heartbeat();
        assertThat(impostor.lastError).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
    }

    @Test
    void staleEpochsUnknownMembersAndUnknownAssignorsAreRefused() {
        Member a = new Member("a", null);
        a.heartbeat();
        a.epoch = 7;
        a.heartbeat();
        assertThat(a.lastError).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        Member ghost = new Member("ghost", null);
        ghost.epoch = 3;
        ghost.heartbeat();
        assertThat(ghost.lastError).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        ConsumerGroupHeartbeatResponseData r = coordinator.consumerHeartbeat(new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("x").setMemberEpoch(0).setRebalanceTimeoutMs(1000)
                .setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of()).setServerAssignor("sticky"),
                new ClientInfo("c", "/h", (short) 1), catalog, now);
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
        r = coordinator.consumerHeartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId("")
                .setMemberEpoch(0), new ClientInfo("c", "/h", (short) 1), catalog, now);
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void aNewPartitionOfASubscribedTopicIsAssigned() {
        Member a = new Member("a", null);
        Member b = new Member("b", null);
        settle(List.of(a, b));
        topics.put("t", new TopicCatalog.Topic("t", TOPIC_ID, 8));
        settle(List.of(a, b));
        assertThat(a.ownedCount() + b.ownedCount()).isEqualTo(8);
    }

    @Test
    void commitsAreCheckedAgainstTheMemberEpoch() {
        Member a = new Member("a", null);
        a.heartbeat();
        TopicPartition tp = new TopicPartition("t", 0);
        Map<TopicPartition, CommittedOffset> offsets = Map.of(tp, new CommittedOffset(5, -1, "", -1));
        assertThat(coordinator.commitOffsets("g", a.epoch, "a", null, offsets, (short) 9, now).get(tp))
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.commitOffsets("g", a.epoch - 1, "a", null, offsets, (short) 9, now).get(tp))
                .isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(coordinator.commitOffsets("g", -1, "", null, offsets, (short) 9, now).get(tp))
                .as("no simple commits while the group has members").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(a.leave(-1).errorCode()).isZero();
        assertThat(coordinator.commitOffsets("g", -1, "", null, offsets, (short) 9, now).get(tp))
                .isEqualTo(Errors.NONE);
    }

    @Test
    void aGroupIsOfOneProtocolAtATime() {
        Member a = new Member("a", null);
        a.heartbeat();
        JoinGroupRequestData classicJoin = new JoinGroupRequestData().setGroupId("g").setMemberId("")
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(30_000).setProtocolType("consumer")
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata(new byte[0])));
        assertThat(Errors.forCode(coordinator.join(classicJoin, new ClientInfo("c", "/h", (short) 9), now).join()
                .errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        a.leave(-1);
        assertThat(Errors.forCode(coordinator.join(classicJoin, new ClientInfo("c", "/h", (short) 9), now).join()
                .errorCode())).as("an empty group changes kind").isEqualTo(Errors.MEMBER_ID_REQUIRED);
    }

    @Test
    void aTransactionalCommitWithAStaleMemberEpochIsAnIllegalGenerationBeforeV6() {
        Member a = new Member("a", null);
        a.heartbeat();
        TopicPartition tp = new TopicPartition("t", 0);
        Map<TopicPartition, CommittedOffset> offsets = Map.of(tp, new CommittedOffset(5, -1, "", -1));
        assertThat(coordinator.commitTransactionalOffsets(7, (short) 0, "g", a.epoch, "a", null, offsets, (short) 5,
                now)).containsEntry(tp, Errors.NONE);
        assertThat(coordinator.commitTransactionalOffsets(7, (short) 0, "g", a.epoch - 1, "a", null, offsets,
                (short) 5, now)).containsEntry(tp, Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.commitTransactionalOffsets(7, (short) 0, "g", a.epoch - 1, "a", null, offsets,
                (short) 6, now)).containsEntry(tp, Errors.STALE_MEMBER_EPOCH);
        assertThat(coordinator.commitTransactionalOffsets(7, (short) 0, "g", a.epoch, "b", null, offsets,
                (short) 6, now)).containsEntry(tp, Errors.UNKNOWN_MEMBER_ID);
    }
}
