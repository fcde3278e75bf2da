package io.tributary.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.processor.TaskId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.junit.jupiter.api.Test;

class TaskAssignorTest {

    private static List<TaskId> tasks(int subtopologies, int partitions) {
        List<TaskId> tasks = new ArrayList<>();
        for (int s = 0; s < subtopologies; s++) {
            for (int p = 0; p < partitions; p++) {
                tasks.add(new TaskId(s, p));
            }
        }
        return tasks;
    }

    private static Subscription member(String userData) {
        return new Subscription(List.of("t"), ByteBuffer.wrap(userData.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everySubtopologyIsSpreadEvenlyAcrossTheMembers() {
        Map<String, Subscription> members = new TreeMap<>(Map.of("a", member(""), "b", member(""),
                "c", member("")));
        Map<String, List<TaskId>> assignment = TaskAssignor.assignTasks(tasks(2, 6), members);
        for (List<TaskId> owned : assignment.values()) {
            assertThat(owned).hasSize(4);
            assertThat(owned.stream().filter(t -> t.subtopology() == 1)).hasSize(2);
        }
    }

    @Test
    void ownersKeepTheirTasksAndAStatefulTaskGoesWhereItsStateIs() {
        // a owns all of sub-topology 1 (it took b's when b died); b is back with the state of 1_3..1_5 on disk.
        Map<String, Subscription> members = new TreeMap<>(Map.of(
                "a", member("0_0 0_1 0_2 0_3 0_4 0_5 1_0 1_1 1_2 1_3 1_4 1_5|"),
                "b", member("|1_3 1_4 1_5 1_0")));
        Map<String, List<TaskId>> assignment = TaskAssignor.assignTasks(tasks(2, 6), members);
        // a keeps its fair share of each sub-topology (the first three it lists); b gets the rest.
        assertThat(assignment.get("a")).containsExactlyInAnyOrder(new TaskId(0, 0), new TaskId(0, 1),
                new TaskId(0, 2), new TaskId(1, 0), new TaskId(1, 1), new TaskId(1, 2));
        assertThat(assignment.get("b")).contains(new TaskId(1, 3), new TaskId(1, 4), new TaskId(1, 5));
    }

    @Test
    void unreadablePreferencesAreIgnored() {
        Map<String, Subscription> members = new TreeMap<>(Map.of("a", member("garbage|x_y"), "b",
                new Subscription(List.of("t"))));
        Map<String, List<TaskId>> assignment = TaskAssignor.assignTasks(tasks(1, 4), members);
        assertThat(assignment.get("a")).hasSize(2);
        assertThat(assignment.get("b")).hasSize(2);
    }

    @Test
    void preferencesRoundTrip() {
        var p = new TaskAssignor.Preferences(List.of(new TaskId(0, 1), new TaskId(1, 1)), List.of(new TaskId(1, 3)));
        assertThat(p.encode()).isEqualTo("0_1 1_1|1_3");
        assertThat(TaskAssignor.Preferences.decode(ByteBuffer.wrap(p.encode().getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(p);
    }
}
