package io.tributary.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.Consumed;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.TimeWindows;
import io.tributary.streams.Window;
import io.tributary.streams.Windowed;
import io.tributary.streams.WindowedSerdes;
import io.tributary.streams.processor.Record;
import io.tributary.streams.test.TopologyTestDriver;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.internals.SessionWindow;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.junit.jupiter.api.Test;

/** Our windowed keys as Kafka Streams' own {@code WindowedSerdes} read and write them. */
class WindowedSerdesCompatibilityTest {

    @Test
    void kafkasTimeWindowedSerdeDecodesOurBytesAndWeDecodeItsBytes() {
        Serde<Windowed<String>> ours = WindowedSerdes.timeWindowedSerdeFrom(String.class, 60_000);
        Serde<org.apache.kafka.streams.kstream.Windowed<String>> kafkas =
                org.apache.kafka.streams.kstream.WindowedSerdes.timeWindowedSerdeFrom(String.class, 60_000);
        byte[] bytes = ours.serializer().serialize("t", new Windowed<>("user-7", new Window(120_000, 180_000)));
        var decoded = kafkas.deserializer().deserialize("t", bytes);
        assertThat(decoded.key()).isEqualTo("user-7");
        assertThat(decoded.window().start()).isEqualTo(120_000);
        assertThat(decoded.window().end()).isEqualTo(180_000);
        byte[] theirs = kafkas.serializer().serialize("t", new org.apache.kafka.streams.kstream.Windowed<>("k",
                new TimeWindow(5_000, 65_000)));
        assertThat(theirs).isEqualTo(ours.serializer().serialize("t", new Windowed<>("k", new Window(5_000,
                65_000))));
        assertThat(ours.deserializer().deserialize("t", theirs)).isEqualTo(new Windowed<>("k",
                new Window(5_000, 65_000)));
    }

    @Test
    void kafkasSessionWindowedSerdeDecodesOurBytesAndWeDecodeItsBytes() {
        Serde<Windowed<Long>> ours = WindowedSerdes.sessionWindowedSerdeFrom(Long.class);
        Serde<org.apache.kafka.streams.kstream.Windowed<Long>> kafkas =
                org.apache.kafka.streams.kstream.WindowedSerdes.sessionWindowedSerdeFrom(Long.class);
        byte[] bytes = ours.serializer().serialize("t", new Windowed<>(42L, new Window(1_000, 7_500)));
        var decoded = kafkas.deserializer().deserialize("t", bytes);
        assertThat(decoded.key()).isEqualTo(42L);
        assertThat(decoded.window().start()).isEqualTo(1_000);
        assertThat(decoded.window().end()).isEqualTo(7_500);
        byte[] theirs = kafkas.serializer().serialize("t", new org.apache.kafka.streams.kstream.Windowed<>(9L,
                new SessionWindow(10, 20)));
        assertThat(ours.deserializer().deserialize("t", theirs)).isEqualTo(new Windowed<>(9L, new Window(10, 20)));
    }

    @Test
    void aWindowedCountsOutputTopicIsReadableWithKafkasDeserializer() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("events", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .count(Materialized.as("counts"))
                .toStream()
                .to("out", Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, 60_000),
                        Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            driver.createInputTopic("events", Serdes.String().serializer(), Serdes.String().serializer())
                    .pipeInput("a", "x", 61_000);
            Record<org.apache.kafka.streams.kstream.Windowed<String>, Long> record = driver.createOutputTopic("out",
                    org.apache.kafka.streams.kstream.WindowedSerdes.timeWindowedSerdeFrom(String.class, 60_000)
                            .deserializer(), Serdes.Long().deserializer()).readRecord();
            assertThat(record.key().key()).isEqualTo("a");
            assertThat(record.key().window().start()).isEqualTo(60_000);
            assertThat(record.key().window().end()).isEqualTo(120_000);
            assertThat(record.value()).isEqualTo(1L);
        }
    }
}
