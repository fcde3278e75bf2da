package io.tributary.compat;

import static io.tributary.compat.MatrixOutcome.ok;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The cases of {@link AuthorizationMatrix}: each one API call (or client action) a principal tries, and the principals
 * the matrix's ACLs do not allow it ({@link #deniedTo}: their cell must not be {@code OK}). Resource names with
 * {@code <tag>} are the principal's own (each principal creates, deletes and resizes its own topic).
 */
record MatrixCase(String name, Set<String> deniedTo, Cell cell) {

    /** What a principal does in one case; the answer is its outcome ({@code OK ...}). */
    @FunctionalInterface
    interface Cell {
        String run(MatrixPrincipal p) throws Exception;
    }

    static final String ADMIN = "admin";
    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final String ANON = MatrixPrincipal.ANONYMOUS;

    /** Topics made by the matrix's setup that no case deletes: the listing cases show which of them are visible. */
    static final List<String> FIXED_TOPICS = List.of("t-allowed", "t-open", "t-nothing", "pre-a");
    /** Groups made by the setup that no case deletes. */
    static final List<String> FIXED_GROUPS = List.of("g-allowed", "g-open", "g-other");
    /** The one broker's node id on both brokers. */
    static final String NODE = "1";
    private static final long WAIT_S = 15;

    private static final Set<String> NOT_ALICE = Set.of(ALICE, BOB, ANON);
    private static final Set<String> OUTSIDERS = Set.of(BOB, ANON);
    private static final Set<String> ONLY_BOB = Set.of(BOB);
    private static final Set<String> NOBODY = Set.of();

    static List<MatrixCase> all() {
        List<MatrixCase> cases = new ArrayList<>();
        // Produce (Metadata, then Produce), not idempotent
        cases.add(new MatrixCase("produce t-allowed", OUTSIDERS, p -> produce(p, "t-allowed", Map.of())));
        cases.add(new MatrixCase("produce pre-a (prefixed ACL)", OUTSIDERS, p -> produce(p, "pre-a", Map.of())));
        cases.add(new MatrixCase("produce t-open (User:* allowed, bob denied)", ONLY_BOB,
                p -> produce(p, "t-open", Map.of())));
        cases.add(new MatrixCase("produce t-nothing (no ACL)", NOT_ALICE, p -> produce(p, "t-nothing", Map.of())));
        cases.add(new MatrixCase("produce pre-auto-<tag> (auto-created)", OUTSIDERS,
                p -> produce(p, "pre-auto-" + p.tag(), Map.of())));
        // InitProducerId: IDEMPOTENT_WRITE on the cluster or WRITE on any topic
        cases.add(new MatrixCase("idempotent produce t-allowed", OUTSIDERS,
                p -> produce(p, "t-allowed", Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))));
        cases.add(new MatrixCase("transaction tx-allowed -> t-allowed", OUTSIDERS,
                p -> transaction(p, "tx-allowed", "t-allowed")));
        cases.add(new MatrixCase("init transactions tx-other", NOT_ALICE, p -> transaction(p, "tx-other", null)));
        // AddOffsetsToTxn + TxnOffsetCommit: READ on the group
        cases.add(new MatrixCase("transaction tx-allowed with offsets of g-allowed", OUTSIDERS,
                p -> transactionWithOffsets(p, "g-allowed")));
        cases.add(new MatrixCase("transaction tx-allowed with offsets of g-other", NOT_ALICE,
                p -> transactionWithOffsets(p, "g-other")));
        cases.add(new MatrixCase("fence producers tx-allowed", OUTSIDERS,
                p -> done(p.admin().fenceProducers(List.of("tx-allowed")).all())));

        // Fetch (ListOffsets, then Fetch) without a group
        for (String topic : List.of("t-allowed", "pre-a", "t-open", "t-nothing")) {
            Set<String> denied = switch (topic) {
                case "t-open" -> ONLY_BOB;
                case "t-nothing" -> NOT_ALICE;
                default -> OUTSIDERS;
            };
            cases.add(new MatrixCase("consume " + topic + " (assign)", denied, p -> consume(p, topic)));
        }
        // Consumer groups (FindCoordinator, JoinGroup, SyncGroup, OffsetFetch, Fetch, OffsetCommit)
        cases.add(new MatrixCase("group g-allowed: consume t-allowed, commit", OUTSIDERS,
                p -> consumeInGroup(p, "g-allowed", "t-allowed")));
        cases.add(new MatrixCase("group g-open: consume t-open, commit", ONLY_BOB,
                p -> consumeInGroup(p, "g-open", "t-open")));
        cases.add(new MatrixCase("group g-other: consume t-allowed", NOT_ALICE,
                p -> consumeInGroup(p, "g-other", "t-allowed")));
        // KIP-848 (ConsumerGroupHeartbeat): READ on the group, DESCRIBE on the subscribed topics
        cases.add(new MatrixCase("group g-open-848 (consumer protocol): consume t-open, commit", ONLY_BOB,
                p -> consumeInGroup(p, "g-open-848", "t-open", Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                        "consumer"))));
        // a regular expression: the classic protocol resolves it in the client (over the topics Metadata shows),
        // the consumer protocol in the group coordinator (Kafka: over the topics the member may describe)
        cases.add(new MatrixCase("group g-open-rx (classic): subscribe t-.*, assigned", NOBODY,
                p -> assignedByPattern(p, "g-open-rx", "classic")));
        cases.add(new MatrixCase("group g-open-rx-848 (consumer protocol): subscribe t-.*, assigned", NOBODY,
                p -> assignedByPattern(p, "g-open-rx-848", "consumer")));
        // share groups (KIP-932: ShareGroupHeartbeat, ShareFetch, ShareAcknowledge); each principal its own group,
        // reading from the earliest offset (a group config the setup sets)
        cases.add(new MatrixCase("share group g-open-share-<tag>: consume t-open", ONLY_BOB,
                p -> consumeShared(p, "g-open-share-" + p.tag(), "t-open")));
        cases.add(new MatrixCase("share group g-share-<tag> (no ACL): consume t-allowed", NOT_ALICE,
                p -> consumeShared(p, "g-share-" + p.tag(), "t-allowed")));
        cases.add(new MatrixCase("describe share group g-open-share-admin", NOBODY,
                p -> done(p.admin().describeShareGroups(List.of("g-open-share-admin")).all())));
        cases.add(new MatrixCase("list share group offsets g-open-share-admin (visible)", NOBODY, p -> ok(get(p.admin()
                .listShareGroupOffsets(Map.of("g-open-share-admin", new ListShareGroupOffsetsSpec()))
                .partitionsToOffsetInfo("g-open-share-admin")).keySet())));
        cases.add(new MatrixCase("alter share group offsets g-open-share-<tag> t-open", ONLY_BOB, p -> done(p.admin()
                .alterShareGroupOffsets("g-open-share-" + p.tag(), Map.of(new TopicPartition("t-open", 0), 0L))
                .all())));
        cases.add(new MatrixCase("delete share group offsets g-open-share-<tag> t-open", NOT_ALICE, p -> done(p
                .admin().deleteShareGroupOffsets("g-open-share-" + p.tag(), Set.of("t-open")).all())));
        cases.add(new MatrixCase("describe group g-allowed", OUTSIDERS,
                p -> done(p.admin().describeConsumerGroups(List.of("g-allowed")).all())));
        cases.add(new MatrixCase("list groups (visible)", NOBODY, p -> ok(get(p.admin().listGroups().all())
                .stream().map(GroupListing::groupId).filter(FIXED_GROUPS::contains).toList())));
        cases.add(new MatrixCase("list group offsets g-allowed", OUTSIDERS, p -> ok(get(p.admin()
                .listConsumerGroupOffsets("g-allowed").partitionsToOffsetAndMetadata()).keySet())));
        cases.add(new MatrixCase("list group offsets g-open (visible partitions)", NOBODY, p -> ok(get(p.admin()
                .listConsumerGroupOffsets("g-open").partitionsToOffsetAndMetadata()).keySet())));
        cases.add(new MatrixCase("list group offsets g-open t-open-0 (asked)", NOBODY, p -> ok(get(p.admin()
                .listConsumerGroupOffsets(Map.of("g-open", new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(
                        new TopicPartition("t-open", 0))))).partitionsToOffsetAndMetadata("g-open")).keySet())));
        cases.add(new MatrixCase("alter group offsets g-open t-allowed", OUTSIDERS, p -> done(p.admin()
                .alterConsumerGroupOffsets("g-open", Map.of(new TopicPartition("t-allowed", 0),
                        new OffsetAndMetadata(0))).all())));
        cases.add(new MatrixCase("delete group offsets g-del-<tag> t-allowed", OUTSIDERS, p -> done(p.admin()
                .deleteConsumerGroupOffsets("g-del-" + p.tag(), Set.of(new TopicPartition("t-allowed", 0))).all())));
        cases.add(new MatrixCase("delete group g-del-<tag>", OUTSIDERS,
                p -> done(p.admin().deleteConsumerGroups(List.of("g-del-" + p.tag())).all())));

        // Topics
        cases.add(new MatrixCase("list topics (visible)", NOBODY, p -> ok(get(p.admin().listTopics().names())
                .stream().filter(FIXED_TOPICS::contains).toList())));
        cases.add(new MatrixCase("describe topic t-allowed (authorized operations)", NOBODY,
                p -> describeTopic(p.admin(), "t-allowed")));
        cases.add(new MatrixCase("describe topic t-nothing", NOT_ALICE, p -> describeTopic(p.admin(), "t-nothing")));
        cases.add(new MatrixCase("describe topic t-allowed by id", NOBODY, p -> describeTopicById(p, "t-allowed")));
        cases.add(new MatrixCase("describe topic t-nothing by id", NOT_ALICE, p -> describeTopicById(p, "t-nothing")));
        cases.add(new MatrixCase("describe topic pre-missing (does not exist)", OUTSIDERS,
                p -> describeTopic(p.admin(), "pre-missing")));
        cases.add(new MatrixCase("create topic pre-new-<tag>", OUTSIDERS,
                p -> done(p.admin().createTopics(List.of(new NewTopic("pre-new-" + p.tag(), 1, (short) 1))).all())));
        // bob may CREATE pre-bob-*, and nothing else there: created, its configs hidden (topicConfigErrorCode)
        cases.add(new MatrixCase("create topic pre-bob-<tag>, configs shown", Set.of(ANON),
                p -> createShowingConfigs(p.admin(), "pre-bob-" + p.tag())));
        cases.add(new MatrixCase("create topic t-new-<tag>", NOT_ALICE,
                p -> done(p.admin().createTopics(List.of(new NewTopic("t-new-" + p.tag(), 1, (short) 1))).all())));
        cases.add(new MatrixCase("delete topic pre-del-<tag>", OUTSIDERS,
                p -> done(p.admin().deleteTopics(List.of("pre-del-" + p.tag())).all())));
        cases.add(new MatrixCase("create partitions pre-part-<tag> to 2", OUTSIDERS, p -> done(p.admin()
                .createPartitions(Map.of("pre-part-" + p.tag(), NewPartitions.increaseTo(2))).all())));
        cases.add(new MatrixCase("delete records pre-a", OUTSIDERS, p -> done(p.admin().deleteRecords(Map.of(
                new TopicPartition("pre-a", 0), RecordsToDelete.beforeOffset(0))).all())));
        cases.add(new MatrixCase("delete records t-allowed", NOT_ALICE, p -> done(p.admin().deleteRecords(Map.of(
                new TopicPartition("t-allowed", 0), RecordsToDelete.beforeOffset(0))).all())));
        cases.add(new MatrixCase("list offsets t-allowed", NOBODY, p -> done(p.admin().listOffsets(Map.of(
                new TopicPartition("t-allowed", 0), OffsetSpec.latest())).all())));
        cases.add(new MatrixCase("list offsets t-nothing", NOT_ALICE, p -> done(p.admin().listOffsets(Map.of(
                new TopicPartition("t-nothing", 0), OffsetSpec.latest())).all())));
        cases.add(new MatrixCase("describe producers t-allowed", OUTSIDERS,
                p -> done(p.admin().describeProducers(List.of(new TopicPartition("t-allowed", 0))).all())));

        // Configs
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, NODE);
        cases.add(new MatrixCase("describe configs topic t-allowed", OUTSIDERS,
                p -> describeConfigs(p, new ConfigResource(ConfigResource.Type.TOPIC, "t-allowed"))));
        cases.add(new MatrixCase("describe configs topic t-open", ONLY_BOB,
                p -> describeConfigs(p, new ConfigResource(ConfigResource.Type.TOPIC, "t-open"))));
        cases.add(new MatrixCase("alter configs topic pre-a", OUTSIDERS, p -> alterConfig(p,
                new ConfigResource(ConfigResource.Type.TOPIC, "pre-a"), "retention.ms", "3600000", false)));
        cases.add(new MatrixCase("alter configs topic t-allowed", NOT_ALICE, p -> alterConfig(p,
                new ConfigResource(ConfigResource.Type.TOPIC, "t-allowed"), "retention.ms", "3600000", false)));
        cases.add(new MatrixCase("describe configs broker", OUTSIDERS, p -> describeConfigs(p, broker)));
        cases.add(new MatrixCase("describe configs broker logger", OUTSIDERS,
                p -> describeConfigs(p, new ConfigResource(ConfigResource.Type.BROKER_LOGGER, NODE))));
        cases.add(new MatrixCase("alter configs broker logger (validate only)", NOT_ALICE, p -> alterConfig(p,
                new ConfigResource(ConfigResource.Type.BROKER_LOGGER, NODE), "root", "INFO", true)));
        cases.add(new MatrixCase("alter configs broker (validate only)", NOT_ALICE,
                p -> alterConfig(p, broker, "log.retention.ms", "3600000", true)));
        cases.add(new MatrixCase("describe configs group g-allowed", NOT_ALICE,
                p -> describeConfigs(p, new ConfigResource(ConfigResource.Type.GROUP, "g-allowed"))));

        // Transactions (admin side)
        cases.add(new MatrixCase("describe transactions tx-allowed", OUTSIDERS,
                p -> done(p.admin().describeTransactions(List.of("tx-allowed")).all())));
        cases.add(new MatrixCase("list transactions (visible)", NOBODY, p -> ok(get(p.admin().listTransactions()
                .all()).stream().map(TransactionListing::transactionalId).filter(id -> id.startsWith("tx-"))
                .toList())));

        // Cluster
        cases.add(new MatrixCase("describe cluster (authorized operations)", NOBODY, p -> {
            Set<AclOperation> ops = get(p.admin().describeCluster(new DescribeClusterOptions()
                    .includeAuthorizedOperations(true)).authorizedOperations());
            return ops == null ? "OK null" : ok(ops);
        }));
        cases.add(new MatrixCase("describe acls", OUTSIDERS,
                p -> "OK " + get(p.admin().describeAcls(AclBindingFilter.ANY).values()).size()));
        cases.add(new MatrixCase("create acls", NOT_ALICE, p -> done(p.admin().createAcls(List.of(new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "x-" + p.tag(), PatternType.LITERAL),
                new AccessControlEntry("User:nobody", "*", AclOperation.READ, AclPermissionType.ALLOW)))).all())));
        cases.add(new MatrixCase("delete acls", NOT_ALICE, p -> ok(get(p.admin().deleteAcls(List.of(
                new AclBindingFilter(new ResourcePatternFilter(ResourceType.TOPIC, "x-" + p.tag(), PatternType.LITERAL),
                        AccessControlEntryFilter.ANY))).all()))));
        cases.add(new MatrixCase("alter partition reassignments t-allowed-0 to [1]", NOT_ALICE, p -> done(p.admin()
                .alterPartitionReassignments(Map.of(new TopicPartition("t-allowed", 0), Optional.of(
                        new NewPartitionReassignment(List.of(Integer.parseInt(NODE)))))).all())));
        cases.add(new MatrixCase("list partition reassignments", OUTSIDERS,
                p -> ok(get(p.admin().listPartitionReassignments().reassignments()).keySet())));
        cases.add(new MatrixCase("describe log dirs", OUTSIDERS, p -> "OK " + get(p.admin()
                .describeLogDirs(List.of(Integer.parseInt(NODE))).allDescriptions()).get(Integer.parseInt(NODE))
                .size()));
        cases.add(new MatrixCase("elect leaders t-allowed", NOT_ALICE, p -> done(p.admin().electLeaders(
                ElectionType.PREFERRED, Set.of(new TopicPartition("t-allowed", 0))).all())));
        cases.add(new MatrixCase("describe client quotas", OUTSIDERS, p -> ok(get(p.admin()
                .describeClientQuotas(ClientQuotaFilter.all()).entities()).keySet().stream()
                .map(e -> e.entries().toString()).toList())));
        cases.add(new MatrixCase("alter client quotas", NOT_ALICE, p -> done(p.admin().alterClientQuotas(List.of(
                new ClientQuotaAlteration(new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "q-" + p.tag())),
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1.0e9))))).all())));
        cases.add(new MatrixCase("describe user scram credentials", OUTSIDERS,
                p -> ok(get(p.admin().describeUserScramCredentials().all()).keySet())));
        cases.add(new MatrixCase("alter user scram credentials", NOT_ALICE, p -> done(p.admin()
                .alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("scram-" + p.tag(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "secret"))).all())));
        return cases;
    }

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        return future.get(WAIT_S, TimeUnit.SECONDS);
    }

    private static String done(KafkaFuture<?> future) throws Exception {
        get(future);
        return "OK";
    }

    private static String produce(MatrixPrincipal p, String topic, Map<String, String> extra) throws Exception {
        KafkaProducer<String, String> producer = p.producer(extra);
        try {
            producer.send(new ProducerRecord<>(topic, p.tag(), "v")).get(WAIT_S, TimeUnit.SECONDS);
            return "OK";
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** initTransactions with {@code id}; then, given a topic, one record in a committed transaction. */
    private static String transaction(MatrixPrincipal p, String id, String topic) throws Exception {
        KafkaProducer<String, String> producer = p.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000"));
        try {
            producer.initTransactions();
            if (topic != null) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, p.tag(), "tx")).get(WAIT_S, TimeUnit.SECONDS);
                producer.commitTransaction();
            }
            return "OK";
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** assign + seekToBeginning + poll until a record comes ({@code OK}) or 5 s pass ({@code EMPTY}). */
    private static String consume(MatrixPrincipal p, String topic) {
        try (KafkaConsumer<String, String> consumer = p.consumer(Map.of())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return pollOne(consumer, Duration.ofSeconds(5)) ? "OK" : "EMPTY";
        }
    }

    private static String consumeInGroup(MatrixPrincipal p, String group, String topic) {
        return consumeInGroup(p, group, topic, Map.of());
    }

    /** subscribe in {@code group}, poll until a record comes, commit it ({@code OK}); none in 10 s: EMPTY. */
    private static String consumeInGroup(MatrixPrincipal p, String group, String topic, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        KafkaConsumer<String, String> consumer = p.consumer(settings);
        try {
            consumer.subscribe(List.of(topic));
            if (!pollOne(consumer, Duration.ofSeconds(10))) {
                return "EMPTY";
            }
            consumer.commitSync(Duration.ofSeconds(5));
            return "OK";
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * subscribe to {@code t-.*} in {@code group} with {@code protocol}; once partitions are assigned, polls a second
     * more and answers the assigned topics ({@code OK []} if nothing was assigned within 10 s).
     */
    private static String assignedByPattern(MatrixPrincipal p, String group, String protocol) {
        KafkaConsumer<String, String> consumer = p.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol));
        try {
            consumer.subscribe(Pattern.compile("t-.*"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!consumer.assignment().isEmpty() && System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200));
            }
            return ok(consumer.assignment().stream().map(TopicPartition::topic).distinct().toList());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** subscribe a share consumer of {@code group}, poll until a record comes ({@code OK}); none in 10 s: EMPTY. */
    private static String consumeShared(MatrixPrincipal p, String group, String topic) {
        KafkaShareConsumer<String, String> consumer = p.shareConsumer(group);
        try {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return "OK";
                }
            }
            return "EMPTY";
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A transaction of tx-allowed committing one record and, as the consumer of {@code group}, offset 1 of it. */
    private static String transactionWithOffsets(MatrixPrincipal p, String group) throws Exception {
        KafkaProducer<String, String> producer = p.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "tx-allowed", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.MAX_BLOCK_MS_CONFIG,
                "10000"));
        try {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("t-allowed", p.tag(), "tx")).get(WAIT_S, TimeUnit.SECONDS);
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition("t-allowed", 0), new OffsetAndMetadata(1)),
                    new ConsumerGroupMetadata(group));
            producer.commitTransaction();
            return "OK";
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static boolean pollOne(KafkaConsumer<String, String> consumer, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String describeTopic(Admin admin, String topic) throws Exception {
        TopicDescription d = get(admin.describeTopics(List.of(topic), new DescribeTopicsOptions()
                .includeAuthorizedOperations(true)).allTopicNames()).get(topic);
        return d.authorizedOperations() == null ? "OK null" : ok(d.authorizedOperations());
    }

    private static String describeTopicById(MatrixPrincipal p, String topic) throws Exception {
        get(p.admin().describeTopics(TopicCollection.ofTopicIds(List.of(p.topicId(topic)))).allTopicIds());
        return "OK";
    }

    /** Creates the topic; {@code OK}, then {@code OK} or what reading its configs from the answer raised. */
    private static String createShowingConfigs(Admin admin, String topic) throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        get(created.all());
        return "OK configs " + MatrixOutcome.of(() -> {
            get(created.config(topic));
            return "OK";
        });
    }

    private static String describeConfigs(MatrixPrincipal p, ConfigResource resource) throws Exception {
        get(p.admin().describeConfigs(List.of(resource)).all());
        return "OK";
    }

    private static String alterConfig(MatrixPrincipal p, ConfigResource resource, String key, String value,
                                      boolean validateOnly) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
        return done(p.admin().incrementalAlterConfigs(change, new AlterConfigsOptions().validateOnly(validateOnly))
                .all());
    }

    /** The ACLs the matrix grants (the setup creates them as the super user {@code admin}). */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow("User:alice", ResourceType.TOPIC, "t-allowed", PatternType.LITERAL, op));
        }
        acls.add(allow("User:alice", ResourceType.TOPIC, "pre-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow("User:bob", ResourceType.TOPIC, "t-allowed", PatternType.LITERAL, AclOperation.DESCRIBE));
        acls.add(allow("User:bob", ResourceType.TOPIC, "pre-bob-", PatternType.PREFIXED, AclOperation.CREATE));
        // host ACLs: ANONYMOUS from loopback may describe t-allowed; bob only from an address he is not on
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t-allowed", PatternType.LITERAL),
                new AccessControlEntry("User:ANONYMOUS", "127.0.0.1", AclOperation.DESCRIBE,
                        AclPermissionType.ALLOW)));
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t-allowed", PatternType.LITERAL),
                new AccessControlEntry("User:bob", "10.9.9.9", AclOperation.DESCRIBE_CONFIGS,
                        AclPermissionType.ALLOW)));
        acls.add(allow("User:*", ResourceType.TOPIC, "t-open", PatternType.LITERAL, AclOperation.ALL));
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t-open", PatternType.LITERAL),
                new AccessControlEntry("User:bob", "*", AclOperation.ALL, AclPermissionType.DENY)));
        acls.add(allow("User:alice", ResourceType.GROUP, "g-allowed", PatternType.LITERAL, AclOperation.READ));
        acls.add(allow("User:alice", ResourceType.GROUP, "g-del-", PatternType.PREFIXED, AclOperation.DELETE));
        acls.add(allow("User:*", ResourceType.GROUP, "g-open", PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow("User:alice", ResourceType.TRANSACTIONAL_ID, "tx-allowed", PatternType.LITERAL,
                AclOperation.WRITE));
        acls.add(allow("User:alice", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                AclOperation.DESCRIBE));
        acls.add(allow("User:alice", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
                AclOperation.DESCRIBE_CONFIGS));
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    /** The share groups the share cases use: the setup makes them read from the earliest offset. */
    static List<String> shareGroups(Collection<String> tags) {
        return tags.stream().flatMap(tag -> java.util.stream.Stream.of("g-open-share-" + tag, "g-share-" + tag))
                .toList();
    }

    /** The topics the setup creates: the fixed ones and each principal's own. */
    static List<String> setupTopics(Collection<String> tags) {
        Set<String> topics = new TreeSet<>(FIXED_TOPICS);
        for (String tag : tags) {
            topics.add("pre-del-" + tag);
            topics.add("pre-part-" + tag);
        }
        return List.copyOf(topics);
    }
}
