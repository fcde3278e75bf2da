package io.tributary.broker;

import static io.tributary.broker.TestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.protocol.message.ApiVersionsRequestData;
import io.tributary.protocol.message.ApiVersionsResponseData;
import io.tributary.protocol.message.ShareGroupHeartbeatRequestData;
import io.tributary.protocol.message.ShareGroupHeartbeatResponseData;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Share groups (KIP-932) with kafka-clients 4.4 over a socket: a KafkaShareConsumer joins and is listed and
 * described with its assignment, and Admin's share-group offset APIs run against an in-memory share-state store.
 */
class ShareGroupsTest {

    private static final String TOPIC = "queue";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final MemoryShareStatePersister states = new MemoryShareStatePersister();
    private BrokerServer server;
    private Admin admin;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + freePort() + ",CONTROLLER://127.0.0.1:" + freePort());
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("offsets.topic.num.partitions", "1");
        props.put("group.share.heartbeat.interval.ms", "200");
        server = new BrokerServer(BrokerConfig.from(props), states);
        server.start();
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        admin = Admin.create(adminProps);
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close(Duration.ofSeconds(5));
        server.close();
    }

    private String bootstrap() {
        return "127.0.0.1:" + server.boundAddress().getPort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ShareGroupDescription describe(String groupId) {
        try {
            return admin.describeShareGroups(List.of(groupId)).describedGroups().get(groupId).get();
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void shareConsumerIsListedAndDescribedWithItsAssignment() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "sg");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            await("the share consumer is described with all partitions", DEADLINE, () -> {
                try {
                    consumer.poll(Duration.ofMillis(100));
                } catch (RuntimeException e) {
                    // ShareFetch is not served yet: only the membership is under test here
                }
                ShareGroupDescription d = describe("sg");
                return d != null && d.members().size() == 1
                        && d.members().iterator().next().assignment().topicPartitions().size() == 3;
            });
            ShareGroupDescription d = describe("sg");
            assertThat(d.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(d.members().iterator().next().assignment().topicPartitions())
                    .containsExactlyInAnyOrder(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                            new TopicPartition(TOPIC, 2));
            Collection<GroupListing> listed = admin.listGroups(ListGroupsOptions.forShareGroups()).all().get();
            assertThat(listed).singleElement().satisfies(g -> {
                assertThat(g.groupId()).isEqualTo("sg");
                assertThat(g.type()).contains(GroupType.SHARE);
                assertThat(g.groupState()).contains(GroupState.STABLE);
            });
            assertThat(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()).isEmpty();
        }
        await("the share group is empty after the consumer closed", DEADLINE, () -> {
            ShareGroupDescription d = describe("sg");
            return d != null && d.groupState() == GroupState.EMPTY;
        });
    }

    @Test
    void featuresIncludeShareVersion() throws Exception {
        try (RawClient raw = new RawClient(server.boundAddress())) {
            ApiVersionsResponseData r = (ApiVersionsResponseData) raw.send(new ApiVersionsRequestData()
                    .setClientSoftwareName("t").setClientSoftwareVersion("1"), (short) 3);
            assertThat(r.finalizedFeatures()).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("share.version");
                assertThat(f.maxVersionLevel()).isEqualTo((short) 1);
            });
        }
    }

    /** Joins (or leaves, epoch -1) member {@code m} of {@code groupId} by a raw heartbeat. */
    private ShareGroupHeartbeatResponseData heartbeat(String groupId, String m, int epoch) throws Exception {
        describe(groupId);   // its FindCoordinator creates __consumer_offsets
        try (RawClient raw = new RawClient(server.boundAddress())) {
            ShareGroupHeartbeatResponseData r = null;
            for (int i = 0; i < 100; i++) {
                r = (ShareGroupHeartbeatResponseData) raw.send(new ShareGroupHeartbeatRequestData()
                        .setGroupId(groupId).setMemberId(m).setMemberEpoch(epoch)
                        .setSubscribedTopicNames(epoch == 0 ? List.of(TOPIC) : null), (short) 1);
                if (r.errorCode() == 0) {
                    return r;
                }
                Thread.sleep(100);   // the offsets partition may still be loading
            }
            return r;
        }
    }

    @Test
    void adminShareGroupOffsetsApisUseTheShareState() throws Exception {
        ShareGroupHeartbeatResponseData joined = heartbeat("ops", "m1", 0);
        assertThat(joined.errorCode()).isEqualTo((short) 0);
        assertThat(joined.assignment().topicPartitions()).singleElement()
                .satisfies(t -> assertThat(t.partitions()).hasSize(3));
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        assertThatThrownBy(() -> admin.alterShareGroupOffsets("ops", Map.of(p0, 5L)).all().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
        assertThat(heartbeat("ops", "m1", -1).errorCode()).isEqualTo((short) 0);

        admin.alterShareGroupOffsets("ops", Map.of(p0, 5L)).all().get();
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(
                Map.of("ops", new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo("ops").get();
        assertThat(offsets).containsKey(p0);
        assertThat(offsets.get(p0).startOffset()).isEqualTo(5L);
        assertThat(offsets.get(p0).lag()).as("nothing produced: the high watermark is 0").hasValue(0L);
        assertThat(states.states).hasSize(1);

        admin.deleteShareGroupOffsets("ops", Set.of(TOPIC)).all().get();
        assertThat(states.states).isEmpty();
        Map<TopicPartition, SharePartitionOffsetInfo> after = admin.listShareGroupOffsets(
                Map.of("ops", new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo("ops").get();
        assertThat(after).doesNotContainKey(p0);

        admin.alterShareGroupOffsets("ops", Map.of(p0, 7L)).all().get();
        admin.deleteShareGroups(List.of("ops")).all().get();
        assertThat(states.states).isEmpty();
        assertThat(admin.listGroups(ListGroupsOptions.forShareGroups()).all().get()).isEmpty();
    }
}
