package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache's {@code kafka-leader-election.sh} ({@code LeaderElectionCommand} of kafka-tools 4.3.1, with its own
 * kafka-clients) against three Tributary processes ({@link TributaryCluster}): the preferred replica of a topic's
 * partitions is stopped (SIGTERM: a controlled shutdown moves its leaderships), started again on its data and waited
 * for in every ISR; then {@code --election-type preferred} with {@code --topic/--partition} and with
 * {@code --all-topic-partitions} gives it its leaderships back and prints what Kafka prints, a second run reports the
 * election as not needed, and an unknown partition fails the tool. Automatic leader balancing is off here, so only
 * the tool moves leaders.
 */
class LeaderElectionToolCompatTest {

    private static final String TOPIC = "elected";
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TributaryCluster cluster;
    private Admin admin;
    private KafkaTool tools;

    @BeforeEach
    void start() throws Exception {
        tools = KafkaTool.locate(dir);
        cluster = TributaryCluster.startWithoutLeaderBalancing(dir);
        admin = cluster.admin();
    }

    @AfterEach
    void stop() {
        TributaryCluster.close(admin, cluster);
    }

    private KafkaTool.Result election(String... args) throws Exception {
        return tools.runAgainst(cluster, "LeaderElectionCommand", args);
    }

    /** Each partition's leader id (-1: none), once the topic can be described. */
    private List<Integer> leaders() throws Exception {
        TopicDescription d = Await.value(TOPIC + " described", WAIT, () -> TributaryCluster.describe(admin, TOPIC),
                () -> "");
        return d.partitions().stream().map(p -> p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id())
                .toList();
    }

    private Optional<TopicDescription> described(java.util.function.Predicate<TopicPartitionInfo> each)
            throws InterruptedException {
        return TributaryCluster.describe(admin, TOPIC).filter(d -> d.partitions().size() == PARTITIONS
                && d.partitions().stream().allMatch(each));
    }

    /** The comma-separated partitions of the tool's line starting with {@code prefix}, sorted. */
    private static List<String> partitionsOf(KafkaTool.Result result, String prefix) {
        String line = result.lines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "'\n" + result));
        return Arrays.stream(line.substring(prefix.length()).split(",")).map(String::trim).sorted().toList();
    }

    @Test
    void preferredElectionByPartitionAndForAllPartitionsMovesLeadershipBack() throws Exception {
        int controller = admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id();
        int preferred = controller == 1 ? 2 : 1;   // not the controller: the quorum keeps its leader meanwhile
        int third = 6 - controller - preferred;
        Map<Integer, List<Integer>> assignments = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            assignments.put(p, p % 2 == 0 ? List.of(preferred, controller, third)
                    : List.of(preferred, third, controller));
        }
        admin.createTopics(List.of(new NewTopic(TOPIC, assignments))).all().get(60, TimeUnit.SECONDS);
        Await.until("node " + preferred + " leads every partition with three in-sync replicas", WAIT,
                () -> described(p -> p.leader() != null && p.leader().id() == preferred && p.isr().size() == 3)
                        .isPresent());

        cluster.node(preferred).stop();
        Await.until("the leaderships moved off node " + preferred, WAIT,
                () -> described(p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != preferred)
                        .isPresent());
        cluster.node(preferred).start();
        Await.until("node " + preferred + " is back in every ISR", WAIT,
                () -> described(p -> p.isr().size() == 3).isPresent());
        assertThat(leaders()).doesNotContain(preferred);

        KafkaTool.Result one = election("--election-type", "preferred", "--topic", TOPIC, "--partition", "0");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.lines()).as(one.toString())
                .contains("Successfully completed leader election (PREFERRED) for partitions " + TOPIC + "-0");
        Await.until("node " + preferred + " leads partition 0", WAIT, () -> leaders().get(0) == preferred);
        assertThat(leaders().subList(1, PARTITIONS)).doesNotContain(preferred);

        KafkaTool.Result again = election("--election-type", "preferred", "--topic", TOPIC, "--partition", "0");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.lines()).as(again.toString())
                .contains("Valid replica already elected for partitions " + TOPIC + "-0");

        KafkaTool.Result all = election("--election-type", "preferred", "--all-topic-partitions");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(partitionsOf(all, "Successfully completed leader election (PREFERRED) for partitions "))
                .as(all.toString()).containsExactly(TOPIC + "-1", TOPIC + "-2");
        Await.until("node " + preferred + " leads every partition", WAIT,
                () -> leaders().stream().allMatch(l -> l == preferred));

        KafkaTool.Result none = election("--election-type", "preferred", "--all-topic-partitions");
        assertThat(none.exitCode()).as(none.toString()).isZero();
        assertThat(none.stdout()).as("partitions needing no election are not listed for all partitions\n" + none)
                .doesNotContain("Successfully completed").doesNotContain("Error completing");

        KafkaTool.Result unknown = election("--election-type", "preferred", "--topic", TOPIC, "--partition", "9");
        assertThat(unknown.exitCode()).as(unknown.toString()).isNotZero();
        assertThat(unknown.stdout() + unknown.stderr()).as(unknown.toString())
                .contains("Error completing leader election (PREFERRED) for partition: " + TOPIC + "-9: ")
                .contains("UnknownTopicOrPartitionException");
    }
}
