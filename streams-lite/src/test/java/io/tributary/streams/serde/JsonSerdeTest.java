package io.tributary.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.streams.Consumed;
import io.tributary.streams.Materialized;
import io.tributary.streams.Produced;
import io.tributary.streams.StreamsBuilder;
import io.tributary.streams.test.TestInputTopic;
import io.tributary.streams.test.TestOutputTopic;
import io.tributary.streams.test.TopologyTestDriver;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    record Order(String customer, long cents) {
    }

    @Test
    void recordsRoundTripAndUnknownFieldsAreIgnored() {
        JsonSerde<Order> serde = new JsonSerde<>(Order.class);
        byte[] bytes = serde.serializer().serialize("t", new Order("ann", 250));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"customer\":\"ann\",\"cents\":250}");
        assertThat(serde.deserializer().deserialize("t", "{\"customer\":\"bo\",\"cents\":1,\"new\":true}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new Order("bo", 1));
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("orders", "nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("orders")
                .hasMessageContaining("Order");
    }

    @Test
    void aTopologySumsJsonValuesPerKey() {
        JsonSerde<Order> orders = new JsonSerde<>(Order.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("orders", Consumed.with(Serdes.String(), orders))
                .groupBy((k, o) -> o.customer(), io.tributary.streams.Grouped.with(Serdes.String(), orders))
                .aggregate(() -> 0L, (k, o, sum) -> sum + o.cents(),
                        Materialized.<String, Long>as("spend").withValueSerde(Serdes.Long()))
                .toStream().to("spend", Produced.with(Serdes.String(), Serdes.Long()));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build())) {
            TestInputTopic<String, Order> in = driver.createInputTopic("orders", Serdes.String().serializer(),
                    orders.serializer());
            in.pipeInput("o1", new Order("ann", 100));
            in.pipeInput("o2", new Order("bo", 5));
            in.pipeInput("o3", new Order("ann", 50));
            TestOutputTopic<String, Long> out = driver.createOutputTopic("spend", Serdes.String().deserializer(),
                    Serdes.Long().deserializer());
            assertThat(out.readKeyValuesToMap()).containsEntry("ann", 150L).containsEntry("bo", 5L).hasSize(2);
        }
    }
}
