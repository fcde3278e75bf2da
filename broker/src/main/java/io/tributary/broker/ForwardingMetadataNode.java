package io.tributary.broker;

import io.tributary.cluster.MetadataNode;
import io.tributary.cluster.NotControllerException;
import io.tributary.cluster.controller.ApiError;
import io.tributary.cluster.controller.ControllerCommand;
import io.tributary.cluster.metadata.AclBinding;
import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.cluster.metadata.AclBindingFilter;
import io.tributary.cluster.metadata.AclOperation;
import io.tributary.cluster.metadata.AclPermissionType;
import io.tributary.cluster.metadata.PatternType;
import io.tributary.cluster.metadata.ResourceType;
import io.tributary.protocol.message.AlterClientQuotasRequestData;
import io.tributary.protocol.message.AlterClientQuotasResponseData;
import io.tributary.protocol.message.CreateAclsRequestData;
import io.tributary.protocol.message.CreateAclsResponseData;
import io.tributary.protocol.message.DeleteAclsRequestData;
import io.tributary.protocol.message.DeleteAclsResponseData;
import io.tributary.cluster.controller.TopicPartition;
import io.tributary.cluster.metadata.ConfigResource;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.cluster.metadata.MetadataImage;
import io.tributary.cluster.metadata.PartitionRegistration;
import io.tributary.cluster.metadata.ScramMechanism;
import io.tributary.cluster.metadata.TopicIdPartition;
import io.tributary.cluster.metadata.TopicImage;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.Errors;
import io.tributary.protocol.Message;
import io.tributary.protocol.message.AllocateProducerIdsRequestData;
import io.tributary.protocol.message.AllocateProducerIdsResponseData;
import io.tributary.protocol.message.AlterConfigsRequestData;
import io.tributary.protocol.message.AlterConfigsResponseData;
import io.tributary.protocol.message.AlterPartitionReassignmentsRequestData;
import io.tributary.protocol.message.AlterPartitionReassignmentsResponseData;
import io.tributary.protocol.message.AlterPartitionRequestData;
import io.tributary.protocol.message.AlterPartitionResponseData;
import io.tributary.protocol.message.AlterUserScramCredentialsRequestData;
import io.tributary.protocol.message.AlterUserScramCredentialsResponseData;
import io.tributary.protocol.message.ApiKey;
import io.tributary.protocol.message.BrokerHeartbeatRequestData;
import io.tributary.protocol.message.BrokerHeartbeatResponseData;
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
import io.tributary.protocol.message.IncrementalAlterConfigsRequestData;
import io.tributary.protocol.message.IncrementalAlterConfigsResponseData;
import io.tributary.protocol.message.ListPartitionReassignmentsRequestData;
import io.tributary.protocol.message.ListPartitionReassignmentsResponseData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The metadata node as the broker submits commands to it: a command runs on this node's own quorum member when it
 * is the active controller; when it is not (NOT_CONTROLLER), the commands a broker needs from the controller are
 * sent there over its Kafka listener ({@link ControllerChannel}), as Kafka's brokers do:
 * <ul>
 *   <li>RegisterBroker → BrokerRegistration, BrokerHeartbeat → BrokerHeartbeat, AllocateProducerIds →
 *       AllocateProducerIds, AlterPartition → AlterPartition (the controller APIs);</li>
 *   <li>the admin commands, each as the Kafka request a client sends for it: CreateTopics (admin clients, Metadata
 *       auto-creation, the coordinators' internal topics), DeleteTopics, CreatePartitions, IncrementalAlterConfigs,
 *       AlterConfigs, ElectLeaders, AlterPartitionReassignments, ListPartitionReassignments,
 *       AlterUserScramCredentials, CreateAcls, DeleteAcls and AlterClientQuotas. A change is answered once this broker has applied it
 *       (the topic is here, gone, has its new partitions, the configs read as set, the elected leaders lead, the
 *       reassignments show begun, completed or cancelled, the credentials stored or gone, the created ACLs held and
 *       the deleted ones gone, the quotas read as set), so the caller reads it back here next.</li>
 * </ul>
 * Every other command still fails with {@link NotControllerException} off the controller. A forwarded command is
 * tried again (locally first: this node may have become the controller) after NOT_CONTROLLER or an unreachable
 * controller, until {@code timeoutMs} has passed; then an admin command fails with a {@link TimeoutException}
 * (REQUEST_TIMED_OUT to the client, which retries; the broker commands keep the
 * {@link ControllerUnavailableException} saying why). A command whose answer was lost may so run twice; every
 * forwarded admin command states its outcome, not a step (create this topic, delete that one, grow to N partitions,
 * set these values), so a second run changes nothing and answers as Kafka would to a client's retry
 * (TOPIC_ALREADY_EXISTS, UNKNOWN_TOPIC_OR_PARTITION, INVALID_PARTITIONS; configs already so; ELECTION_NOT_NEEDED;
 * the same target again, or NO_REASSIGNMENT_IN_PROGRESS for a repeated cancel; an ACL already there; no ACL left to
 * delete — the second run's DeleteAcls then lists none).
 */
final class ForwardingMetadataNode extends DelegatingMetadataNode {

    private static final long RETRY_BACKOFF_MS = 100;
    /** The {@code timeoutMs} of forwarded CreateTopics, DeleteTopics and CreatePartitions requests. */
    private static final int ADMIN_REQUEST_TIMEOUT_MS = 30_000;

    /** Waits until this broker has applied a metadata image that passes a condition (or the time is up). */
    @FunctionalInterface
    interface LocalImage {
        CompletableFuture<Void> await(Predicate<MetadataImage> condition, long timeoutMs);
    }

    private final ControllerChannel channel;
    private final LocalImage localImage;
    private final ScheduledExecutorService scheduler;
    private final String clusterId;
    private final long timeoutMs;

    ForwardingMetadataNode(MetadataNode node, ControllerChannel channel, LocalImage localImage,
                           ScheduledExecutorService scheduler, String clusterId, long timeoutMs) {
        super(node);
        this.channel = channel;
        this.localImage = localImage;
        this.scheduler = scheduler;
        this.clusterId = clusterId;
        this.timeoutMs = timeoutMs;
    }

    /** Whether a command is sent to the controller when this node is not it. */
    static boolean forwarded(ControllerCommand<?> command) {
        return command instanceof ControllerCommand.RegisterBroker
                || command instanceof ControllerCommand.BrokerHeartbeat
                || command instanceof ControllerCommand.AllocateProducerIds
                || command instanceof ControllerCommand.AlterPartition
                || admin(command);
    }

    /** Whether a command is one a client asks for (answered REQUEST_TIMED_OUT when no controller answers). */
    private static boolean admin(ControllerCommand<?> command) {
        return command instanceof ControllerCommand.CreateTopics
                || command instanceof ControllerCommand.DeleteTopics
                || command instanceof ControllerCommand.CreatePartitions
                || command instanceof ControllerCommand.IncrementalAlterConfigs
                || command instanceof ControllerCommand.AlterConfigs
                || command instanceof ControllerCommand.ElectLeaders
                || command instanceof ControllerCommand.AlterPartitionReassignments
                || command instanceof ControllerCommand.ListPartitionReassignments
                || command instanceof ControllerCommand.AlterUserScramCredentials
                || command instanceof ControllerCommand.CreateAcls
                || command instanceof ControllerCommand.DeleteAcls
                || command instanceof ControllerCommand.AlterClientQuotas;
    }

    @Override
    public <R> CompletableFuture<R> submit(ControllerCommand<R> command) {
        return attempt(command, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    }

    private <R> CompletableFuture<R> attempt(ControllerCommand<R> command, long deadlineNanos) {
        return node.submit(command).exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (!(cause instanceof NotControllerException) || !forwarded(command)) {
                return CompletableFuture.failedFuture(cause);
            }
            return forward(command).exceptionallyCompose(forwardFailure -> {
                Throwable why = unwrap(forwardFailure);
                boolean retriable = why instanceof NotControllerException
                        || why instanceof ControllerUnavailableException;
                if (!retriable) {
                    return CompletableFuture.failedFuture(why);
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    return CompletableFuture.failedFuture(admin(command) ? timedOut(why) : why);
                }
                CompletableFuture<R> retry = new CompletableFuture<>();
                scheduler.schedule(() -> attempt(command, deadlineNanos).whenComplete((r, e) -> {
                    if (e != null) {
                        retry.completeExceptionally(unwrap(e));
                    } else {
                        retry.complete(r);
                    }
                }), RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
                return retry;
            });
        });
    }

    /** An admin command's final failure when no controller took it in time: the client retries it. */
    private TimeoutException timedOut(Throwable why) {
        TimeoutException e = new TimeoutException("no active controller answered within " + timeoutMs + " ms ("
                + why.getMessage() + ")");
        e.initCause(why);
        return e;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> forward(ControllerCommand<R> command) {
        CompletableFuture<?> answer;
        if (command instanceof ControllerCommand.RegisterBroker c) {
            answer = registerBroker(c);
        } else if (command instanceof ControllerCommand.BrokerHeartbeat c) {
            answer = heartbeat(c);
        } else if (command instanceof ControllerCommand.AllocateProducerIds c) {
            answer = allocateProducerIds(c);
        } else if (command instanceof ControllerCommand.AlterPartition c) {
            answer = alterPartition(c);
        } else if (command instanceof ControllerCommand.CreateTopics c) {
            answer = createTopics(c);
        } else if (command instanceof ControllerCommand.DeleteTopics c) {
            answer = deleteTopics(c);
        } else if (command instanceof ControllerCommand.CreatePartitions c) {
            answer = createPartitions(c);
        } else if (command instanceof ControllerCommand.IncrementalAlterConfigs c) {
            answer = incrementalAlterConfigs(c);
        } else if (command instanceof ControllerCommand.AlterConfigs c) {
            answer = alterConfigs(c);
        } else if (command instanceof ControllerCommand.ElectLeaders c) {
            answer = electLeaders(c);
        } else if (command instanceof ControllerCommand.AlterPartitionReassignments c) {
            answer = alterPartitionReassignments(c);
        } else if (command instanceof ControllerCommand.ListPartitionReassignments c) {
            answer = listPartitionReassignments(c);
        } else if (command instanceof ControllerCommand.AlterUserScramCredentials c) {
            answer = alterUserScramCredentials(c);
        } else if (command instanceof ControllerCommand.CreateAcls c) {
            answer = createAcls(c);
        } else if (command instanceof ControllerCommand.DeleteAcls c) {
            answer = deleteAcls(c);
        } else if (command instanceof ControllerCommand.AlterClientQuotas c) {
            answer = alterClientQuotas(c);
        } else {
            throw new IllegalArgumentException("not forwarded: " + command);
        }
        return (CompletableFuture<R>) answer;
    }

    private CompletableFuture<ControllerCommand.RegisterBroker.Result> registerBroker(
            ControllerCommand.RegisterBroker c) {
        List<BrokerRegistrationRequestData.Listener> listeners = new ArrayList<>();
        for (Endpoint e : c.endpoints()) {
            listeners.add(new BrokerRegistrationRequestData.Listener().setName(e.listener()).setHost(e.host())
                    .setPort(e.port()).setSecurityProtocol(e.securityProtocol()));
        }
        BrokerRegistrationRequestData request = new BrokerRegistrationRequestData().setBrokerId(c.brokerId())
                .setClusterId(clusterId).setIncarnationId(c.incarnationId()).setListeners(listeners)
                .setRack(c.rack());
        return send(request, ApiKey.BROKER_REGISTRATION).thenApply(answer -> {
            BrokerRegistrationResponseData r = (BrokerRegistrationResponseData) answer;
            return new ControllerCommand.RegisterBroker.Result(error(r.errorCode()), r.brokerEpoch());
        });
    }

    private CompletableFuture<ControllerCommand.BrokerHeartbeat.Result> heartbeat(
            ControllerCommand.BrokerHeartbeat c) {
        BrokerHeartbeatRequestData request = new BrokerHeartbeatRequestData().setBrokerId(c.brokerId())
                .setBrokerEpoch(c.brokerEpoch()).setCurrentMetadataOffset(node.image().offset())
                .setWantFence(c.wantFence()).setWantShutDown(c.wantShutdown());
        return send(request, ApiKey.BROKER_HEARTBEAT).thenApply(answer -> {
            BrokerHeartbeatResponseData r = (BrokerHeartbeatResponseData) answer;
            // Kafka's answer has no "in controlled shutdown" flag; the broker does not read it
            return new ControllerCommand.BrokerHeartbeat.Result(error(r.errorCode()), r.isFenced(), false,
                    r.shouldShutDown());
        });
    }

    private CompletableFuture<ControllerCommand.AllocateProducerIds.Result> allocateProducerIds(
            ControllerCommand.AllocateProducerIds c) {
        AllocateProducerIdsRequestData request = new AllocateProducerIdsRequestData().setBrokerId(c.brokerId())
                .setBrokerEpoch(c.brokerEpoch());
        return send(request, ApiKey.ALLOCATE_PRODUCER_IDS).thenApply(answer -> {
            AllocateProducerIdsResponseData r = (AllocateProducerIdsResponseData) answer;
            return new ControllerCommand.AllocateProducerIds.Result(error(r.errorCode()), r.producerIdStart(),
                    r.producerIdLen());
        });
    }

    /**
     * AlterPartition with the new ISR as broker states of epoch -1 (Kafka's "not checked": an IsrChange carries no
     * replica epochs). Kafka's answer has no replicas nor ELR: they come from this node's image, which may trail
     * the controller by the change just made (an ISR change leaves the replicas alone). A re-run after a lost
     * answer gets INVALID_UPDATE_VERSION: the leader then learns the change from its metadata, as on Kafka.
     */
    private CompletableFuture<ControllerCommand.AlterPartition.Result> alterPartition(
            ControllerCommand.AlterPartition c) {
        Map<UUID, AlterPartitionRequestData.TopicData> topics = new LinkedHashMap<>();
        for (ControllerCommand.IsrChange change : c.changes()) {
            List<AlterPartitionRequestData.BrokerState> isr = change.newIsr().stream()
                    .map(id -> new AlterPartitionRequestData.BrokerState().setBrokerId(id).setBrokerEpoch(-1))
                    .toList();
            // both ISR fields: each version writes the one it has
            AlterPartitionRequestData.PartitionData partition = new AlterPartitionRequestData.PartitionData()
                    .setPartitionIndex(change.partition().partition()).setLeaderEpoch(change.leaderEpoch())
                    .setPartitionEpoch(change.partitionEpoch()).setNewIsr(change.newIsr()).setNewIsrWithEpochs(isr);
            topics.computeIfAbsent(change.partition().topicId(), id -> new AlterPartitionRequestData.TopicData()
                    .setTopicId(id).setPartitions(new ArrayList<>())).partitions().add(partition);
        }
        AlterPartitionRequestData request = new AlterPartitionRequestData().setBrokerId(c.brokerId())
                .setBrokerEpoch(c.brokerEpoch()).setTopics(new ArrayList<>(topics.values()));
        return send(request, ApiKey.ALTER_PARTITION).thenApply(answer -> {
            AlterPartitionResponseData r = (AlterPartitionResponseData) answer;
            MetadataImage image = node.image();
            Map<TopicIdPartition, ControllerCommand.AlterPartition.PartitionResult> results = new LinkedHashMap<>();
            for (AlterPartitionResponseData.TopicData t : r.topics()) {
                for (AlterPartitionResponseData.PartitionData p : t.partitions()) {
                    TopicIdPartition tp = new TopicIdPartition(t.topicId(), p.partitionIndex());
                    ApiError error = error(p.errorCode());
                    results.put(tp, new ControllerCommand.AlterPartition.PartitionResult(error,
                            error.isSuccess() ? registration(image, tp, p) : null));
                }
            }
            return new ControllerCommand.AlterPartition.Result(Errors.forCode(r.errorCode()), results);
        });
    }

    /** A partition's registration from the controller's answer, with the replicas and ELR this node knows. */
    private static PartitionRegistration registration(MetadataImage image, TopicIdPartition tp,
                                                      AlterPartitionResponseData.PartitionData answer) {
        TopicImage topic = image.topic(tp.topicId());
        PartitionRegistration known = topic == null ? null : topic.partition(tp.partition());
        List<Integer> replicas = known == null ? List.of() : known.replicas();
        List<Integer> elr = known == null ? List.of() : known.elr();
        return new PartitionRegistration(replicas, answer.isr(), elr, answer.leaderId(), answer.leaderEpoch(),
                answer.partitionEpoch());
    }

    /**
     * A forwarded admin command's answer as read from the controller's response: what the command returns, every
     * per-item error (all of them NOT_CONTROLLER: the controller moved before running it), and what this broker's
     * image shows once it has applied the change.
     */
    private record AdminAnswer<R>(R result, List<ApiError> errors, Predicate<MetadataImage> applied) {
    }

    /**
     * Sends an admin request to the controller and answers once this broker has applied its change (or after
     * {@code timeoutMs} of waiting for it: the caller then reads an image that may not show it yet).
     */
    private <R> CompletableFuture<R> forwardAdmin(ApiMessage request, ApiKey api,
                                                  Function<ApiMessage, AdminAnswer<R>> read) {
        return send(request, api).thenCompose(response -> {
            AdminAnswer<R> answer = read.apply(response);
            if (!answer.errors().isEmpty()
                    && answer.errors().stream().allMatch(e -> e.error() == Errors.NOT_CONTROLLER)) {
                throw new NotControllerException(api.name() + ": the controller answered NOT_CONTROLLER",
                        OptionalInt.empty());
            }
            return localImage.await(answer.applied(), timeoutMs).thenApply(ignored -> answer.result());
        });
    }

    private CompletableFuture<Map<String, ControllerCommand.CreateTopics.TopicResult>> createTopics(
            ControllerCommand.CreateTopics c) {
        List<CreateTopicsRequestData.CreatableTopic> topics = new ArrayList<>();
        for (ControllerCommand.NewTopic t : c.topics()) {
            List<CreateTopicsRequestData.CreatableReplicaAssignment> assignments = new ArrayList<>();
            t.assignments().forEach((partition, replicas) -> assignments.add(
                    new CreateTopicsRequestData.CreatableReplicaAssignment().setPartitionIndex(partition)
                            .setBrokerIds(replicas)));
            List<CreateTopicsRequestData.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs().forEach((k, v) -> configs.add(new CreateTopicsRequestData.CreatableTopicConfig().setName(k)
                    .setValue(v)));
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName(t.name())
                    .setNumPartitions(t.numPartitions()).setReplicationFactor(t.replicationFactor())
                    .setAssignments(assignments).setConfigs(configs));
        }
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTopics(topics)
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS).setValidateOnly(c.validateOnly());
        return forwardAdmin(request, ApiKey.CREATE_TOPICS, response -> {
            Map<String, ControllerCommand.CreateTopics.TopicResult> results = new HashMap<>();
            List<ApiError> errors = new ArrayList<>();
            List<String> created = new ArrayList<>();
            for (CreateTopicsResponseData.CreatableTopicResult t : ((CreateTopicsResponseData) response).topics()) {
                ApiError error = error(t.errorCode(), t.errorMessage());
                errors.add(error);
                results.put(t.name(), new ControllerCommand.CreateTopics.TopicResult(error,
                        error.isSuccess() ? t.topicId() : null, t.numPartitions(), t.replicationFactor()));
                if (error.isSuccess() && !c.validateOnly()) {
                    created.add(t.name());
                }
            }
            return new AdminAnswer<>(results, errors,
                    image -> created.stream().allMatch(name -> image.topic(name) != null));
        });
    }

    /** DeleteTopics in the version taking names and ids; the answers come in the order asked. */
    private CompletableFuture<ControllerCommand.DeleteTopics.Result> deleteTopics(ControllerCommand.DeleteTopics c) {
        List<DeleteTopicsRequestData.DeleteTopicState> topics = new ArrayList<>();
        c.names().forEach(name -> topics.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name)
                .setTopicId(Message.ZERO_UUID)));
        c.ids().forEach(id -> topics.add(new DeleteTopicsRequestData.DeleteTopicState().setName(null)
                .setTopicId(id)));
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTopics(topics)
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS);
        return forwardAdmin(request, ApiKey.DELETE_TOPICS, response -> {
            List<DeleteTopicsResponseData.DeletableTopicResult> answers =
                    ((DeleteTopicsResponseData) response).responses();
            Map<String, ApiError> byName = new HashMap<>();
            Map<UUID, ApiError> byId = new HashMap<>();
            List<ApiError> errors = new ArrayList<>();
            List<String> deletedNames = new ArrayList<>();
            List<UUID> deletedIds = new ArrayList<>();
            for (int i = 0; i < answers.size() && i < topics.size(); i++) {
                DeleteTopicsResponseData.DeletableTopicResult t = answers.get(i);
                ApiError error = error(t.errorCode(), t.errorMessage());
                errors.add(error);
                boolean byNameAsked = i < c.names().size();
                if (byNameAsked) {
                    byName.put(c.names().get(i), error);
                } else {
                    byId.put(c.ids().get(i - c.names().size()), error);
                }
                if (error.isSuccess()) {
                    // the id the controller resolved, so a topic re-created under the name is not waited out
                    UUID id = t.topicId() != null && !t.topicId().equals(Message.ZERO_UUID) ? t.topicId()
                            : byNameAsked ? null : c.ids().get(i - c.names().size());
                    if (id != null) {
                        deletedIds.add(id);
                    } else {
                        deletedNames.add(c.names().get(i));
                    }
                }
            }
            return new AdminAnswer<>(new ControllerCommand.DeleteTopics.Result(byName, byId), errors,
                    image -> deletedIds.stream().allMatch(id -> image.topic(id) == null)
                            && deletedNames.stream().allMatch(name -> image.topic(name) == null));
        });
    }

    private CompletableFuture<Map<String, ApiError>> createPartitions(ControllerCommand.CreatePartitions c) {
        List<CreatePartitionsRequestData.CreatePartitionsTopic> topics = new ArrayList<>();
        for (ControllerCommand.PartitionIncrease t : c.topics()) {
            List<CreatePartitionsRequestData.CreatePartitionsAssignment> assignments = null;
            if (!t.assignments().isEmpty()) {
                assignments = new ArrayList<>();
                for (List<Integer> replicas : t.assignments()) {
                    assignments.add(new CreatePartitionsRequestData.CreatePartitionsAssignment()
                            .setBrokerIds(replicas));
                }
            }
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(t.topic())
                    .setCount(t.totalCount()).setAssignments(assignments));
        }
        CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTopics(topics)
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS).setValidateOnly(c.validateOnly());
        Map<String, Integer> counts = new HashMap<>();
        c.topics().forEach(t -> counts.put(t.topic(), t.totalCount()));
        return forwardAdmin(request, ApiKey.CREATE_PARTITIONS, response -> {
            Map<String, ApiError> results = new HashMap<>();
            Map<String, Integer> grown = new HashMap<>();
            for (CreatePartitionsResponseData.CreatePartitionsTopicResult t :
                    ((CreatePartitionsResponseData) response).results()) {
                ApiError error = error(t.errorCode(), t.errorMessage());
                results.put(t.name(), error);
                if (error.isSuccess() && !c.validateOnly() && counts.containsKey(t.name())) {
                    grown.put(t.name(), counts.get(t.name()));
                }
            }
            return new AdminAnswer<>(results, List.copyOf(results.values()), image -> grown.entrySet().stream()
                    .allMatch(e -> image.topic(e.getKey()) != null
                            && image.topic(e.getKey()).partitionCount() >= e.getValue()));
        });
    }

    private CompletableFuture<Map<ConfigResource, ApiError>> incrementalAlterConfigs(
            ControllerCommand.IncrementalAlterConfigs c) {
        List<IncrementalAlterConfigsRequestData.AlterConfigsResource> resources = new ArrayList<>();
        c.changes().forEach((resource, ops) -> {
            List<IncrementalAlterConfigsRequestData.AlterableConfig> configs = new ArrayList<>();
            for (ControllerCommand.ConfigOp op : ops) {
                configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName(op.key())
                        .setConfigOperation((byte) op.op().ordinal()).setValue(op.value()));
            }
            resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(resource.type().code()).setResourceName(resource.name()).setConfigs(configs));
        });
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData()
                .setResources(resources).setValidateOnly(c.validateOnly());
        return forwardAdmin(request, ApiKey.INCREMENTAL_ALTER_CONFIGS, response -> {
            Map<ConfigResource, ApiError> results = new HashMap<>();
            for (IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse r :
                    ((IncrementalAlterConfigsResponseData) response).responses()) {
                results.put(resource(r.resourceType(), r.resourceName()),
                        error(r.errorCode(), r.errorMessage()));
            }
            return new AdminAnswer<>(results, List.copyOf(results.values()), image -> c.validateOnly()
                    || succeeded(results).stream().allMatch(resource -> c.changes().get(resource).stream()
                            .allMatch(op -> holds(op, image.configs(resource)))));
        });
    }

    private CompletableFuture<Map<ConfigResource, ApiError>> alterConfigs(ControllerCommand.AlterConfigs c) {
        List<AlterConfigsRequestData.AlterConfigsResource> resources = new ArrayList<>();
        c.configs().forEach((resource, values) -> {
            List<AlterConfigsRequestData.AlterableConfig> configs = new ArrayList<>();
            values.forEach((k, v) -> configs.add(new AlterConfigsRequestData.AlterableConfig().setName(k)
                    .setValue(v)));
            resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType(resource.type().code())
                    .setResourceName(resource.name()).setConfigs(configs));
        });
        AlterConfigsRequestData request = new AlterConfigsRequestData().setResources(resources)
                .setValidateOnly(c.validateOnly());
        return forwardAdmin(request, ApiKey.ALTER_CONFIGS, response -> {
            Map<ConfigResource, ApiError> results = new HashMap<>();
            for (AlterConfigsResponseData.AlterConfigsResourceResponse r :
                    ((AlterConfigsResponseData) response).responses()) {
                results.put(resource(r.resourceType(), r.resourceName()),
                        error(r.errorCode(), r.errorMessage()));
            }
            return new AdminAnswer<>(results, List.copyOf(results.values()), image -> c.validateOnly()
                    || succeeded(results).stream().allMatch(resource -> c.configs().get(resource).entrySet()
                            .stream().allMatch(e -> Objects.equals(image.configs(resource).get(e.getKey()),
                                    e.getValue()))));
        });
    }

    /**
     * ElectLeaders, the partitions grouped by topic (null: every partition). A whole-request error other than
     * NOT_CONTROLLER fails the command (REQUEST_TIMED_OUT as a timeout). Answered once this broker's image shows each
     * elected partition led by its preferred replica (preferred election) or led at all (unclean election).
     */
    private CompletableFuture<Map<TopicPartition, ApiError>> electLeaders(ControllerCommand.ElectLeaders c) {
        List<ElectLeadersRequestData.TopicPartitions> topics = null;
        if (c.partitions() != null) {
            Map<String, ElectLeadersRequestData.TopicPartitions> byTopic = new LinkedHashMap<>();
            for (TopicPartition tp : c.partitions()) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ElectLeadersRequestData.TopicPartitions().setTopic(t)
                        .setPartitions(new ArrayList<>())).partitions().add(tp.partition());
            }
            topics = new ArrayList<>(byTopic.values());
        }
        ElectLeadersRequestData request = new ElectLeadersRequestData()
                .setElectionType((byte) c.type().ordinal()).setTopicPartitions(topics)
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS);
        boolean preferred = c.type() == ControllerCommand.ElectionType.PREFERRED;
        return forwardAdmin(request, ApiKey.ELECT_LEADERS, response -> {
            ElectLeadersResponseData r = (ElectLeadersResponseData) response;
            Errors topLevel = Errors.forCode(r.errorCode());
            if (topLevel == Errors.REQUEST_TIMED_OUT) {
                throw new CompletionException(new TimeoutException("ElectLeaders: the controller answered "
                        + "REQUEST_TIMED_OUT"));
            }
            if (topLevel != Errors.NONE) {
                throw new IllegalStateException("ElectLeaders: the controller answered " + topLevel);
            }
            Map<TopicPartition, ApiError> results = new LinkedHashMap<>();
            for (ElectLeadersResponseData.ReplicaElectionResult t : r.replicaElectionResults()) {
                for (ElectLeadersResponseData.PartitionResult p : t.partitionResult()) {
                    results.put(new TopicPartition(t.topic(), p.partitionId()),
                            error(p.errorCode(), p.errorMessage()));
                }
            }
            List<TopicPartition> elected = results.entrySet().stream().filter(e -> e.getValue().isSuccess())
                    .map(Map.Entry::getKey).toList();
            return new AdminAnswer<>(results, List.copyOf(results.values()), image -> elected.stream()
                    .allMatch(tp -> led(image, tp, preferred)));
        });
    }

    /**
     * AlterPartitionReassignments, the partitions grouped by topic. A whole-request error other than NOT_CONTROLLER
     * fails the command (REQUEST_TIMED_OUT as a timeout). Answered once this broker's image shows each accepted
     * change: the partition heading for its target (being reassigned to it, or done) or, for a cancel, not being
     * reassigned.
     */
    private CompletableFuture<Map<TopicPartition, ApiError>> alterPartitionReassignments(
            ControllerCommand.AlterPartitionReassignments c) {
        Map<String, AlterPartitionReassignmentsRequestData.ReassignableTopic> byTopic = new LinkedHashMap<>();
        for (ControllerCommand.Reassignment r : c.partitions()) {
            byTopic.computeIfAbsent(r.partition().topic(), t -> new AlterPartitionReassignmentsRequestData
                    .ReassignableTopic().setName(t).setPartitions(new ArrayList<>())).partitions()
                    .add(new AlterPartitionReassignmentsRequestData.ReassignablePartition()
                            .setPartitionIndex(r.partition().partition())
                            .setReplicas(r.targetReplicas() == null ? null : new ArrayList<>(r.targetReplicas())));
        }
        AlterPartitionReassignmentsRequestData request = new AlterPartitionReassignmentsRequestData()
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS).setAllowReplicationFactorChange(
                        c.allowReplicationFactorChange()).setTopics(new ArrayList<>(byTopic.values()));
        // the last entry for a partition is the one the controller leaves in force
        Map<TopicPartition, List<Integer>> targets = new HashMap<>();
        c.partitions().forEach(r -> targets.put(r.partition(), r.targetReplicas()));
        return forwardAdmin(request, ApiKey.ALTER_PARTITION_REASSIGNMENTS, response -> {
            AlterPartitionReassignmentsResponseData r = (AlterPartitionReassignmentsResponseData) response;
            Errors topLevel = Errors.forCode(r.errorCode());
            if (topLevel == Errors.REQUEST_TIMED_OUT) {
                throw new CompletionException(new TimeoutException("AlterPartitionReassignments: the controller "
                        + "answered REQUEST_TIMED_OUT"));
            }
            if (topLevel != Errors.NONE) {
                throw new IllegalStateException("AlterPartitionReassignments: the controller answered " + topLevel);
            }
            Map<TopicPartition, ApiError> results = new LinkedHashMap<>();
            for (AlterPartitionReassignmentsResponseData.ReassignableTopicResponse t : r.responses()) {
                for (AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse p : t.partitions()) {
                    results.put(new TopicPartition(t.name(), p.partitionIndex()),
                            error(p.errorCode(), p.errorMessage()));
                }
            }
            List<TopicPartition> changed = results.entrySet().stream().filter(e -> e.getValue().isSuccess())
                    .map(Map.Entry::getKey).toList();
            return new AdminAnswer<>(results, List.copyOf(results.values()), image -> changed.stream()
                    .allMatch(tp -> reassigned(image, tp, targets.get(tp))));
        });
    }

    /** Whether the image shows {@code tp} heading for {@code target} (null: not being reassigned), or has no {@code tp}. */
    private static boolean reassigned(MetadataImage image, TopicPartition tp, List<Integer> target) {
        TopicImage topic = image.topic(tp.topic());
        PartitionRegistration p = topic == null ? null : topic.partition(tp.partition());
        if (p == null) {
            return true;
        }
        return target == null ? !p.isReassigning() : p.targetReplicas().equals(target);
    }

    /** ListPartitionReassignments, answered from the controller's state (nothing to wait for here). */
    private CompletableFuture<Map<TopicPartition, ControllerCommand.ListPartitionReassignments.Ongoing>>
            listPartitionReassignments(ControllerCommand.ListPartitionReassignments c) {
        List<ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics> topics = null;
        if (c.partitions() != null) {
            Map<String, ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics> byTopic =
                    new LinkedHashMap<>();
            for (TopicPartition tp : c.partitions()) {
                byTopic.computeIfAbsent(tp.topic(), t -> new ListPartitionReassignmentsRequestData
                        .ListPartitionReassignmentsTopics().setName(t).setPartitionIndexes(new ArrayList<>()))
                        .partitionIndexes().add(tp.partition());
            }
            topics = new ArrayList<>(byTopic.values());
        }
        ListPartitionReassignmentsRequestData request = new ListPartitionReassignmentsRequestData()
                .setTimeoutMs(ADMIN_REQUEST_TIMEOUT_MS).setTopics(topics);
        return send(request, ApiKey.LIST_PARTITION_REASSIGNMENTS).thenApply(response -> {
            ListPartitionReassignmentsResponseData r = (ListPartitionReassignmentsResponseData) response;
            Errors topLevel = Errors.forCode(r.errorCode());
            if (topLevel == Errors.REQUEST_TIMED_OUT) {
                throw new CompletionException(new TimeoutException("ListPartitionReassignments: the controller "
                        + "answered REQUEST_TIMED_OUT"));
            }
            if (topLevel != Errors.NONE) {
                throw new IllegalStateException("ListPartitionReassignments: the controller answered " + topLevel);
            }
            Map<TopicPartition, ControllerCommand.ListPartitionReassignments.Ongoing> ongoing =
                    new LinkedHashMap<>();
            for (ListPartitionReassignmentsResponseData.OngoingTopicReassignment t : r.topics()) {
                for (ListPartitionReassignmentsResponseData.OngoingPartitionReassignment p : t.partitions()) {
                    ongoing.put(new TopicPartition(t.name(), p.partitionIndex()),
                            new ControllerCommand.ListPartitionReassignments.Ongoing(p.replicas(),
                                    p.addingReplicas(), p.removingReplicas()));
                }
            }
            return ongoing;
        });
    }

    /** CreateAcls, one creation per binding; answered once this broker's image holds every ACL created. */
    private CompletableFuture<List<ApiError>> createAcls(ControllerCommand.CreateAcls c) {
        List<CreateAclsRequestData.AclCreation> creations = new ArrayList<>();
        for (AclBinding acl : c.acls()) {
            creations.add(new CreateAclsRequestData.AclCreation().setResourceType(acl.resourceType().code())
                    .setResourceName(acl.resourceName()).setResourcePatternType(acl.patternType().code())
                    .setPrincipal(acl.principal()).setHost(acl.host()).setOperation(acl.operation().code())
                    .setPermissionType(acl.permission().code()));
        }
        return forwardAdmin(new CreateAclsRequestData().setCreations(creations), ApiKey.CREATE_ACLS, response -> {
            List<ApiError> results = new ArrayList<>();
            for (CreateAclsResponseData.AclCreationResult r : ((CreateAclsResponseData) response).results()) {
                results.add(error(r.errorCode(), r.errorMessage()));
            }
            if (results.size() != c.acls().size()) {
                throw new IllegalStateException("CreateAcls: the controller answered " + results.size()
                        + " results for " + c.acls().size() + " creations");
            }
            List<AclBinding> created = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).isSuccess()) {
                    created.add(c.acls().get(i));
                }
            }
            return new AdminAnswer<>(results, results, image -> created.stream().allMatch(image.acls()::contains));
        });
    }

    /** DeleteAcls, one filter each; answered once this broker's image holds none of the ACLs deleted. */
    private CompletableFuture<List<ControllerCommand.DeleteAcls.FilterResult>> deleteAcls(
            ControllerCommand.DeleteAcls c) {
        List<DeleteAclsRequestData.DeleteAclsFilter> filters = new ArrayList<>();
        for (AclBindingFilter f : c.filters()) {
            filters.add(new DeleteAclsRequestData.DeleteAclsFilter().setResourceTypeFilter(f.resourceType().code())
                    .setResourceNameFilter(f.resourceName()).setPatternTypeFilter(f.patternType().code())
                    .setPrincipalFilter(f.principal()).setHostFilter(f.host()).setOperation(f.operation().code())
                    .setPermissionType(f.permission().code()));
        }
        return forwardAdmin(new DeleteAclsRequestData().setFilters(filters), ApiKey.DELETE_ACLS, response -> {
            List<ControllerCommand.DeleteAcls.FilterResult> results = new ArrayList<>();
            List<ApiError> errors = new ArrayList<>();
            List<AclBinding> deleted = new ArrayList<>();
            for (DeleteAclsResponseData.DeleteAclsFilterResult r : ((DeleteAclsResponseData) response)
                    .filterResults()) {
                List<AclBinding> acls = new ArrayList<>();
                for (DeleteAclsResponseData.DeleteAclsMatchingAcl m : r.matchingAcls()) {
                    acls.add(new AclBinding(ResourceType.forCode(m.resourceType()), m.resourceName(),
                            PatternType.forCode(m.patternType()), m.principal(), m.host(),
                            AclOperation.forCode(m.operation()), AclPermissionType.forCode(m.permissionType())));
                }
                ApiError error = error(r.errorCode(), r.errorMessage());
                errors.add(error);
                deleted.addAll(acls);
                results.add(new ControllerCommand.DeleteAcls.FilterResult(error, acls));
            }
            return new AdminAnswer<>(results, errors, image -> deleted.stream().noneMatch(image.acls()::contains));
        });
    }

    /** Whether the image shows {@code tp} led (by its preferred replica if {@code preferred}), or has no {@code tp}. */
    private static boolean led(MetadataImage image, TopicPartition tp, boolean preferred) {
        TopicImage topic = image.topic(tp.topic());
        PartitionRegistration p = topic == null ? null : topic.partition(tp.partition());
        if (p == null) {
            return true;   // deleted meanwhile: nothing left to wait for
        }
        return preferred ? p.leader() == p.preferredLeader() : p.hasLeader();
    }

    /** The resources answered NONE that were asked for. */
    private static List<ConfigResource> succeeded(Map<ConfigResource, ApiError> results) {
        List<ConfigResource> done = new ArrayList<>();
        results.forEach((resource, error) -> {
            if (error.isSuccess()) {
                done.add(resource);
            }
        });
        return done;
    }

    private static ConfigResource resource(byte type, String name) {
        ConfigResource.Type t = ConfigResource.Type.forCode(type);
        if (t == null) {
            throw new IllegalStateException("the controller answered for a resource of type " + type);
        }
        return new ConfigResource(t, name);
    }

    /** Whether a resource's dynamic {@code configs} show {@code op} applied (as the controller applies it). */
    private static boolean holds(ControllerCommand.ConfigOp op, Map<String, String> configs) {
        String now = configs.get(op.key());
        return switch (op.op()) {
            case SET -> Objects.equals(now, op.value());
            case DELETE -> now == null;
            case APPEND, SUBTRACT -> {
                List<String> items = now == null ? List.of()
                        : Arrays.stream(now.split(",")).map(String::trim).toList();
                List<String> asked = op.value() == null ? List.of()
                        : Arrays.stream(op.value().split(",")).map(String::trim).toList();
                yield op.op() == ControllerCommand.OpType.APPEND ? items.containsAll(asked)
                        : asked.stream().noneMatch(items::contains);
            }
        };
    }

    // --- SCRAM credentials ---

    /**
     * AlterUserScramCredentials, the salted passwords as the client sent them. Answered once this broker's image
     * shows each accepted change: an upserted credential with its salt and iterations, a deleted one gone. A re-run
     * after a lost answer upserts the same again, or deletes with RESOURCE_NOT_FOUND (as Kafka answers a retry).
     */
    private CompletableFuture<Map<String, ApiError>> alterUserScramCredentials(
            ControllerCommand.AlterUserScramCredentials c) {
        AlterUserScramCredentialsRequestData request = new AlterUserScramCredentialsRequestData();
        c.deletions().forEach(d -> request.deletions().add(new AlterUserScramCredentialsRequestData
                .ScramCredentialDeletion().setName(d.user()).setMechanism(d.mechanism())));
        c.upsertions().forEach(u -> request.upsertions().add(new AlterUserScramCredentialsRequestData
                .ScramCredentialUpsertion().setName(u.user()).setMechanism(u.mechanism())
                .setIterations(u.iterations()).setSalt(u.salt()).setSaltedPassword(u.saltedPassword())));
        return forwardAdmin(request, ApiKey.ALTER_USER_SCRAM_CREDENTIALS, response -> {
            Map<String, ApiError> results = new LinkedHashMap<>();
            for (AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult r :
                    ((AlterUserScramCredentialsResponseData) response).results()) {
                results.put(r.user(), error(r.errorCode(), r.errorMessage()));
            }
            Predicate<MetadataImage> applied = image -> true;
            for (ControllerCommand.ScramDeletion d : c.deletions()) {
                if (ok(results, d.user())) {
                    ScramMechanism m = ScramMechanism.forType(d.mechanism()).orElseThrow();
                    applied = applied.and(image -> image.scramCredential(d.user(), m).isEmpty());
                }
            }
            for (ControllerCommand.ScramUpsertion u : c.upsertions()) {
                if (ok(results, u.user())) {
                    ScramMechanism m = ScramMechanism.forType(u.mechanism()).orElseThrow();
                    applied = applied.and(image -> image.scramCredential(u.user(), m)
                            .filter(now -> now.iterations() == u.iterations()
                                    && Arrays.equals(now.salt(), u.salt())).isPresent());
                }
            }
            return new AdminAnswer<>(results, List.copyOf(results.values()), applied);
        });
    }

    // --- client quotas ---

    /**
     * AlterClientQuotas, one entry each. Answered once this broker's image shows every accepted entry's quotas as
     * set (a removed key absent); a re-run after a lost answer sets the same values again.
     */
    private CompletableFuture<List<ApiError>> alterClientQuotas(ControllerCommand.AlterClientQuotas c) {
        AlterClientQuotasRequestData request = new AlterClientQuotasRequestData().setValidateOnly(c.validateOnly());
        for (ControllerCommand.QuotaAlteration a : c.entries()) {
            AlterClientQuotasRequestData.EntryData entry = new AlterClientQuotasRequestData.EntryData();
            a.entity().forEach(e -> entry.entity().add(new AlterClientQuotasRequestData.EntityData()
                    .setEntityType(e.type()).setEntityName(e.name())));
            a.ops().forEach(op -> entry.ops().add(new AlterClientQuotasRequestData.OpData().setKey(op.key())
                    .setValue(op.value()).setRemove(op.remove())));
            request.entries().add(entry);
        }
        return forwardAdmin(request, ApiKey.ALTER_CLIENT_QUOTAS, response -> {
            List<ApiError> results = new ArrayList<>();
            for (AlterClientQuotasResponseData.EntryData r : ((AlterClientQuotasResponseData) response).entries()) {
                results.add(error(r.errorCode(), r.errorMessage()));
            }
            if (results.size() != c.entries().size()) {
                throw new IllegalStateException("AlterClientQuotas: the controller answered " + results.size()
                        + " results for " + c.entries().size() + " entries");
            }
            Predicate<MetadataImage> applied = image -> true;
            for (int i = 0; i < results.size() && !c.validateOnly(); i++) {
                if (results.get(i).isSuccess()) {
                    applied = applied.and(quotasAsSet(c.entries().get(i)));
                }
            }
            return new AdminAnswer<>(results, results, applied);
        });
    }

    private static Predicate<MetadataImage> quotasAsSet(ControllerCommand.QuotaAlteration a) {
        TreeMap<String, String> entries = new TreeMap<>();
        a.entity().forEach(e -> entries.put(e.type(), e.name()));
        ClientQuotaEntity entity = new ClientQuotaEntity(entries);
        return image -> {
            Map<String, Double> now = image.clientQuotas().quotas(entity);
            return a.ops().stream().allMatch(op -> op.remove() ? !now.containsKey(op.key())
                    : Double.valueOf(op.value()).equals(now.get(op.key())));
        };
    }

    private static boolean ok(Map<String, ApiError> results, String user) {
        ApiError e = results.get(user);
        return e != null && e.isSuccess();
    }

    /** Sends in the highest version (the nodes of a cluster run one Tributary version). */
    private CompletableFuture<ApiMessage> send(ApiMessage request, ApiKey api) {
        return channel.send(request, api.highestVersion()).thenApply(answer -> {
            if (topLevelError(answer) == Errors.NOT_CONTROLLER.code()) {
                throw new NotControllerException(api.name() + ": the controller answered NOT_CONTROLLER",
                        OptionalInt.empty());
            }
            return answer;
        });
    }

    private static short topLevelError(ApiMessage answer) {
        if (answer instanceof BrokerRegistrationResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof BrokerHeartbeatResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof AllocateProducerIdsResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof AlterPartitionResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof ElectLeadersResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof AlterPartitionReassignmentsResponseData r) {
            return r.errorCode();
        }
        if (answer instanceof ListPartitionReassignmentsResponseData r) {
            return r.errorCode();
        }
        return Errors.NONE.code();
    }

    private static ApiError error(short code) {
        return ApiError.of(Errors.forCode(code));
    }

    /** A per-item answer; a success carries no message (the wire may carry "" for none). */
    private static ApiError error(short code, String message) {
        Errors error = Errors.forCode(code);
        return error == Errors.NONE ? ApiError.NONE : ApiError.of(error, message);
    }
}
