package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.message.DescribeGroupsRequestData;
import io.tributary.protocol.message.DescribeGroupsResponseData;
import io.tributary.protocol.message.FindCoordinatorRequestData;
import io.tributary.protocol.message.FindCoordinatorResponseData;
import io.tributary.protocol.message.HeartbeatRequestData;
import io.tributary.protocol.message.HeartbeatResponseData;
import io.tributary.protocol.message.JoinGroupRequestData;
import io.tributary.protocol.message.JoinGroupResponseData;
import io.tributary.protocol.message.LeaveGroupRequestData;
import io.tributary.protocol.message.LeaveGroupResponseData;
import io.tributary.protocol.message.OffsetCommitRequestData;
import io.tributary.protocol.message.OffsetCommitResponseData;
import io.tributary.protocol.message.OffsetFetchRequestData;
import io.tributary.protocol.message.OffsetFetchResponseData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classic group protocol over a raw connection, for the answers clients hide: KIP-394's MEMBER_ID_REQUIRED,
 * generation fencing of commits and heartbeats, unknown members, an inconsistent protocol type, the coordinator
 * look-up (batched and single, transaction keys not served yet).
 */
class GroupProtocolTest {

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "100",
                "group.min.session.timeout.ms", "1000", "offsets.topic.num.partitions", "3"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawClient connect() throws Exception {
        return new RawClient(broker.server.boundAddress());
    }

    /** Asks until the offsets topic exists and the group has a coordinator. */
    private static void awaitCoordinator(RawClient client, String group) {
        TestBroker.await("the coordinator of " + group + " is known", Duration.ofSeconds(30), () -> {
            try {
                FindCoordinatorResponseData r = (FindCoordinatorResponseData) client.send(
                        new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of(group)),
                        (short) 6);
                return r.coordinators().get(0).errorCode() == Errors.NONE.code();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        TestBroker.await("the group's offsets partition is loaded", Duration.ofSeconds(30), () -> {
            try {
                return heartbeat(client, group, "nobody", 0) == Errors.UNKNOWN_MEMBER_ID;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static JoinGroupResponseData join(RawClient client, String group, String memberId, String type)
            throws Exception {
        return (JoinGroupResponseData) client.send(new JoinGroupRequestData().setGroupId(group)
                .setSessionTimeoutMs(5000).setRebalanceTimeoutMs(5000).setMemberId(memberId).setProtocolType(type)
                .setProtocols(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                        .setMetadata("subscription".getBytes(StandardCharsets.UTF_8)))), (short) 9);
    }

    private static Errors heartbeat(RawClient client, String group, String memberId, int generation)
            throws Exception {
        HeartbeatResponseData r = (HeartbeatResponseData) client.send(new HeartbeatRequestData().setGroupId(group)
                .setMemberId(memberId).setGenerationId(generation), (short) 4);
        return Errors.forCode(r.errorCode());
    }

    private static Errors commit(RawClient client, String group, String memberId, int generation, long offset)
            throws Exception {
        OffsetCommitResponseData r = (OffsetCommitResponseData) client.send(new OffsetCommitRequestData()
                .setGroupId(group).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata("m"))))),
                (short) 9);
        return Errors.forCode(r.topics().get(0).partitions().get(0).errorCode());
    }

    @Test
    void commitsAndHeartbeatsAreFencedByGenerationAndMember() throws Exception {
        try (RawClient client = connect()) {
            awaitCoordinator(client, "fenced");
            JoinGroupResponseData first = join(client, "fenced", "", "consumer");
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            assertThat(first.memberId()).startsWith("raw-test-");

            JoinGroupResponseData joined = join(client, "fenced", first.memberId(), "consumer");
            assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.leader()).isEqualTo(first.memberId());
            assertThat(joined.protocolName()).isEqualTo("range");
            assertThat(joined.members()).hasSize(1);
            assertThat(new String(joined.members().get(0).metadata(), StandardCharsets.UTF_8))
                    .isEqualTo("subscription");

            assertThat(commit(client, "fenced", first.memberId(), 1, 5))
                    .as("a commit before the sync completes").isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            SyncGroupResponseData synced = (SyncGroupResponseData) client.send(new SyncGroupRequestData()
                    .setGroupId("fenced").setGenerationId(1).setMemberId(first.memberId())
                    .setProtocolType("consumer").setProtocolName("range")
                    .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                            .setMemberId(first.memberId()).setAssignment(new byte[] {1, 2, 3}))), (short) 5);
            assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
            assertThat(synced.assignment()).containsExactly(1, 2, 3);

            assertThat(heartbeat(client, "fenced", first.memberId(), 1)).isEqualTo(Errors.NONE);
            assertThat(heartbeat(client, "fenced", first.memberId(), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(heartbeat(client, "fenced", "ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);

            assertThat(commit(client, "fenced", first.memberId(), 0, 7)).isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(commit(client, "fenced", "ghost", 1, 7)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(commit(client, "fenced", "", -1, 7))
                    .as("a simple commit while the group has members").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(commit(client, "fenced", first.memberId(), 1, 42)).isEqualTo(Errors.NONE);

            OffsetFetchResponseData fetched = (OffsetFetchResponseData) client.send(new OffsetFetchRequestData()
                    .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("fenced")
                            .setTopics(null))), (short) 8);
            OffsetFetchResponseData.OffsetFetchResponsePartitions p = fetched.groups().get(0).topics().get(0)
                    .partitions().get(0);
            assertThat(p.committedOffset()).isEqualTo(42);
            assertThat(p.metadata()).isEqualTo("m");

            JoinGroupResponseData wrongType = join(client, "fenced", "", "connect");
            assertThat(Errors.forCode(wrongType.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

            DescribeGroupsResponseData described = (DescribeGroupsResponseData) client.send(
                    new DescribeGroupsRequestData().setGroups(List.of("fenced", "never-seen")), (short) 5);
            assertThat(described.groups().get(0).groupState()).isEqualTo("Stable");
            assertThat(described.groups().get(0).members().get(0).memberAssignment()).containsExactly(1, 2, 3);
            assertThat(described.groups().get(1).groupState()).isEqualTo("Dead");

            LeaveGroupResponseData left = (LeaveGroupResponseData) client.send(new LeaveGroupRequestData()
                    .setGroupId("fenced").setMembers(List.of(
                            new LeaveGroupRequestData.MemberIdentity().setMemberId(first.memberId()),
                            new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))), (short) 5);
            assertThat(left.members()).extracting(m -> Errors.forCode(m.errorCode()))
                    .containsExactly(Errors.NONE, Errors.UNKNOWN_MEMBER_ID);
            assertThat(commit(client, "fenced", "", -1, 50)).as("a simple commit once the group is empty")
                    .isEqualTo(Errors.NONE);
        }
    }

    @Test
    void coordinatorLookUpAnswersThisNodeInBothFormsAndNoTransactionCoordinatorYet() throws Exception {
        try (RawClient client = connect()) {
            awaitCoordinator(client, "looked-up");
            FindCoordinatorResponseData single = (FindCoordinatorResponseData) client.send(
                    new FindCoordinatorRequestData().setKey("looked-up"), (short) 3);
            assertThat(Errors.forCode(single.errorCode())).isEqualTo(Errors.NONE);
            assertThat(single.nodeId()).isEqualTo(1);
            assertThat(single.port()).isEqualTo(broker.server.boundAddress().getPort());

            FindCoordinatorResponseData batch = (FindCoordinatorResponseData) client.send(
                    new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of("a", "b")),
                    (short) 6);
            assertThat(batch.coordinators()).extracting(FindCoordinatorResponseData.Coordinator::key)
                    .containsExactly("a", "b");
            assertThat(batch.coordinators()).allMatch(c -> c.errorCode() == 0 && c.nodeId() == 1);

            FindCoordinatorResponseData txn = (FindCoordinatorResponseData) client.send(
                    new FindCoordinatorRequestData().setKeyType((byte) 1).setCoordinatorKeys(List.of("tx")),
                    (short) 6);
            assertThat(Errors.forCode(txn.coordinators().get(0).errorCode()))
                    .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        }
    }
}
