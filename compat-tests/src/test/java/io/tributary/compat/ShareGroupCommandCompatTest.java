package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: Apache's {@code kafka-share-groups} tool ({@code ShareGroupCommand} of kafka-tools 4.4) against
 * Tributary — list, describe (members, offsets with lag), reset of the start offset, delete.
 */
class ShareGroupCommandCompatTest {

    private static final String TOOL = "consumer.group.ShareGroupCommand";

    @TempDir
    static Path dir;
    private static TributaryProcess broker;
    private static KafkaTool tools;

    @BeforeAll
    static void start() throws Exception {
        broker = new TributaryProcess(dir).start();
        tools = KafkaTool.locate(dir);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private KafkaTool.Result tool(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrap();
        System.arraycopy(args, 0, all, 2, args.length);
        KafkaTool.Result r = tools.run(TOOL, all);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    /** Consumes (implicit acknowledgement) until {@code n} distinct records came; returns with the member still in. */
    private static void consumeAll(KafkaShareConsumer<byte[], byte[]> c, int n) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Await.until(n + " records", Duration.ofSeconds(60), () -> {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                seen.add(r.partition() + ":" + r.offset());
            }
            return seen.size() >= n;
        }, () -> seen.size() + " of " + n);
        c.commitSync();
    }

    @Test
    void listDescribeResetAndDeleteAShareGroup() throws Exception {
        String topic = "tool-share";
        String group = "tool-share-group";
        try (Admin admin = broker.admin()) {
            ShareGroupsCompatTest.createTopic(admin, topic, 2);
            ShareGroupsCompatTest.groupConfig(admin, group, Map.of("share.auto.offset.reset", "earliest"));
        }
        ShareGroupsCompatTest.produce(broker.bootstrap(), topic, 2, 100);
        try (KafkaShareConsumer<byte[], byte[]> c = new KafkaShareConsumer<>(ShareMember.config(broker.bootstrap(),
                group, "implicit"))) {
            c.subscribe(List.of(topic));
            consumeAll(c, 100);
            assertThat(tool("--list").lines()).contains(group);

            KafkaTool.Result members = tool("--describe", "--group", group, "--members");
            assertThat(members.stdout()).contains(group).contains(topic + ":0,1");

            Await.until("offsets at the log end", Duration.ofSeconds(20), () -> {
                String offsets = tool("--describe", "--group", group, "--offsets").stdout();
                return offsetLines(offsets, topic).stream().allMatch(l -> l.matches(".*\\s50\\s+0\\s*$"));
            }, () -> "describe --offsets said:\n" + quietly(() -> describeOffsets(group)));
        }
        // the group is empty now: its start offsets may be reset
        tool("--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute");
        assertThat(offsetLines(describeOffsets(group), topic)).allMatch(l -> l.matches(".*\\s0\\s+50\\s*$"));
        try (KafkaShareConsumer<byte[], byte[]> again = new KafkaShareConsumer<>(ShareMember.config(
                broker.bootstrap(), group, "implicit"))) {
            again.subscribe(List.of(topic));
            consumeAll(again, 100);
        }
        KafkaTool.Result deleted = tool("--delete", "--group", group);
        assertThat(deleted.stdout()).contains(group);
        assertThat(tool("--list").lines()).doesNotContain(group);
    }

    private static String quietly(java.util.concurrent.Callable<String> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private String describeOffsets(String group) throws Exception {
        return tool("--describe", "--group", group, "--offsets").stdout();
    }

    /** The describe --offsets rows of {@code topic}: GROUP TOPIC PARTITION START-OFFSET LAG (Kafka 4.4's columns). */
    private static List<String> offsetLines(String output, String topic) {
        return output.lines().filter(l -> l.contains(" " + topic + " ")).map(String::trim).toList();
    }
}
