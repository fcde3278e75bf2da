package io.tributary.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.broker.share.ShareConfig;
import io.tributary.log.TopicPartition;
import io.tributary.protocol.Errors;
import io.tributary.protocol.message.ListGroupsResponseData;
import io.tributary.protocol.message.ShareGroupDescribeResponseData;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import io.tributary.protocol.message.ShareGroupHeartbeatResponseData;
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
 * Share groups (KIP-932) as a state machine, driven by hand: joins, leaves, session timeouts, epochs and fencing,
 * the group size limit, the simple assignor's spreading (several members per partition when members outnumber
 * partitions), describe and list, the group's durable record, and the admin checks of the offset APIs.
 */
class ShareGroupProtocolTest {

    private static final int SESSION_MS = 10_000;
    private static final UUID TOPIC_ID = new UUID(1, 1);
    private static final UUID OTHER_ID = new UUID(2, 2);

    /** A fake share consumer: what it is assigned is what the coordinator last sent it. */
    private final class Member {
        final String memberId;
        List<String> subscription = List.of("t");
        int epoch;
        Map<UUID, Set<Integer>> assigned = new TreeMap<>();
        ShareGroupHeartbeatResponseData last;

        Member(String memberId) {
            this.memberId = memberId;
        }

        ShareGroupHeartbeatResponseData heartbeat() {
            return heartbeat(epoch);
        }

        ShareGroupHeartbeatResponseData heartbeat(int withEpoch) {
            ShareGroupHeartbeatRequestData request = new ShareGroupHeartbeatRequestData().setGroupId("g")
                    .setMemberId(memberId).setMemberEpoch(withEpoch)
                    .setSubscribedTopicNames(withEpoch == 0 ? subscription : null);
            last = coordinator.shareHeartbeat(request, new ClientInfo("c-" + memberId, "/127.0.0.1", (short) 1),
                    catalog, now);
            if (last.errorCode() == Errors.NONE.code() && withEpoch >= 0) {
                epoch = last.memberEpoch();
                if (last.assignment() != null) {
                    assigned = new TreeMap<>();
                    last.assignment().topicPartitions().forEach(t -> assigned.put(t.topicId(),
                            new HashSet<>(t.partitions())));
                }
            }
            return last;
        }

        ShareGroupHeartbeatResponseData leave() {
            return heartbeat(-1);
        }

        Set<Integer> partitions() {
            return assigned.getOrDefault(TOPIC_ID, Set.of());
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
    private final MemoryCoordinatorLog log = new MemoryCoordinatorLog();
    private GroupCoordinator coordinator;
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        topics.put("t", new TopicCatalog.Topic("t", TOPIC_ID, 4));
        coordinator = newCoordinator(3);
        coordinator.load(0);
    }

    private GroupCoordinator newCoordinator(int maxSize) {
        GroupConfig config = GroupConfig.defaults();
        ShareConfig defaults = ShareConfig.defaults();
        ShareConfig share = new ShareConfig(defaults.recordLockDurationMs(), defaults.minRecordLockDurationMs(),
                defaults.maxRecordLockDurationMs(), defaults.deliveryCountLimit(), defaults.partitionMaxRecordLocks(),
                maxSize, SESSION_MS, 700, defaults.maxShareSessions(), defaults.stateTopicPartitions(),
                defaults.stateTopicReplicationFactor(), defaults.stateTopicSegmentBytes());
        return new GroupCoordinator(config, share, g -> io.tributary.broker.share.ShareGroupSettings.defaults(share),
                log, g -> 0, () -> UUID.randomUUID().toString());
    }

    private static void settle(List<Member> members) {
        for (int round = 0; round < 2; round++) {
            members.forEach(Member::heartbeat);
        }
    }

    @Test
    void firstMemberGetsEveryPartitionWithTheGroupEpoch() {
        Member a = new Member("a");
        ShareGroupHeartbeatResponseData r = a.heartbeat();
        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(r.memberId()).isEqualTo("a");
        assertThat(r.memberEpoch()).isEqualTo(1);
        assertThat(r.heartbeatIntervalMs()).isEqualTo(700);
        assertThat(a.partitions()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(a.heartbeat().assignment()).as("unchanged assignment is not resent").isNull();
    }

    @Test
    void membersSplitThePartitionsWithoutARevocationPhase() {
        Member a = new Member("a");
        Member b = new Member("b");
        a.heartbeat();
        ShareGroupHeartbeatResponseData joined = b.heartbeat();
        assertThat(joined.memberEpoch()).isEqualTo(2);
        assertThat(b.partitions()).hasSize(2);
        ShareGroupHeartbeatResponseData moved = a.heartbeat();
        assertThat(moved.memberEpoch()).isEqualTo(2);
        assertThat(moved.assignment()).isNotNull();
        assertThat(a.partitions()).hasSize(2).doesNotContainAnyElementsOf(b.partitions());
    }

    @Test
    void moreMembersThanPartitionsShareEachPartition() {
        topics.put("t", new TopicCatalog.Topic("t", TOPIC_ID, 2));
        coordinator = newCoordinator(10);
        coordinator.load(0);
        List<Member> members = List.of(new Member("a"), new Member("b"), new Member("c"), new Member("d"),
                new Member("e"));
        settle(members);
        Map<Integer, Integer> readers = new HashMap<>();
        for (Member m : members) {
            assertThat(m.partitions()).as("member %s", m.memberId).hasSize(1);
            m.partitions().forEach(p -> readers.merge(p, 1, Integer::sum));
        }
        assertThat(readers).containsOnlyKeys(0, 1);
        assertThat(readers.values()).allMatch(n -> n == 2 || n == 3);
    }

    @Test
    void assignorSpreadsSeveralTopicsAndOnlyToSubscribers() {
        Map<UUID, Integer> partitionCounts = Map.of(TOPIC_ID, 3, OTHER_ID, 1);
        List<ServerAssignor.Subscriber> members = List.of(
                new ServerAssignor.Subscriber("a", Set.of(TOPIC_ID, OTHER_ID), Assignment.EMPTY),
                new ServerAssignor.Subscriber("b", Set.of(TOPIC_ID), Assignment.EMPTY));
        Map<String, Assignment> out = SimpleAssignor.assign(members, partitionCounts);
        assertThat(out.get("a").size() + out.get("b").size()).isEqualTo(4);
        assertThat(out.get("a").contains(OTHER_ID, 0)).isTrue();
        assertThat(out.get("b").byTopic()).doesNotContainKey(OTHER_ID);
        assertThat(out.get("a").byTopic().get(TOPIC_ID)).doesNotContainAnyElementsOf(out.get("b").byTopic()
                .get(TOPIC_ID));
    }

    @Test
    void leavingMemberHandsItsPartitionsToTheOthers() {
        Member a = new Member("a");
        Member b = new Member("b");
        settle(List.of(a, b));
        ShareGroupHeartbeatResponseData left = b.leave();
        assertThat(left.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(left.memberEpoch()).isEqualTo(-1);
        a.heartbeat();
        assertThat(a.partitions()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(a.epoch).isEqualTo(3);
        assertThat(b.heartbeat(b.epoch).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void silentMemberIsRemovedAfterTheSessionTimeout() {
        Member a = new Member("a");
        Member b = new Member("b");
        settle(List.of(a, b));
        now += SESSION_MS / 2;
        a.heartbeat();
        long next = coordinator.poll(now);
        assertThat(next).isLessThanOrEqualTo(now + SESSION_MS);
        now += SESSION_MS / 2 + 1;
        coordinator.poll(now);
        assertThat(coordinator.describeShareGroup("g", catalog).members()).extracting(
                ShareGroupDescribeResponseData.Member::memberId).containsExactly("a");
        a.heartbeat();
        assertThat(a.partitions()).hasSize(4);
        assertThat(b.heartbeat().errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void wrongEpochIsFencedButThePreviousOneIsAccepted() {
        Member a = new Member("a");
        Member b = new Member("b");
        a.heartbeat();
        b.heartbeat();
        assertThat(a.heartbeat(7).errorCode()).isEqualTo(Errors.FENCED_MEMBER_EPOCH.code());
        a.heartbeat();                       // moves a from epoch 1 to 2
        assertThat(a.heartbeat(1).errorCode()).as("answer with the new epoch lost").isEqualTo(Errors.NONE.code());
        assertThat(a.heartbeat(0).memberEpoch()).as("rejoin under the same id").isGreaterThan(2);
    }

    @Test
    void malformedHeartbeatsAreInvalidRequests() {
        ShareGroupHeartbeatResponseData noId = coordinator.shareHeartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("").setMemberEpoch(0).setSubscribedTopicNames(List.of("t")),
                new ClientInfo("c", "h", (short) 1), catalog, now);
        assertThat(noId.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(noId.errorMessage()).isEqualTo("MemberId can't be empty.");
        ShareGroupHeartbeatResponseData noTopics = coordinator.shareHeartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("m").setMemberEpoch(0), new ClientInfo("c", "h", (short) 1), catalog,
                now);
        assertThat(noTopics.errorMessage()).isEqualTo("SubscribedTopicNames must be set in first request.");
    }

    @Test
    void groupRefusesMembersBeyondItsMaximumSize() {
        List<Member> three = List.of(new Member("a"), new Member("b"), new Member("c"));
        settle(three);
        ShareGroupHeartbeatResponseData fourth = new Member("d").heartbeat();
        assertThat(fourth.errorCode()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED.code());
        assertThat(three.get(0).heartbeat(0).errorCode()).as("a member rejoining is no new member")
                .isEqualTo(Errors.NONE.code());
    }

    @Test
    void subscriptionAndPartitionChangesBumpTheEpoch() {
        Member a = new Member("a");
        a.heartbeat();
        topics.put("t", new TopicCatalog.Topic("t", TOPIC_ID, 6));
        ShareGroupHeartbeatResponseData grown = a.heartbeat();
        assertThat(grown.memberEpoch()).isEqualTo(2);
        assertThat(a.partitions()).hasSize(6);
        topics.put("u", new TopicCatalog.Topic("u", OTHER_ID, 1));
        ShareGroupHeartbeatResponseData resubscribed = coordinator.shareHeartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("a").setMemberEpoch(2).setSubscribedTopicNames(List.of("u")),
                new ClientInfo("c", "h", (short) 1), catalog, now);
        assertThat(resubscribed.memberEpoch()).isEqualTo(3);
        assertThat(resubscribed.assignment().topicPartitions()).singleElement()
                .satisfies(t -> assertThat(t.topicId()).isEqualTo(OTHER_ID));
    }

    @Test
    void groupIdOfAnotherKindIsNotAShareGroup() {
        coordinator.commitOffsets("classic", -1, "", null, Map.of(new TopicPartition("t", 0),
                new CommittedOffset(5, -1, null, 0)), (short) 9, now);
        ShareGroupHeartbeatResponseData r = coordinator.shareHeartbeat(new ShareGroupHeartbeatRequestData()
                .setGroupId("classic").setMemberId("m").setMemberEpoch(0).setSubscribedTopicNames(List.of("t")),
                new ClientInfo("c", "h", (short) 1), catalog, now);
        assertThat(r.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        assertThat(r.errorMessage()).isEqualTo("Group classic is not a share group.");
        new Member("a").heartbeat();
        assertThat(coordinator.describe("g").errorMessage()).isEqualTo("Group g is not a classic group.");
    }

    @Test
    void describeAndListShowTheShareGroup() {
        Member a = new Member("a");
        Member b = new Member("b");
        settle(List.of(a, b));
        ShareGroupDescribeResponseData.DescribedGroup g = coordinator.describeShareGroup("g", catalog);
        assertThat(g.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(g.groupState()).isEqualTo("Stable");
        assertThat(g.groupEpoch()).isEqualTo(2);
        assertThat(g.assignmentEpoch()).isEqualTo(2);
        assertThat(g.assignorName()).isEqualTo("simple");
        assertThat(g.members()).hasSize(2).allSatisfy(m -> {
            assertThat(m.memberEpoch()).isEqualTo(2);
            assertThat(m.subscribedTopicNames()).containsExactly("t");
            assertThat(m.assignment().topicPartitions()).singleElement().satisfies(t -> {
                assertThat(t.topicName()).isEqualTo("t");
                assertThat(t.partitions()).hasSize(2);
            });
        });
        assertThat(coordinator.describeShareGroup("nope", catalog).errorCode())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        ListGroupsResponseData.ListedGroup listed = coordinator.listGroups().stream()
                .filter(l -> l.groupId().equals("g")).findFirst().orElseThrow();
        assertThat(listed.groupType()).isEqualTo("share");
        assertThat(listed.protocolType()).isEqualTo("share");
        assertThat(listed.groupState()).isEqualTo("Stable");
        a.leave();
        b.leave();
        assertThat(coordinator.describeShareGroup("g", catalog).groupState()).isEqualTo("Empty");
    }

    @Test
    void groupAndItsTopicsOutliveACoordinatorMove() {
        new Member("a").heartbeat();
        assertThat(coordinator.deleteGroup("g", now)).isEqualTo(Errors.NON_EMPTY_GROUP);
        GroupCoordinator next = newCoordinator(3);
        next.load(0);
        assertThat(next.describeShareGroup("g", catalog).groupState()).isEqualTo("Empty");
        assertThat(next.shareGroupTopics("g", true).topics()).containsExactly(Map.entry(TOPIC_ID, "t"));
        assertThat(next.listGroups()).anySatisfy(l -> {
            assertThat(l.groupId()).isEqualTo("g");
            assertThat(l.groupType()).isEqualTo("share");
            assertThat(l.groupState()).isEqualTo("Empty");
        });
        assertThat(next.deleteGroup("g", now)).isEqualTo(Errors.NONE);
        GroupCoordinator third = newCoordinator(3);
        third.load(0);
        assertThat(third.shareGroupTopics("g", false).error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void offsetAdminNeedsAnEmptyShareGroupAndRecordsItsTopics() {
        Member a = new Member("a");
        a.heartbeat();
        assertThat(coordinator.shareGroupTopics("g", true).error()).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(coordinator.shareGroupTopics("g", false).error()).isEqualTo(Errors.NONE);
        a.leave();
        assertThat(coordinator.recordShareTopics("g", Map.of(OTHER_ID, "u"), now).topics())
                .containsOnlyKeys(TOPIC_ID, OTHER_ID);
        assertThat(coordinator.forgetShareTopics("g", Set.of(TOPIC_ID), now)).isEqualTo(Errors.NONE);
        GroupCoordinator next = newCoordinator(3);
        next.load(0);
        assertThat(next.shareGroupTopics("g", true).topics()).containsOnlyKeys(OTHER_ID);
        assertThat(next.shareGroupTopics("missing", true).error()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void shareGroupRecordRoundTrips() {
        Map<UUID, String> topicsById = new java.util.LinkedHashMap<>();
        topicsById.put(TOPIC_ID, "t");
        topicsById.put(OTHER_ID, "ü-topic");
        assertThat(OffsetRecords.readShareGroupKey(OffsetRecords.shareGroupKey("grp"))).isEqualTo("grp");
        assertThat(OffsetRecords.readShareGroupValue(OffsetRecords.shareGroupValue(topicsById)))
                .containsExactlyEntriesOf(topicsById);
        assertThat(OffsetRecords.readKey(OffsetRecords.shareGroupKey("grp"))).isNull();
        assertThat(OffsetRecords.readShareGroupKey(OffsetRecords.key("grp", new TopicPartition("t", 0)))).isNull();
    }
}
