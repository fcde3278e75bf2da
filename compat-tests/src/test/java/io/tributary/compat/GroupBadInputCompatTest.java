package io.tributary.compat;

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
import io.tributary.protocol.message.RequestHeaderData;
import io.tributary.protocol.message.SyncGroupRequestData;
import io.tributary.protocol.message.SyncGroupResponseData;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.message.ApiKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad group-protocol input over a raw connection gets the error Kafka gives, and nothing else is disturbed: a
 * kafka-clients consumer in group "bystander" (joined before any of it) keeps consuming and committing in the same
 * generation under the same member id — several cases aim at its own group. Broker settings:
 * {@code socket.request.max.bytes=1048576}, {@code group.initial.rebalance.delay.ms=200}.
 */
class GroupBadInputCompatTest {

    private static final int MAX_REQUEST_BYTES = 1_048_576;
    private static final String BYSTANDER = "bystander";
    private static final String BYSTANDER_TOPIC = "bystander-topic";

    @TempDir
    static Path dir;

    private static TributaryProcess broker;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;
    private static GroupConsumer bystander;
    private static String bystanderMember;
    private static int bystanderGeneration;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir.resolve("data"), Map.of("socket.request.max.bytes",
                Integer.toString(MAX_REQUEST_BYTES), "group.initial.rebalance.delay.ms", "200")).start();
        admin = broker.admin();
        admin.createTopics(List.of(new NewTopic(BYSTANDER_TOPIC, 1, (short) 1))).all().get();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());
        producer.send(new ProducerRecord<>(BYSTANDER_TOPIC, 0, null, "before any bad input")).get();
        bystander = new GroupConsumer(broker.bootstrap(), BYSTANDER, "bystander", BYSTANDER_TOPIC);
        GroupConsumer.await("the bystander consumed the first record", Duration.ofSeconds(30),
                () -> bystander.consumed().size() == 1 && bystander.acknowledgedCommits().equals(Map.of(0, 1L)));
        bystanderMember = bystander.memberId();
        bystanderGeneration = bystander.generation();
        assertThat(bystanderMember).startsWith("bystander-");
        assertThat(bystanderGeneration).isPositive();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bystander != null) {
            bystander.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        broker.stop();
    }

    /** After every case: the broker is up, and the bystander consumed and committed a new record, undisturbed. */
    @AfterEach
    void theOtherGroupIsUndisturbed(TestInfo test) throws Exception {
        assertThat(broker.isAlive()).as("the broker process is still running").isTrue();
        String marker = "after " + test.getDisplayName();
        long offset = producer.send(new ProducerRecord<>(BYSTANDER_TOPIC, 0, null, marker)).get().offset();
        GroupConsumer.await("the bystander consumed and committed \"" + marker + "\"", Duration.ofSeconds(30),
                () -> bystander.consumed().stream().anyMatch(c -> c.value().equals(marker))
                        && bystander.acknowledgedCommits().getOrDefault(0, 0L) == offset + 1,
                () -> "consumed " + bystander.consumed() + ", failures " + bystander.failures());
        assertThat(bystander.memberId()).as("same member").isEqualTo(bystanderMember);
        assertThat(bystander.generation()).as("no rebalance").isEqualTo(bystanderGeneration);
        assertThat(bystander.failures()).isEmpty();
        assertThat(bystander.consumed()).as("every record once, in order").extracting(GroupConsumer.Consumed::offset)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(0, offset).boxed().toList());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(BYSTANDER)
                .partitionsToOffsetAndMetadata().get();
        assertThat(committed).containsOnlyKeys(new TopicPartition(BYSTANDER_TOPIC, 0));
        assertThat(committed.get(new TopicPartition(BYSTANDER_TOPIC, 0)).offset()).isEqualTo(offset + 1);
    }

    private static RawConnection connect() throws Exception {
        return new RawConnection("127.0.0.1", broker.port());
    }

    /** Asks until the group has a coordinator (this node). */
    private static void awaitCoordinator(RawConnection c, String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            FindCoordinatorResponseData r = (FindCoordinatorResponseData) c.request(new FindCoordinatorRequestData()
                    .setKeyType((byte) 0).setCoordinatorKeys(List.of(group)), (short) 4);
            if (r.coordinators().get(0).errorCode() == Errors.NONE.code()) {
                assertThat(r.coordinators().get(0).port()).isEqualTo(broker.port());
                return;
            }
            assertThat(System.nanoTime()).as("a coordinator for " + group).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static JoinGroupRequestData join(String group, String memberId, String protocolType, String protocol,
                                             byte[] metadata) {
        return new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setMemberId(memberId).setProtocolType(protocolType)
                .setProtocols(new ArrayList<>(List.of(new JoinGroupRequestData.JoinGroupRequestProtocol()
                        .setName(protocol).setMetadata(metadata))));
    }

    private static JoinGroupResponseData send(RawConnection c, JoinGroupRequestData request) throws Exception {
        return (JoinGroupResponseData) c.request(request, (short) 9);
    }

    private static Errors error(JoinGroupResponseData r) {
        return Errors.forCode(r.errorCode());
    }

    private static Errors heartbeat(RawConnection c, String group, String memberId, int generation)
            throws Exception {
        return Errors.forCode(((HeartbeatResponseData) c.request(new HeartbeatRequestData().setGroupId(group)
                .setMemberId(memberId).setGenerationId(generation), (short) 4)).errorCode());
    }

    private static Errors commit(RawConnection c, String memberId, int generation, long offset) throws Exception {
        return commit(c, memberId, generation, offset, "");
    }

    private static Errors commit(RawConnection c, String memberId, int generation, long offset, String metadata)
            throws Exception {
        OffsetCommitResponseData r = (OffsetCommitResponseData) c.request(new OffsetCommitRequestData()
                .setGroupId(BYSTANDER).setMemberId(memberId).setGenerationIdOrMemberEpoch(generation)
                .setTopics(new ArrayList<>(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(BYSTANDER_TOPIC).setPartitions(new ArrayList<>(List.of(
                                new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                        .setCommittedOffset(offset).setCommittedMetadata(metadata))))))),
                (short) 9);
        return Errors.forCode(r.topics().get(0).partitions().get(0).errorCode());
    }

    private static final byte[] SUBSCRIPTION = "subscription".getBytes(StandardCharsets.UTF_8);

    @Test
    void aJoinWithAnotherProtocolTypeOrNoCommonProtocolIsInconsistentGroupProtocol() throws Exception {
        try (RawConnection c = connect()) {
            awaitCoordinator(c, BYSTANDER);
            JoinGroupResponseData otherType = send(c, join(BYSTANDER, "", "connect", "range", SUBSCRIPTION));
            assertThat(error(otherType)).as("protocol type connect into a consumer group")
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
            assertThat(otherType.generationId()).isEqualTo(-1);
            assertThat(otherType.memberId()).as("no member id handed out").isEmpty();

            JoinGroupResponseData unknownAssignor = send(c, join(BYSTANDER, "", "consumer", "no-such-assignor",
                    SUBSCRIPTION));
            assertThat(error(unknownAssignor)).as("no protocol in common with the members")
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

            awaitCoordinator(c, "typeless");
            assertThat(error(send(c, join("typeless", "", "", "range", SUBSCRIPTION))))
                    .as("an empty protocol type").isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
            assertThat(error(send(c, join("typeless", "", "consumer", "range", SUBSCRIPTION)
                    .setProtocols(new ArrayList<>())))).as("no protocols at all")
                    .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);

            assertThat(error(send(c, join("", "", "consumer", "range", SUBSCRIPTION))))
                    .as("an empty group id").isEqualTo(Errors.INVALID_GROUP_ID);
            assertThat(error(send(c, join(BYSTANDER, "", "consumer", "range", SUBSCRIPTION)
                    .setSessionTimeoutMs(1)))).as("a session timeout below group.min.session.timeout.ms")
                    .isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        }
    }

    @Test
    void aCommitOrHeartbeatWithAStaleGenerationIsIllegalGenerationAndChangesNothing() throws Exception {
        try (RawConnection c = connect()) {
            awaitCoordinator(c, BYSTANDER);
            assertThat(commit(c, bystanderMember, bystanderGeneration - 1, 999_999))
                    .as("the bystander's member id, the generation before").isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(commit(c, bystanderMember, bystanderGeneration + 1, 999_999))
                    .as("a generation that does not exist yet").isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(commit(c, "ghost", bystanderGeneration, 999_999)).as("an unknown member, right generation")
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(commit(c, "", -1, 999_999)).as("a simple commit while the group has a member")
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            assertThat(heartbeat(c, BYSTANDER, bystanderMember, bystanderGeneration - 1))
                    .isEqualTo(Errors.ILLEGAL_GENERATION);
            assertThat(commit(c, bystanderMember, bystanderGeneration, 999_999, "m".repeat(4097)))
                    .as("the right member and generation, metadata over offset.metadata.max.bytes (4096)")
                    .isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        }
        assertThat(admin.listConsumerGroupOffsets(BYSTANDER).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(BYSTANDER_TOPIC, 0)).offset()).as("none of those commits was taken")
                .isLessThan(999_999);
    }

    @Test
    void aHeartbeatSyncOrLeaveFromAnUnknownMemberIsUnknownMemberId() throws Exception {
        try (RawConnection c = connect()) {
            awaitCoordinator(c, BYSTANDER);
            assertThat(heartbeat(c, BYSTANDER, "ghost-member", bystanderGeneration))
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            awaitCoordinator(c, "never-joined");
            assertThat(heartbeat(c, "never-joined", "ghost-member", 1)).as("a group nobody joined")
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            SyncGroupResponseData sync = (SyncGroupResponseData) c.request(new SyncGroupRequestData()
                    .setGroupId(BYSTANDER).setGenerationId(bystanderGeneration).setMemberId("ghost-member")
                    .setProtocolType("consumer").setProtocolName("range").setAssignments(new ArrayList<>()),
                    (short) 5);
            assertThat(Errors.forCode(sync.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
            LeaveGroupResponseData leave = (LeaveGroupResponseData) c.request(new LeaveGroupRequestData()
                    .setGroupId(BYSTANDER).setMembers(new ArrayList<>(List.of(
                            new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost-member")))), (short) 5);
            assertThat(Errors.forCode(leave.errorCode())).isEqualTo(Errors.NONE);
            assertThat(leave.members()).extracting(m -> Errors.forCode(m.errorCode()))
                    .containsExactly(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    /** A JoinGroup of several MB, beyond socket.request.max.bytes: the connection is closed, as Kafka does. */
    @Test
    void aJoinGroupOverSocketRequestMaxBytesClosesTheConnection() throws Exception {
        byte[] blob = new byte[3 * MAX_REQUEST_BYTES];
        new Random(6).nextBytes(blob);
        ByteBuffer frame = RequestFrame.encode(new RequestHeaderData().setRequestApiKey(ApiKey.JOIN_GROUP.id())
                .setRequestApiVersion((short) 9).setCorrelationId(1).setClientId("oversize"),
                join("oversize", "", "consumer", "range", blob));
        assertThat(frame.remaining()).isGreaterThan(3 * MAX_REQUEST_BYTES);
        try (RawConnection c = connect()) {
            try {
                c.send(frame);
            } catch (IOException e) {
                // the broker closed the connection while the frame was still being written
            }
            assertThat(c.closedByBroker()).isTrue();
        }
        try (RawConnection c = connect()) {
            awaitCoordinator(c, "oversize");
            assertThat(error(send(c, join("oversize", "", "consumer", "range", SUBSCRIPTION))))
                    .as("the same group on a new connection, with a sane join").isEqualTo(Errors.MEMBER_ID_REQUIRED);
        }
    }

    /**
     * Protocol metadata of 512 KiB — absurd, but within socket.request.max.bytes: Kafka answers normally, the
     * leader's JoinGroup answer carries the blob back byte for byte, and so does DescribeGroups.
     */
    @Test
    void aLargeMetadataBlobWithinTheLimitIsAnsweredNormally() throws Exception {
        byte[] blob = new byte[512 * 1024];
        new Random(7).nextBytes(blob);
        try (RawConnection c = connect()) {
            awaitCoordinator(c, "big-metadata");
            JoinGroupResponseData first = send(c, join("big-metadata", "", "consumer", "range", blob));
            assertThat(error(first)).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            String memberId = first.memberId();
            JoinGroupResponseData joined = send(c, join("big-metadata", memberId, "consumer", "range", blob));
            assertThat(error(joined)).isEqualTo(Errors.NONE);
            assertThat(joined.generationId()).isEqualTo(1);
            assertThat(joined.leader()).isEqualTo(memberId);
            assertThat(joined.members()).hasSize(1);
            assertThat(joined.members().get(0).metadata()).as("the blob, back to the leader").isEqualTo(blob);

            SyncGroupResponseData synced = (SyncGroupResponseData) c.request(new SyncGroupRequestData()
                    .setGroupId("big-metadata").setGenerationId(1).setMemberId(memberId).setProtocolType("consumer")
                    .setProtocolName("range").setAssignments(new ArrayList<>(List.of(
                            new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                                    .setAssignment(new byte[] {4, 2})))), (short) 5);
            assertThat(Errors.forCode(synced.errorCode())).isEqualTo(Errors.NONE);
            assertThat(synced.assignment()).containsExactly(4, 2);

            DescribeGroupsResponseData described = (DescribeGroupsResponseData) c.request(
                    new DescribeGroupsRequestData().setGroups(new ArrayList<>(List.of("big-metadata"))), (short) 5);
            DescribeGroupsResponseData.DescribedGroup group = described.groups().get(0);
            assertThat(group.groupState()).isEqualTo("Stable");
            assertThat(group.members()).hasSize(1);
            assertThat(group.members().get(0).memberMetadata()).isEqualTo(blob);

            LeaveGroupResponseData left = (LeaveGroupResponseData) c.request(new LeaveGroupRequestData()
                    .setGroupId("big-metadata").setMembers(new ArrayList<>(List.of(
                            new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)))), (short) 5);
            assertThat(left.members()).extracting(m -> Errors.forCode(m.errorCode())).containsExactly(Errors.NONE);
        }
    }
}
