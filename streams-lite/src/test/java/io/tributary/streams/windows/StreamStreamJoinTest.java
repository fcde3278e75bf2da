package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.JoinWindows;
import io.tributary.streams.KStream;
import io.tributary.streams.KeyValue;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamJoined;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.Topology;
import io.tributary.streams.internal.dsl.DroppedRecords;
import io.tributary.streams.processor.Record;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class StreamStreamJoinTest {

    enum Kind { INNER, LEFT, OUTER }

    private static final JoinWindows WINDOWS = JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(10),
            Duration.ofMillis(5)).after(Duration.ofMillis(20));

    /** One input record of the oracle: side, key, value, timestamp. */
    record In(boolean left, String key, String value, long ts) {
    }

    static Topology join(Kind kind, JoinWindows windows) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> right = builder.stream("right", Consumed.with(Serdes.String(), Serdes.String()));
        StreamJoined<String, String, String> joined = StreamJoined.with(Serdes.String(), Serdes.String(),
                Serdes.String());
        KStream<String, String> out = switch (kind) {
            case INNER -> left.join(right, (l, r) -> l + "+" + r, windows, joined);
            case LEFT -> left.leftJoin(right, (l, r) -> l + "+" + r, windows, joined);
            case OUTER -> left.outerJoin(right, (l, r) -> l + "+" + r, windows, joined);
        };
        out.to("joined", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /**
     * The join by brute force over the whole input: a record is accepted unless its window (t + after + grace, the
     * other side's before standing in for after on the right) is behind stream time; accepted records of the two
     * sides with one key match when the right one is within [t - before, t + after] of the left one; unmatched
     * accepted records are emitted once closed (t + before + after + grace behind the final stream time).
     */
    static List<String> oracle(List<In> input, Kind kind, JoinWindows w, long[] late) {
        List<In> accepted = new ArrayList<>();
        long streamTime = -1;
        for (In r : input) {
            streamTime = Math.max(streamTime, r.ts());
            long after = r.left() ? w.afterMs() : w.beforeMs();
            if (r.ts() + after + w.graceMs() < streamTime) {
                late[0]++;
            } else {
                accepted.add(r);
            }
        }
        List<String> out = new ArrayList<>();
        for (In l : accepted) {
            if (!l.left()) {
                continue;
            }
            for (In r : accepted) {
                if (!r.left() && r.key().equals(l.key()) && r.ts() >= l.ts() - w.beforeMs()
                        && r.ts() <= l.ts() + w.afterMs()) {
                    out.add(l.key() + "|" + l.value() + "+" + r.value() + "|" + Math.max(l.ts(), r.ts()));
                }
            }
        }
        long finalTime = streamTime;
        for (In a : accepted) {
            boolean emitsUnmatched = kind == Kind.OUTER || (kind == Kind.LEFT && a.left());
            boolean closed = a.ts() + w.beforeMs() + w.afterMs() + w.graceMs() < finalTime;
            boolean matched = accepted.stream().anyMatch(b -> b.left() != a.left() && b.key().equals(a.key())
                    && (a.left() ? b.ts() >= a.ts() - w.beforeMs() && b.ts() <= a.ts() + w.afterMs()
                    : a.ts() >= b.ts() - w.beforeMs() && a.ts() <= b.ts() + w.afterMs()));
            if (emitsUnmatched && closed && !matched) {
                out.add(a.key() + "|" + (a.left() ? a.value() + "+null" : "null+" + a.value()) + "|" + a.ts());
            }
        }
        out.sort(null);
        return out;
    }

    private static void matchesTheOracle(Kind kind) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<In> input = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < 300; i++) {
            time += random.nextInt(6);
            long ts = random.nextInt(5) == 0 ? Math.max(0, time - random.nextInt(60)) : time;
            input.add(new In(random.nextBoolean(), "k" + random.nextInt(4), "v" + i, ts));
        }
        long[] late = new long[1];
        List<String> expected = oracle(input, kind, WINDOWS, late);
        Topology topology = join(kind, WINDOWS);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            TestInputTopic<String, String> left = driver.createInputTopic("left", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestInputTopic<String, String> right = driver.createInputTopic("right", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("joined", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            for (In r : input) {
                (r.left() ? left : right).pipeInput(r.key(), r.value(), r.ts());
            }
            List<String> actual = new ArrayList<>();
            while (!out.isEmpty()) {
                Record<String, String> rec = out.readRecord();
                actual.add(rec.key() + "|" + rec.value() + "|" + rec.timestamp());
            }
            actual.sort(null);
            assertThat(actual).as("seed %d", seed).containsExactlyElementsOf(expected);
            assertThat(late[0]).as("seed %d: the input has late records", seed).isPositive();
            assertThat(DroppedRecords.total(topology)).as("seed %d", seed).isEqualTo(late[0]);
        }
    }

    @Test
    void innerJoinEqualsTheBruteForceOracle() {
        matchesTheOracle(Kind.INNER);
    }

    @Test
    void leftJoinEqualsTheBruteForceOracle() {
        matchesTheOracle(Kind.LEFT);
    }

    @Test
    void outerJoinEqualsTheBruteForceOracle() {
        matchesTheOracle(Kind.OUTER);
    }

    @Test
    void leftJoinEmitsTheUnmatchedResultOnlyAfterTheWindowClosesAndNeverASpuriousOne() {
        JoinWindows windows = JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(10));
        try (TopologyTestDriver driver = new TopologyTestDriver(join(Kind.LEFT, windows))) {
            TestInputTopic<String, String> left = driver.createInputTopic("left", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestInputTopic<String, String> right = driver.createInputTopic("right", Serdes.String().serializer(),
                    Serdes.String().serializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("joined", Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            left.pipeInput("a", "A1", 0);
            left.pipeInput("b", "B1", 0);
            right.pipeInput("a", "a1", 10); // matches A1: no A1+null ever
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("a", "A1+a1"));
            right.pipeInput("z", "z", 20); // B1 closes after 0 + 10 + 10 + 0 < stream time
            assertThat(out.isEmpty()).isTrue();
            right.pipeInput("z", "z", 21);
            assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("b", "B1+null"));
        }
    }

    @Test
    void aSideWhoseKeyChangedIsRepartitionedBeforeTheJoin() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> right = builder.stream("right", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((k, v) -> v.substring(0, 1));
        left.join(right, (l, r) -> l + "+" + r, JoinWindows.ofTimeDifferenceWithNoGrace(Duration.ofMillis(5)),
                StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String()))
                .to("joined", Produced.with(Serdes.String(), Serdes.String()));
        Topology topology = builder.build();
        assertThat(topology.describe()).contains("-right-repartition");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology)) {
            driver.createInputTopic("left", Serdes.String().serializer(), Serdes.String().serializer())
                    .pipeInput("x", "L", 1);
            driver.createInputTopic("right", Serdes.String().serializer(), Serdes.String().serializer())
                    .pipeInput("ignored", "xR", 2);
            assertThat(driver.createOutputTopic("joined", Serdes.String().deserializer(),
                    Serdes.String().deserializer()).readKeyValuesToList())
                    .containsExactly(KeyValue.pair("x", "L+xR"));
            assertThat(driver.producedTopicNames()).anyMatch(t -> t.endsWith("-store-changelog"));
        }
    }
}
