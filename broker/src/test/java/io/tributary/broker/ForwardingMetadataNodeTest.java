package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.security.InterBrokerSecurity;
import io.tributary.broker.handler.AlterPartitionHandler;
import io.tributary.broker.network.RequestContext;
import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.QuorumConfig;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.controller.ControllerConfig;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.ConfigRecord;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.MetadataRecord;
import io.tributary.cluster.metadata.PartitionRecord;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.RemoveUserScramCredentialRecord;
import io.tributary.cluster.metadata.ScramCredential;
import io.tributary.cluster.metadata.ScramMechanism;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.cluster.metadata.TopicRecord;
import io.tributary.cluster.metadata.UserScramCredentialRecord;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import io.tributary.protocol.message.AlterConfigsRequestData;
import io.tributary.protocol.message.AlterConfigsResponseData;
import io.tributary.protocol.message.AlterPartitionReassignmentsRequestData;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData;
import io.tributary.protocol.message.AlterPartitionRequestData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.BrokerRegistrationRequestData;
import io.tributary.protocol.message.BrokerRegistrationResponseData;
import io.tributary.protocol.message.CreateTopicsRequestData;
import io.tributary.protocol.message.CreatePartitionsRequestData;
import io.tributary.protocol.message.CreatePartitionsResponseData;
import io.tributary.protocol.message.CreateTopicsResponseData;
import io.tributary.protocol.message.DeleteTopicsRequestData;
import io.tributary.protocol.message.DeleteTopicsResponseData;
import io.tributary.protocol.message.ElectLeadersRequestData;
import io.tributary.protocol.message.ElectLeadersResponseData;
import io.tributary.protocol.message.AlterUserScramCredentialsRequestData;
import io.tributary.protocol.message.AlterUserScramCredentialsResponseData;
import io.tributary.cluster.metadata.AccessControlEntryRecord;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.message.AlterClientQuotasRequestData;
import io.tributary.protocol.message.AlterClientQuotasResponseData;
import io.tributary.protocol.message.CreateAclsRequestData;
import io.tributary.protocol.message.CreateAclsResponseData;
import io.tributary.protocol.message.DeleteAclsResponseData;
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData;
import io.tributary.protocol.message.IncrementalAlterConfigsResponseData;
import io.tributary.protocol.message.ListPartitionReassignmentsRequestData;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's forwarding of controller commands: a node that is not the controller sends the commands a broker
 * needs over the controller's Kafka listener (here a fake controller on a loopback socket), looks the controller up
 * again after NOT_CONTROLLER or a failed connection, and leaves every other command failing with NOT_CONTROLLER.
 * AlterPartition is proven against a real three-voter quorum, each node's listener answering with its own handler.
 */
class ForwardingMetadataNodeTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<FakeController> controllers = new CopyOnWriteArrayList<>();
    private ControllerChannel channel;

    @AfterEach
    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        for (FakeController c : controllers) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void registrationIsSentToTheActiveControllerAsBrokerRegistration() throws Exception {
        FakeController controller = controller(request -> new BrokerRegistrationResponseData().setBrokerEpoch(42));
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));
        UUID incarnation = UUID.randomUUID();

        ControllerCommand.RegisterBroker.Result r = node.submit(new ControllerCommand.RegisterBroker(2, incarnation,
                List.of(new Endpoint("PLAINTEXT", "h2", 9092, (short) 0)), "rack-a")).get(10, TimeUnit.SECONDS);

        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.brokerEpoch()).isEqualTo(42);
        BrokerRegistrationRequestData sent = (BrokerRegistrationRequestData) controller.received.get(0);
        assertThat(sent.brokerId()).isEqualTo(2);
        assertThat(sent.clusterId()).isEqualTo("test-cluster");
        assertThat(sent.incarnationId()).isEqualTo(incarnation);
        assertThat(sent.rack()).isEqualTo("rack-a");
        assertThat(sent.listeners()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("PLAINTEXT");
            assertThat(l.host()).isEqualTo("h2");
            assertThat(l.port()).isEqualTo(9092);
        });
    }

    @Test
    void notControllerAnswerIsRetriedOnTheControllerLookedUpAgain() throws Exception {
        FakeController stale = controller(request -> new AllocateProducerIdsResponseData()
                .setErrorCode(Errors.NOT_CONTROLLER.code()));
        FakeController active = controller(request -> new AllocateProducerIdsResponseData().setProducerIdStart(1000)
                .setProducerIdLen(1000));
        AtomicInteger lookups = new AtomicInteger();
        ForwardingMetadataNode node = forwarding(() -> lookups.incrementAndGet() == 1 ? target(1, stale)
                : target(3, active));

        ControllerCommand.AllocateProducerIds.Result r = node.submit(new ControllerCommand.AllocateProducerIds(2, 7))
                .get(10, TimeUnit.SECONDS);

        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.firstId()).isEqualTo(1000);
        assertThat(stale.received).hasSize(1);
        assertThat(active.received).hasSize(1);
    }

    @Test
    void anUnreachableControllerIsTriedUntilTheTimeoutThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AtomicInteger lookups = new AtomicInteger();
        ForwardingMetadataNode node = forwarding(() -> {
            lookups.incrementAndGet();
            return new ControllerChannel.Target(1, new InetSocketAddress("127.0.0.1", closedPort));
        });

        assertThatThrownBy(() -> node.submit(new ControllerCommand.BrokerHeartbeat(2, 1, false, false))
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ControllerUnavailableException.class).hasMessageContaining("node 1 at 127.0.0.1");
        assertThat(lookups.get()).as("looked up again for each attempt").isGreaterThan(1);
    }

    @Test
    void createdTopicsAreAnsweredOnceThisBrokerHasAppliedThem() throws Exception {
        UUID id = UUID.randomUUID();
        FakeController controller = controller(request -> new CreateTopicsResponseData().setTopics(List.of(
                new CreateTopicsResponseData.CreatableTopicResult().setName("t").setTopicId(id).setNumPartitions(3)
                        .setReplicationFactor((short) 1))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        CompletableFuture<Map<String, ControllerCommand.CreateTopics.TopicResult>> answer = node.submit(
                new ControllerCommand.CreateTopics(List.of(ControllerCommand.NewTopic.of("t", 3, 1)), false));
        CreateTopicsRequestData sent = (CreateTopicsRequestData) controller.awaitRequest();
        assertThat(sent.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("t");
            assertThat(t.numPartitions()).isEqualTo(3);
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        assertThat(awaited.test(MetadataImage.EMPTY)).as("waits for the topic in the local image").isFalse();
        assertThat(awaited.test(image(topic("t", id, 3)))).isTrue();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        ControllerCommand.CreateTopics.TopicResult r = answer.get(10, TimeUnit.SECONDS).get("t");
        assertThat(r.error().error()).isEqualTo(Errors.NONE);
        assertThat(r.topicId()).isEqualTo(id);
    }

    @Test
    void deletedTopicsAreAnsweredPerNameAndIdOnceThisBrokerHasAppliedThem() throws Exception {
        UUID gone = UUID.randomUUID();
        UUID byId = UUID.randomUUID();
        FakeController controller = controller(request -> new DeleteTopicsResponseData().setResponses(List.of(
                new DeleteTopicsResponseData.DeletableTopicResult().setName("gone").setTopicId(gone),
                new DeleteTopicsResponseData.DeletableTopicResult().setName("missing")
                        .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()),
                new DeleteTopicsResponseData.DeletableTopicResult().setName("by-id").setTopicId(byId))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        CompletableFuture<ControllerCommand.DeleteTopics.Result> answer = node.submit(
                new ControllerCommand.DeleteTopics(List.of("gone", "missing"), List.of(byId)));
        DeleteTopicsRequestData sent = (DeleteTopicsRequestData) controller.awaitRequest();
        assertThat(sent.topics()).hasSize(3);
        assertThat(sent.topics().get(0).name()).isEqualTo("gone");
        assertThat(sent.topics().get(2).name()).isNull();
        assertThat(sent.topics().get(2).topicId()).isEqualTo(byId);
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        assertThat(awaited.test(image(topic("gone", gone, 1)))).as("waits for the topic to go").isFalse();
        assertThat(awaited.test(image(topic("gone", UUID.randomUUID(), 1)))).as("re-created: not the one deleted")
                .isTrue();
        assertThat(awaited.test(image(topic("by-id", byId, 1)))).isFalse();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        ControllerCommand.DeleteTopics.Result r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.byName()).containsEntry("gone", ApiError.NONE);
        assertThat(r.byName().get("missing").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(r.byId()).containsEntry(byId, ApiError.NONE);
    }

    @Test
    void createdPartitionsAreAnsweredOnceThisBrokerHasTheNewCount() throws Exception {
        UUID id = UUID.randomUUID();
        FakeController controller = controller(request -> new CreatePartitionsResponseData().setResults(List.of(
                new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName("t"))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        CompletableFuture<Map<String, ApiError>> answer = node.submit(new ControllerCommand.CreatePartitions(
                List.of(new ControllerCommand.PartitionIncrease("t", 3, List.of(List.of(1), List.of(2)))), false));
        CreatePartitionsRequestData sent = (CreatePartitionsRequestData) controller.awaitRequest();
        assertThat(sent.topics()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("t");
            assertThat(t.count()).isEqualTo(3);
            assertThat(t.assignments()).extracting(CreatePartitionsRequestData.CreatePartitionsAssignment::brokerIds)
                    .containsExactly(List.of(1), List.of(2));
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        assertThat(awaited.test(image(topic("t", id, 1)))).isFalse();
        assertThat(awaited.test(image(topic("t", id, 3)))).isTrue();

        held.applied.complete(null);
        assertThat(answer.get(10, TimeUnit.SECONDS)).containsEntry("t", ApiError.NONE);
    }

    @Test
    void incrementalConfigChangesAreAnsweredOnceThisBrokerReadsThemAsSet() throws Exception {
        ConfigResource topic = ConfigResource.topic("t");
        FakeController controller = controller(request -> new IncrementalAlterConfigsResponseData().setResponses(
                List.of(new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                        .setResourceType(topic.type().code()).setResourceName("t"))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        CompletableFuture<Map<ConfigResource, ApiError>> answer = node.submit(
                new ControllerCommand.IncrementalAlterConfigs(Map.of(topic, List.of(
                        new ControllerCommand.ConfigOp("retention.ms", ControllerCommand.OpType.SET, "1000"),
                        new ControllerCommand.ConfigOp("cleanup.policy", ControllerCommand.OpType.APPEND, "compact"),
                        new ControllerCommand.ConfigOp("segment.ms", ControllerCommand.OpType.DELETE, null))),
                        false));
        IncrementalAlterConfigsRequestData sent = (IncrementalAlterConfigsRequestData) controller.awaitRequest();
        assertThat(sent.resources()).singleElement().satisfies(r -> {
            assertThat(r.resourceType()).isEqualTo((byte) 2);
            assertThat(r.resourceName()).isEqualTo("t");
            assertThat(r.configs()).extracting(IncrementalAlterConfigsRequestData.AlterableConfig::configOperation)
                    .containsExactly((byte) 0, (byte) 2, (byte) 1);
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        UUID id = UUID.randomUUID();
        assertThat(awaited.test(image(topic("t", id, 1), config(topic, "retention.ms", "1000"),
                config(topic, "segment.ms", "5")))).as("segment.ms not yet deleted, compact not appended").isFalse();
        assertThat(awaited.test(image(topic("t", id, 1), config(topic, "retention.ms", "1000"),
                config(topic, "cleanup.policy", "delete,compact")))).isTrue();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        assertThat(answer.get(10, TimeUnit.SECONDS)).containsEntry(topic, ApiError.NONE);
    }

    @Test
    void aclChangesAreForwardedAndAnsweredOnceThisBrokerHoldsThem() throws Exception {
        AclBinding acl = new AclBinding(ResourceType.TOPIC, "t", PatternType.PREFIXED, "User:alice", "*",
                AclOperation.READ, AclPermissionType.ALLOW);
        FakeController controller = controller(request -> request instanceof CreateAclsRequestData
                ? new CreateAclsResponseData().setResults(List.of(new CreateAclsResponseData.AclCreationResult(),
                        new CreateAclsResponseData.AclCreationResult().setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("bad principal")))
                : new DeleteAclsResponseData().setFilterResults(List.of(new DeleteAclsResponseData
                        .DeleteAclsFilterResult().setMatchingAcls(List.of(new DeleteAclsResponseData
                        .DeleteAclsMatchingAcl().setResourceType((byte) 2).setResourceName("t")
                        .setPatternType((byte) 4).setPrincipal("User:alice").setHost("*").setOperation((byte) 3)
                        .setPermissionType((byte) 3))))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);
        AclBinding bad = new AclBinding(ResourceType.TOPIC, "t", PatternType.LITERAL, "alice", "*",
                AclOperation.READ, AclPermissionType.ALLOW);

        CompletableFuture<List<ApiError>> created = node.submit(new ControllerCommand.CreateAcls(List.of(acl, bad)));
        CreateAclsRequestData sent = (CreateAclsRequestData) controller.awaitRequest();
        assertThat(sent.creations()).hasSize(2).first().satisfies(c -> {
            assertThat(c.resourcePatternType()).isEqualTo((byte) 4);
            assertThat(c.principal()).isEqualTo("User:alice");
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        MetadataImage holding = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new AccessControlEntryRecord(new UUID(1, 1), acl))).apply(1);
        assertThat(awaited.test(MetadataImage.EMPTY)).isFalse();
        assertThat(awaited.test(holding)).as("only the ACL created is awaited").isTrue();
        held.applied.complete(null);
        assertThat(created.get(10, TimeUnit.SECONDS)).containsExactly(ApiError.NONE,
                ApiError.of(Errors.INVALID_REQUEST, "bad principal"));

        channel.close();   // the next node opens its own
        HeldImage heldDelete = new HeldImage();
        ForwardingMetadataNode deleting = heldDelete.node(controller);
        CompletableFuture<List<ControllerCommand.DeleteAcls.FilterResult>> deleted = deleting.submit(
                new ControllerCommand.DeleteAcls(List.of(AclBindingFilter.ANY)));
        Predicate<MetadataImage> gone = heldDelete.condition.get(10, TimeUnit.SECONDS);
        assertThat(gone.test(holding)).isFalse();
        assertThat(gone.test(MetadataImage.EMPTY)).isTrue();
        heldDelete.applied.complete(null);
        assertThat(deleted.get(10, TimeUnit.SECONDS)).containsExactly(
                new ControllerCommand.DeleteAcls.FilterResult(ApiError.NONE, List.of(acl)));
    }

    @Test
    void clientQuotaChangesAreForwardedAndAnsweredOnceThisBrokerReadsThemAsSet() throws Exception {
        FakeController controller = controller(request -> new AlterClientQuotasResponseData().setEntries(List.of(
                new AlterClientQuotasResponseData.EntryData(),
                new AlterClientQuotasResponseData.EntryData().setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("Invalid configuration key nope"))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);
        ControllerCommand.QuotaAlteration good = new ControllerCommand.QuotaAlteration(
                List.of(new ControllerCommand.QuotaEntityComponent("client-id", "slow")),
                List.of(new ControllerCommand.QuotaOp("producer_byte_rate", 1e6, false),
                        new ControllerCommand.QuotaOp("consumer_byte_rate", 0, true)));
        ControllerCommand.QuotaAlteration bad = new ControllerCommand.QuotaAlteration(
                List.of(new ControllerCommand.QuotaEntityComponent("user", null)),
                List.of(new ControllerCommand.QuotaOp("nope", 1, false)));

        CompletableFuture<List<ApiError>> altered = node.submit(
                new ControllerCommand.AlterClientQuotas(List.of(good, bad), false));
        AlterClientQuotasRequestData sent = (AlterClientQuotasRequestData) controller.awaitRequest();
        assertThat(sent.entries()).hasSize(2).first().satisfies(e -> {
            assertThat(e.entity()).singleElement().satisfies(c -> assertThat(c.entityName()).isEqualTo("slow"));
            assertThat(e.ops()).extracting(AlterClientQuotasRequestData.OpData::remove).containsExactly(false, true);
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        io.tributary.cluster.metadata.ClientQuotaEntity slow = io.tributary.cluster.metadata.ClientQuotaEntity.of(
                Map.of("client-id", "slow"));
        MetadataImage set = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new io.tributary.cluster.metadata.ClientQuotaRecord(slow, "producer_byte_rate", 1e6, false)))
                .apply(1);
        MetadataImage other = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new io.tributary.cluster.metadata.ClientQuotaRecord(slow, "producer_byte_rate", 5, false)))
                .apply(1);
        assertThat(awaited.test(MetadataImage.EMPTY)).isFalse();
        assertThat(awaited.test(other)).isFalse();
        assertThat(awaited.test(set)).as("only the accepted entry is awaited").isTrue();
        held.applied.complete(null);
        assertThat(altered.get(10, TimeUnit.SECONDS)).containsExactly(ApiError.NONE,
                ApiError.of(Errors.INVALID_REQUEST, "Invalid configuration key nope"));
    }

    @Test
    void electedLeadersAreAnsweredOnceThisBrokerSeesThemLead() throws Exception {
        FakeController controller = controller(request -> new ElectLeadersResponseData().setReplicaElectionResults(
                List.of(new ElectLeadersResponseData.ReplicaElectionResult().setTopic("t").setPartitionResult(List.of(
                        new ElectLeadersResponseData.PartitionResult().setPartitionId(0),
                        new ElectLeadersResponseData.PartitionResult().setPartitionId(2)
                                .setErrorCode(Errors.ELECTION_NOT_NEEDED.code()).setErrorMessage("not needed"))),
                        new ElectLeadersResponseData.ReplicaElectionResult().setTopic("u").setPartitionResult(List.of(
                                new ElectLeadersResponseData.PartitionResult().setPartitionId(0)
                                        .setErrorCode(Errors.PREFERRED_LEADER_NOT_AVAILABLE.code()))))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t2 = new TopicPartition("t", 2);
        TopicPartition u0 = new TopicPartition("u", 0);
        CompletableFuture<Map<TopicPartition, ApiError>> answer = node.submit(new ControllerCommand.ElectLeaders(
                ControllerCommand.ElectionType.PREFERRED, List.of(t0, u0, t2)));
        ElectLeadersRequestData sent = (ElectLeadersRequestData) controller.awaitRequest();
        assertThat(sent.electionType()).isEqualTo((byte) 0);
        assertThat(sent.topicPartitions()).hasSize(2);
        assertThat(sent.topicPartitions().get(0).topic()).isEqualTo("t");
        assertThat(sent.topicPartitions().get(0).partitions()).containsExactly(0, 2);
        assertThat(sent.topicPartitions().get(1).topic()).isEqualTo("u");
        assertThat(sent.topicPartitions().get(1).partitions()).containsExactly(0);
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        UUID id = UUID.randomUUID();
        assertThat(awaited.test(image(ledBy("t", id, 2)))).as("t-0 still led by 2, not its preferred 1").isFalse();
        assertThat(awaited.test(image(ledBy("t", id, 1)))).isTrue();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        Map<TopicPartition, ApiError> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.get(t0)).isEqualTo(ApiError.NONE);
        assertThat(r.get(t2)).isEqualTo(ApiError.of(Errors.ELECTION_NOT_NEEDED, "not needed"));
        assertThat(r.get(u0).error()).isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
    }

    @Test
    void reassignmentsAreAnsweredOnceThisBrokerSeesThemBegunOrCancelled() throws Exception {
        FakeController controller = controller(request -> new AlterPartitionReassignmentsResponseData().setResponses(
                List.of(new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName("t")
                                .setPartitions(List.of(
                                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                                .setPartitionIndex(0),
                                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                                .setPartitionIndex(1))),
                        new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName("u")
                                .setPartitions(List.of(
                                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                                .setPartitionIndex(0)
                                                .setErrorCode(Errors.INVALID_REPLICA_ASSIGNMENT.code())
                                                .setErrorMessage("no broker 9"))))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);

        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t1 = new TopicPartition("t", 1);
        TopicPartition u0 = new TopicPartition("u", 0);
        CompletableFuture<Map<TopicPartition, ApiError>> answer = node.submit(
                new ControllerCommand.AlterPartitionReassignments(List.of(
                        new ControllerCommand.Reassignment(t0, List.of(2, 3)),
                        new ControllerCommand.Reassignment(u0, List.of(9)),
                        new ControllerCommand.Reassignment(t1, null)), false));
        AlterPartitionReassignmentsRequestData sent = (AlterPartitionReassignmentsRequestData) controller
                .awaitRequest();
        assertThat(sent.allowReplicationFactorChange()).isFalse();
        assertThat(sent.topics()).hasSize(2);
        assertThat(sent.topics().get(0).name()).isEqualTo("t");
        assertThat(sent.topics().get(0).partitions()).hasSize(2);
        assertThat(sent.topics().get(0).partitions().get(0).replicas()).containsExactly(2, 3);
        assertThat(sent.topics().get(0).partitions().get(1).replicas()).as("a cancel").isNull();
        assertThat(sent.topics().get(1).name()).isEqualTo("u");

        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        UUID id = UUID.randomUUID();
        List<MetadataRecord> before = List.of(new TopicRecord("t", id),
                new PartitionRecord(id, 0, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 0),
                new PartitionRecord(id, 1, List.of(3, 1, 2), List.of(1, 2), List.of(), 1, 0, 0, List.of(3),
                        List.of()));
        List<MetadataRecord> begun = List.of(new TopicRecord("t", id),
                new PartitionRecord(id, 0, List.of(2, 3, 1), List.of(1, 2), List.of(), 1, 0, 1, List.of(3),
                        List.of(1)),
                new PartitionRecord(id, 1, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 1));
        List<MetadataRecord> completed = List.of(new TopicRecord("t", id),
                new PartitionRecord(id, 0, List.of(2, 3), List.of(2, 3), List.of(), 2, 1, 2),
                new PartitionRecord(id, 1, List.of(1, 2), List.of(1, 2), List.of(), 1, 0, 1));
        assertThat(awaited.test(image(before))).isFalse();
        assertThat(awaited.test(image(begun))).isTrue();
        assertThat(awaited.test(image(completed))).isTrue();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        Map<TopicPartition, ApiError> r = answer.get(10, TimeUnit.SECONDS);
        assertThat(r.get(t0)).isEqualTo(ApiError.NONE);
        assertThat(r.get(t1)).isEqualTo(ApiError.NONE);
        assertThat(r.get(u0)).isEqualTo(ApiError.of(Errors.INVALID_REPLICA_ASSIGNMENT, "no broker 9"));
    }

    @Test
    void reassignmentsInProgressAreListedByTheController() throws Exception {
        FakeController controller = controller(request -> new ListPartitionReassignmentsResponseData().setTopics(
                List.of(new ListPartitionReassignmentsResponseData.OngoingTopicReassignment().setName("t")
                        .setPartitions(List.of(new ListPartitionReassignmentsResponseData.OngoingPartitionReassignment()
                                .setPartitionIndex(4).setReplicas(List.of(2, 3, 1)).setAddingReplicas(List.of(3))
                                .setRemovingReplicas(List.of(1)))))));
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));

        Map<TopicPartition, ControllerCommand.ListPartitionReassignments.Ongoing> all = node.submit(
                new ControllerCommand.ListPartitionReassignments(null)).get(10, TimeUnit.SECONDS);
        assertThat(all).containsExactly(Map.entry(new TopicPartition("t", 4),
                new ControllerCommand.ListPartitionReassignments.Ongoing(List.of(2, 3, 1), List.of(3), List.of(1))));
        assertThat(((ListPartitionReassignmentsRequestData) controller.received.get(0)).topics()).isNull();

        node.submit(new ControllerCommand.ListPartitionReassignments(List.of(new TopicPartition("t", 4),
                new TopicPartition("t", 5), new TopicPartition("u", 0)))).get(10, TimeUnit.SECONDS);
        ListPartitionReassignmentsRequestData some = (ListPartitionReassignmentsRequestData) controller.received
                .get(1);
        assertThat(some.topics()).hasSize(2);
        assertThat(some.topics().get(0).partitionIndexes()).containsExactly(4, 5);
    }

    @Test
    void anElectionOfEveryPartitionIsSentWithoutAPartitionList() throws Exception {
        FakeController controller = controller(request -> new ElectLeadersResponseData());
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));

        Map<TopicPartition, ApiError> r = node.submit(new ControllerCommand.ElectLeaders(
                ControllerCommand.ElectionType.UNCLEAN, null)).get(10, TimeUnit.SECONDS);

        assertThat(r).as("nothing needed an election").isEmpty();
        ElectLeadersRequestData sent = (ElectLeadersRequestData) controller.received.get(0);
        assertThat(sent.electionType()).isEqualTo((byte) 1);
        assertThat(sent.topicPartitions()).isNull();
    }

    @Test
    void anElectionTheControllerTimesOutOnFailsRetriably() throws Exception {
        FakeController controller = controller(request -> new ElectLeadersResponseData()
                .setErrorCode(Errors.REQUEST_TIMED_OUT.code()));
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));

        assertThatThrownBy(() -> node.submit(new ControllerCommand.ElectLeaders(
                ControllerCommand.ElectionType.PREFERRED, null)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class);
    }

    @Test
    void legacyConfigChangesAreForwardedAsAlterConfigs() throws Exception {
        ConfigResource cluster = ConfigResource.CLUSTER;
        FakeController controller = controller(request -> new AlterConfigsResponseData().setResponses(List.of(
                new AlterConfigsResponseData.AlterConfigsResourceResponse().setResourceType(cluster.type().code())
                        .setResourceName("").setErrorCode(Errors.INVALID_CONFIG.code()).setErrorMessage("bad"))));
        ForwardingMetadataNode node = forwarding(() -> target(1, controller));

        Map<ConfigResource, ApiError> r = node.submit(new ControllerCommand.AlterConfigs(
                Map.of(cluster, Map.of("log.retention.ms", "-5")), false)).get(10, TimeUnit.SECONDS);

        assertThat(r.get(cluster).error()).isEqualTo(Errors.INVALID_CONFIG);
        assertThat(r.get(cluster).message()).isEqualTo("bad");
        AlterConfigsRequestData sent = (AlterConfigsRequestData) controller.received.get(0);
        assertThat(sent.resources()).singleElement().satisfies(res -> {
            assertThat(res.resourceType()).isEqualTo((byte) 4);
            assertThat(res.configs()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("log.retention.ms");
                assertThat(c.value()).isEqualTo("-5");
            });
        });
    }

    @Test
    void scramCredentialChangesAreSentWithTheSaltedPasswordAndAnsweredOnceApplied() throws Exception {
        FakeController controller = controller(request -> new AlterUserScramCredentialsResponseData().setResults(
                List.of(new AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult().setUser("old"),
                        new AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult().setUser("new"),
                        new AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult().setUser("bad")
                                .setErrorCode(Errors.UNACCEPTABLE_CREDENTIAL.code())
                                .setErrorMessage("Too few iterations"))));
        HeldImage held = new HeldImage();
        ForwardingMetadataNode node = held.node(controller);
        byte[] salt = {1, 2};
        byte[] salted = {3, 4, 5};
        CompletableFuture<Map<String, ApiError>> answer = node.submit(new ControllerCommand.AlterUserScramCredentials(
                List.of(new ControllerCommand.ScramDeletion("old", (byte) 2)),
                List.of(new ControllerCommand.ScramUpsertion("new", (byte) 1, 8192, salt, salted),
                        new ControllerCommand.ScramUpsertion("bad", (byte) 1, 10, salt, salted))));
        AlterUserScramCredentialsRequestData sent = (AlterUserScramCredentialsRequestData) controller.awaitRequest();
        assertThat(sent.deletions()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("old");
            assertThat(d.mechanism()).isEqualTo((byte) 2);
        });
        assertThat(sent.upsertions()).hasSize(2).first().satisfies(u -> {
            assertThat(u.iterations()).isEqualTo(8192);
            assertThat(u.salt()).isEqualTo(salt);
            assertThat(u.saltedPassword()).isEqualTo(salted);
        });
        Predicate<MetadataImage> awaited = held.condition.get(10, TimeUnit.SECONDS);
        ScramMechanism sha256 = ScramMechanism.SCRAM_SHA_256;
        ScramMechanism sha512 = ScramMechanism.SCRAM_SHA_512;
        ScramCredential stored = sha256.credential(salt, salted, 8192);
        MetadataImage before = new MetadataDelta(MetadataImage.EMPTY).replayAll(List.of(
                new UserScramCredentialRecord("old", sha512, stored))).apply(1);
        MetadataImage after = new MetadataDelta(before).replayAll(List.of(
                new RemoveUserScramCredentialRecord("old", sha512),
                new UserScramCredentialRecord("new", sha256, stored))).apply(2);
        assertThat(awaited.test(before)).isFalse();
        assertThat(awaited.test(after)).as("the refused user is not waited for").isTrue();
        assertThat(answer).isNotDone();

        held.applied.complete(null);
        assertThat(answer.get(10, TimeUnit.SECONDS)).containsEntry("old", ApiError.NONE)
                .containsEntry("new", ApiError.NONE)
                .containsEntry("bad", ApiError.of(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations"));
    }

    @Test
    void anAdminCommandAnsweredNotControllerForEveryItemIsRetriedOnTheNewController() throws Exception {
        FakeController stale = controller(request -> new DeleteTopicsResponseData().setResponses(List.of(
                new DeleteTopicsResponseData.DeletableTopicResult().setName("t")
                        .setErrorCode(Errors.NOT_CONTROLLER.code()))));
        FakeController active = controller(request -> new DeleteTopicsResponseData().setResponses(List.of(
                new DeleteTopicsResponseData.DeletableTopicResult().setName("t").setTopicId(UUID.randomUUID()))));
        AtomicInteger lookups = new AtomicInteger();
        ForwardingMetadataNode node = forwarding(() -> lookups.incrementAndGet() == 1 ? target(1, stale)
                : target(3, active));

        ControllerCommand.DeleteTopics.Result r = node.submit(new ControllerCommand.DeleteTopics(List.of("t"),
                List.of())).get(10, TimeUnit.SECONDS);

        assertThat(r.byName()).containsEntry("t", ApiError.NONE);
        assertThat(stale.received).hasSize(1);
        assertThat(active.received).as("run once, on the new controller").hasSize(1);
    }

    @Test
    void anAdminCommandNoControllerTakesTimesOutRetriably() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ForwardingMetadataNode node = forwarding(() -> new ControllerChannel.Target(1,
                new InetSocketAddress("127.0.0.1", closedPort)));

        assertThatThrownBy(() -> node.submit(new ControllerCommand.IncrementalAlterConfigs(Map.of(
                ConfigResource.topic("t"), List.of(new ControllerCommand.ConfigOp("retention.ms",
                        ControllerCommand.OpType.SET, "1"))), false)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .as("REQUEST_TIMED_OUT to the client").isInstanceOf(TimeoutException.class)
                .hasMessageContaining("node 1 at 127.0.0.1");
    }

    @Test
    void anIsrShrinkFromALeaderOffTheControllerIsCommittedThroughTheControllersListener(@TempDir Path dir)
            throws Exception {
        try (Quorum quorum = new Quorum(dir, 3)) {
            MetadataNode controller = quorum.awaitController();
            Map<Integer, Long> brokerEpochs = quorum.registerBrokers(controller);
            int leader = quorum.ids().stream().filter(id -> id != controller.nodeId()).findFirst().orElseThrow();
            List<Integer> replicas = new ArrayList<>(List.of(leader));
            quorum.ids().stream().filter(id -> id != leader).forEach(replicas::add);
            ControllerCommand.CreateTopics.TopicResult created = controller.submit(new ControllerCommand.CreateTopics(
                    List.of(new ControllerCommand.NewTopic("t", -1, (short) -1, Map.of(0, replicas), Map.of())), false))
                    .get(30, TimeUnit.SECONDS).get("t");
            assertThat(created.error()).isEqualTo(ApiError.NONE);
            UUID topicId = created.topicId();
            TopicIdPartition tp = new TopicIdPartition(topicId, 0);
            MetadataNode leaderNode = quorum.node(leader);
            TestBroker.await("the leader sees the topic", Duration.ofSeconds(30),
                    () -> partition(leaderNode.image(), tp) != null);
            PartitionRegistration before = partition(leaderNode.image(), tp);
            assertThat(before.leader()).isEqualTo(leader);
            assertThat(before.isr()).containsExactlyElementsOf(replicas);
            ForwardingMetadataNode node = quorum.forwarding(leader);
            List<Integer> shrunk = replicas.subList(0, 2);
            ControllerCommand.AlterPartition shrink = new ControllerCommand.AlterPartition(leader,
                    brokerEpochs.get(leader), List.of(new ControllerCommand.IsrChange(tp, before.leaderEpoch(),
                    before.partitionEpoch(), shrunk)));

            ControllerCommand.AlterPartition.Result r = node.submit(shrink).get(30, TimeUnit.SECONDS);

            assertThat(r.error()).isEqualTo(Errors.NONE);
            ControllerCommand.AlterPartition.PartitionResult p = r.partitions().get(tp);
            assertThat(p.error()).isEqualTo(ApiError.NONE);
            assertThat(p.registration()).as("the answer, with the replicas from the leader's image").isEqualTo(
                    new PartitionRegistration(replicas, shrunk, List.of(), leader, before.leaderEpoch(),
                            before.partitionEpoch() + 1));
            assertThat(partition(controller.image(), tp)).as("committed").isEqualTo(p.registration());
            TestBroker.await("the leader applies the change", Duration.ofSeconds(30),
                    () -> partition(leaderNode.image(), tp).equals(p.registration()));
            AlterPartitionRequestData sent = (AlterPartitionRequestData) quorum.listenerOf(controller.nodeId())
                    .awaitRequest();
            assertThat(sent.topics()).singleElement().satisfies(t -> {
                assertThat(t.topicId()).isEqualTo(topicId);
                assertThat(t.partitions()).singleElement().satisfies(sentPartition -> assertThat(
                        sentPartition.newIsrWithEpochs()).extracting(AlterPartitionRequestData.BrokerState::brokerId)
                        .containsExactlyElementsOf(shrunk));
            });

            ControllerCommand.AlterPartition.Result stale = node.submit(shrink).get(30, TimeUnit.SECONDS);

            assertThat(stale.error()).isEqualTo(Errors.NONE);
            assertThat(stale.partitions().get(tp).error().error()).as("the partition epoch it saw has moved on")
                    .isEqualTo(Errors.INVALID_UPDATE_VERSION);
            assertThat(stale.partitions().get(tp).registration()).isNull();
            assertThat(partition(controller.image(), tp)).isEqualTo(p.registration());
        }
    }

    @Test
    void anAlterPartitionFromAStaleBrokerEpochIsRefusedAsAWhole(@TempDir Path dir) throws Exception {
        try (Quorum quorum = new Quorum(dir, 3)) {
            MetadataNode controller = quorum.awaitController();
            Map<Integer, Long> brokerEpochs = quorum.registerBrokers(controller);
            int other = quorum.ids().stream().filter(id -> id != controller.nodeId()).findFirst().orElseThrow();
            TestBroker.await("node " + other + " sees the controller's registration", Duration.ofSeconds(30),
                    () -> quorum.node(other).image().broker(controller.nodeId()) != null);

            ControllerCommand.AlterPartition.Result r = quorum.forwarding(other).submit(
                    new ControllerCommand.AlterPartition(other, brokerEpochs.get(other) - 1, List.of(
                            new ControllerCommand.IsrChange(new TopicIdPartition(UUID.randomUUID(), 0), 0, 0,
                                    List.of(other))))).get(30, TimeUnit.SECONDS);

            assertThat(r.error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
            assertThat(r.partitions()).isEmpty();
        }
    }

    @Test
    void commandsNotForwardedStillAnswerNotController() {
        ForwardingMetadataNode node = forwarding(() -> {
            throw new AssertionError("not to be looked up");
        });

        assertThatThrownBy(() -> node.submit(new ControllerCommand.UnregisterBroker(3)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NotControllerException.class);
    }

    private ForwardingMetadataNode forwarding(ControllerChannel.Locator locator) {
        channel = new ControllerChannel(locator, "test", 2000, InterBrokerSecurity.plaintext());
        return new ForwardingMetadataNode(ScriptedMetadataNode.notTheController(2, 1), channel,
                (condition, timeout) -> CompletableFuture.completedFuture(null), scheduler, "test-cluster", 1000);
    }

    private static PartitionRegistration partition(MetadataImage image, TopicIdPartition tp) {
        TopicImage topic = image.topic(tp.topicId());
        return topic == null ? null : topic.partition(tp.partition());
    }

    private static MetadataImage image(List<? extends MetadataRecord> topic,
                                       ConfigRecord... configs) {
        MetadataDelta delta = new MetadataDelta(MetadataImage.EMPTY).replayAll(topic);
        for (ConfigRecord c : configs) {
            delta.replay(c);
        }
        return delta.apply(1);
    }

    private static List<MetadataRecord> topic(String name, UUID id, int partitions) {
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(name, id));
        for (int p = 0; p < partitions; p++) {
            records.add(new PartitionRecord(id, p, List.of(1), List.of(1), List.of(), 1, 0, 0));
        }
        return records;
    }

    /** A topic of three partitions with replicas [1, 2, 3], all in sync, each led by {@code leader}. */
    private static List<MetadataRecord> ledBy(String name, UUID id, int leader) {
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new TopicRecord(name, id));
        for (int p = 0; p < 3; p++) {
            records.add(new PartitionRecord(id, p, List.of(1, 2, 3), List.of(1, 2, 3), List.of(), leader, 1, 1));
        }
        return records;
    }

    private static ConfigRecord config(ConfigResource resource, String key, String value) {
        return new ConfigRecord(resource, key, value);
    }

    /** A local image that shows a change only when the test says so; keeps the condition it was asked for. */
    private final class HeldImage {
        final CompletableFuture<Void> applied = new CompletableFuture<>();
        final CompletableFuture<Predicate<MetadataImage>> condition = new CompletableFuture<>();

        ForwardingMetadataNode node(FakeController controller) {
            channel = new ControllerChannel(() -> target(1, controller), "test", 2000,
                    InterBrokerSecurity.plaintext());
            return new ForwardingMetadataNode(ScriptedMetadataNode.notTheController(2, 1), channel, (c, timeout) -> {
                condition.complete(c);
                return applied;
            }, scheduler, "test-cluster", 1000);
        }
    }

    private static ControllerChannel.Target target(int id, FakeController controller) {
        return new ControllerChannel.Target(id, new InetSocketAddress("127.0.0.1", controller.port()));
    }

    private FakeController controller(Function<ApiMessage, ApiMessage> answers) throws IOException {
        return listener(frame -> answers.apply(frame.body()));
    }

    private FakeController listener(Function<RequestFrame, ApiMessage> answers) throws IOException {
        FakeController c = new FakeController(answers);
        controllers.add(c);
        return c;
    }

    /** A controller's Kafka listener: answers each request on each connection with {@code answers}. */
    private static final class FakeController implements AutoCloseable {
        final List<ApiMessage> received = new CopyOnWriteArrayList<>();
        private final CompletableFuture<ApiMessage> first = new CompletableFuture<>();
        private final ServerSocket server = new ServerSocket(0);
        private final Function<RequestFrame, ApiMessage> answers;

        FakeController(Function<RequestFrame, ApiMessage> answers) throws IOException {
            this.answers = answers;
            Thread t = new Thread(this::accept, "fake-controller");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        ApiMessage awaitRequest() throws Exception {
            return first.get(10, TimeUnit.SECONDS);
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "fake-controller-connection");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    RequestFrame request = RequestFrame.decode(ByteBuffer.wrap(frame));
                    received.add(request.body());
                    first.complete(request.body());
                    ByteBuffer answer = ResponseFrame.encode(request.correlationId(), request.apiKey(),
                            request.apiVersion(), answers.apply(request));
                    byte[] bytes = new byte[answer.remaining()];
                    answer.get(bytes);
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException closed) {
                // the channel disconnected
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /**
     * Real metadata nodes on loopback, all voters, each with a Kafka listener answering AlterPartition with
     * {@link AlterPartitionHandler} on its own quorum member (so NOT_CONTROLLER off the active controller).
     */
    private final class Quorum implements AutoCloseable {
        /** Brokers here never heartbeat: keep them unfenced for the whole test. */
        private static final ControllerConfig CONTROLLER = ControllerConfig.DEFAULTS.withSessionTimeoutMs(600_000);

        private final Map<Integer, MetadataNode> nodes = new LinkedHashMap<>();
        private final Map<Integer, FakeController> listeners = new HashMap<>();

        Quorum(Path dir, int voters) throws Exception {
            StringBuilder voterList = new StringBuilder();
            for (int id = 1; id <= voters; id++) {
                try (ServerSocket s = new ServerSocket(0)) {
                    voterList.append(id == 1 ? "" : ",").append(id).append("@127.0.0.1:").append(s.getLocalPort());
                }
            }
            for (int id = 1; id <= voters; id++) {
                MetadataNode node = MetadataNode.start(QuorumConfig.fromProperties(Map.of("node.id",
                        Integer.toString(id), "controller.quorum.voters", voterList.toString(), "metadata.log.dir",
                        dir.resolve("node-" + id).toString())), CONTROLLER, Clock.systemUTC());
                nodes.put(id, node);
                AlterPartitionHandler handler = new AlterPartitionHandler(node);
                listeners.put(id, listener(frame -> {
                    if (frame.apiKey() != ApiKey.ALTER_PARTITION) {
                        throw new AssertionError("unexpected " + frame.apiKey());
                    }
                    return handler.handle(new RequestContext(frame.apiKey(), frame.apiVersion(), frame.header(),
                            null, null, null), frame.body()).join();
                }));
            }
        }

        List<Integer> ids() {
            return List.copyOf(nodes.keySet());
        }

        MetadataNode node(int id) {
            return nodes.get(id);
        }

        FakeController listenerOf(int id) {
            return listeners.get(id);
        }

        MetadataNode awaitController() {
            TestBroker.await("an active controller", Duration.ofSeconds(30),
                    () -> nodes.values().stream().anyMatch(MetadataNode::isActiveController));
            return nodes.values().stream().filter(MetadataNode::isActiveController).findFirst().orElseThrow();
        }

        /** Registers and unfences every node, its Kafka listener the node's fake one; answers the broker epochs. */
        Map<Integer, Long> registerBrokers(MetadataNode controller) throws Exception {
            Map<Integer, Long> epochs = new HashMap<>();
            for (int id : nodes.keySet()) {
                ControllerCommand.RegisterBroker.Result r = controller.submit(new ControllerCommand.RegisterBroker(id,
                        new UUID(5, id), List.of(new Endpoint("PLAINTEXT", "127.0.0.1",
                        listeners.get(id).port(), (short) 0)), null)).get(30, TimeUnit.SECONDS);
                assertThat(r.error()).isEqualTo(ApiError.NONE);
                assertThat(controller.submit(new ControllerCommand.BrokerHeartbeat(id, r.brokerEpoch(), false, false))
                        .get(30, TimeUnit.SECONDS).fenced()).isFalse();
                epochs.put(id, r.brokerEpoch());
            }
            return epochs;
        }

        /** The node's commands as its broker submits them, finding the controller as the broker does. */
        ForwardingMetadataNode forwarding(int id) {
            channel = new ControllerChannel(ControllerChannel.locator(nodes.get(id), "PLAINTEXT"), "test", 5000,
                    InterBrokerSecurity.plaintext());
            return new ForwardingMetadataNode(nodes.get(id), channel,
                    (condition, timeout) -> CompletableFuture.completedFuture(null), scheduler, "test-cluster",
                    10_000);
        }

        @Override
        public void close() throws IOException {
            for (MetadataNode node : nodes.values()) {
                node.close();
            }
        }
    }
}
