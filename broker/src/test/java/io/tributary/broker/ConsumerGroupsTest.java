package io.tributary.broker;

import static io.tributary.broker.TestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups with the classic protocol, kafka-clients 4.4 over a socket: members split a topic's partitions,
 * a joining and a leaving member make the group rebalance, commits land at the log end, and a restarted broker
 * hands a new member the committed offsets.
 */
class ConsumerGroupsTest {

    private static final String TOPIC = "events";
    private static final int PARTITIONS = 6;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Map<String, String> SETTINGS = Map.of(
            "group.initial.rebalance.delay.ms", "200",
            "group.min.session.timeout.ms", "1000",
            "offsets.topic.num.partitions", "10");

    @TempDir
    Path dir;

    private static Set<TopicPartition> allPartitions() {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).collect(Collectors.toSet());
    }

    private static void produce(String bootstrap, int from, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // One request at a time: the listener runs a connection's requests concurrently (answering in order), so
        // pipelined produce requests can reach the log out of order (OUT_OF_ORDER_SEQUENCE_NUMBER retries, at worst
        // a retry loop). That is the network layer's to fix; these tests are about groups.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                acks.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    /** Creates the topic and waits until every partition has its leader here (ListOffsets answers for it). */
    private static void createTopic(TestBroker broker) throws Exception {
        broker.admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        await("every partition of " + TOPIC + " is led here", DEADLINE, () -> {
            try {
                return endOffsets(broker).size() == PARTITIONS;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static Map<TopicPartition, Long> endOffsets(TestBroker broker) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        allPartitions().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : broker.admin.listOffsets(latest).all().get().entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private static Map<TopicPartition, Long> committed(TestBroker broker, String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : broker.admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getValue() != null) {
                out.put(e.getKey(), e.getValue().offset());
            }
        }
        return out;
    }

    private static int count(Map<TopicPartition, Set<Long>> seen) {
        return seen.values().stream().mapToInt(Set::size).sum();
    }

    private static boolean committedAtEnd(TestBroker broker, String group) {
        try {
            return committed(broker, group).equals(endOffsets(broker));
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertHealthy(List<GroupConsumer> members) {
        for (GroupConsumer m : members) {
            assertThat(m.failure()).isNull();
        }
    }

    @Test
    void membersSplitPartitionsRebalanceOnJoinAndLeaveAndANewMemberResumesFromCommittedOffsetsAfterARestart()
            throws Exception {
        TestBroker broker = TestBroker.start(dir, SETTINGS);
        Map<TopicPartition, Long> committedBeforeRestart;
        try {
            createTopic(broker);
            produce(broker.bootstrap(), 0, 20_000);
            Map<TopicPartition, Set<Long>> seen = new ConcurrentHashMap<>();
            List<GroupConsumer> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(new GroupConsumer(broker.bootstrap(), "readers", TOPIC, seen));
            }
            await("three members split the six partitions", DEADLINE,
                    () -> GroupConsumer.splitExactly(members, allPartitions()));
            members.forEach(m -> assertThat(m.assignment()).hasSize(2));
            await("all 20,000 records were consumed", DEADLINE, () -> count(seen) == 20_000);
            await("the committed offsets reach the log end", DEADLINE, () -> committedAtEnd(broker, "readers"));
            assertThat(endOffsets(broker).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
            int firstGeneration = members.get(0).generation();

            members.add(new GroupConsumer(broker.bootstrap(), "readers", TOPIC, seen));
            await("a fourth member makes the group rebalance over four", DEADLINE,
                    () -> GroupConsumer.splitExactly(members, allPartitions()));
            int secondGeneration = members.get(0).generation();
            assertThat(secondGeneration).isGreaterThan(firstGeneration);
            assertThat(members.get(3).assignment()).isNotEmpty();

            ConsumerGroupDescription described = broker.admin.describeConsumerGroups(List.of("readers"))
                    .describedGroups().get("readers").get();
            assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(described.members()).hasSize(4);
            assertThat(described.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(Collectors.toSet())).isEqualTo(allPartitions());

            GroupConsumer leaving = members.remove(0);
            Set<TopicPartition> handedOver = leaving.assignment();
            leaving.close();
            assertThat(leaving.failure()).isNull();
            await("the others take over the partitions of the member that left", DEADLINE,
                    () -> GroupConsumer.splitExactly(members, allPartitions()));
            assertThat(members.get(0).generation()).isGreaterThan(secondGeneration);
            assertThat(handedOver).isNotEmpty();

            produce(broker.bootstrap(), 20_000, 600);
            await("the 600 new records were consumed too", DEADLINE, () -> count(seen) == 20_600);
            await("the committed offsets reach the new log end", DEADLINE, () -> committedAtEnd(broker, "readers"));
            assertHealthy(members);
            for (GroupConsumer m : members) {
                m.close();
            }
            assertHealthy(members);
            committedBeforeRestart = committed(broker, "readers");
            assertThat(broker.admin.listGroups().all().get()).anyMatch(g -> g.groupId().equals("readers"));
        } finally {
            broker.close();
        }

        TestBroker restarted = broker.startAgain();
        try {
            await("the committed offsets are back after the restart", DEADLINE, () -> {
                try {
                    return committed(restarted, "readers").equals(committedBeforeRestart);
                } catch (Exception e) {
                    return false;
                }
            });
            produce(restarted.bootstrap(), 20_600, 60);
            Map<TopicPartition, Set<Long>> seen = new ConcurrentHashMap<>();
            try (GroupConsumer resumed = new GroupConsumer(restarted.bootstrap(), "readers", TOPIC, seen)) {
                await("the new member reads the 60 records produced after the restart", DEADLINE,
                        () -> count(seen) >= 60);
                await("its commits reach the log end", DEADLINE, () -> committedAtEnd(restarted, "readers"));
                assertThat(resumed.failure()).isNull();
            }
            assertThat(count(seen)).isEqualTo(60);
            seen.forEach((tp, offsets) -> assertThat(offsets.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .isEqualTo(committedBeforeRestart.get(tp)));
        } finally {
            restarted.close();
        }
    }

    @Test
    void twoGroupsEachSeeEveryRecord() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, SETTINGS)) {
            createTopic(broker);
            produce(broker.bootstrap(), 0, 5_000);
            Map<TopicPartition, Set<Long>> first = new ConcurrentHashMap<>();
            Map<TopicPartition, Set<Long>> second = new ConcurrentHashMap<>();
            List<GroupConsumer> members = List.of(
                    new GroupConsumer(broker.bootstrap(), "billing", TOPIC, first),
                    new GroupConsumer(broker.bootstrap(), "billing", TOPIC, first),
                    new GroupConsumer(broker.bootstrap(), "audit", TOPIC, second));
            try {
                await("both groups consumed all 5,000 records", DEADLINE,
                        () -> count(first) == 5_000 && count(second) == 5_000);
                await("both groups committed up to the log end", DEADLINE,
                        () -> committedAtEnd(broker, "billing") && committedAtEnd(broker, "audit"));
                assertHealthy(members);
                Set<String> groups = new HashSet<>();
                broker.admin.listGroups().all().get().forEach(g -> groups.add(g.groupId()));
                assertThat(groups).contains("billing", "audit");
            } finally {
                for (GroupConsumer m : members) {
                    m.close();
                }
            }
        }
    }
}
