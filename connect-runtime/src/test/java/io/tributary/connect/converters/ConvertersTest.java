package io.tributary.connect.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.BooleanSerializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.junit.jupiter.api.Test;

/** The converters Apache ships in its worker, under their Apache behaviour: bytes as Kafka's serializers write them. */
class ConvertersTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- ByteArrayConverter

    @Test
    void byteArrayPassesBytesThroughUnchanged() {
        ByteArrayConverter c = new ByteArrayConverter();
        c.configure(Map.of(), false);
        byte[] bytes = {1, 2, 3, -1};

        assertThat(c.fromConnectData("t", Schema.BYTES_SCHEMA, bytes)).isSameAs(bytes);
        assertThat(c.fromConnectData("t", null, bytes)).isSameAs(bytes);
        SchemaAndValue back = c.toConnectData("t", bytes);
        assertThat(back.schema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(back.value()).isSameAs(bytes);
    }

    @Test
    void byteArrayTakesAByteBuffersRemainingBytesWithoutConsumingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[]{9, 1, 2, 3});
        buffer.position(1);

        assertThat(new ByteArrayConverter().fromConnectData("t", Schema.BYTES_SCHEMA, buffer))
                .containsExactly(1, 2, 3);
        assertThat(buffer.remaining()).isEqualTo(3);
    }

    @Test
    void byteArrayNullIsNull() {
        ByteArrayConverter c = new ByteArrayConverter();

        assertThat(c.fromConnectData("t", Schema.OPTIONAL_BYTES_SCHEMA, null)).isNull();
        assertThat(c.toConnectData("t", null)).isEqualTo(new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, null));
    }

    @Test
    void byteArrayRefusesOtherValuesAndSchemas() {
        ByteArrayConverter c = new ByteArrayConverter();

        assertThatThrownBy(() -> c.fromConnectData("t", null, "text"))
                .isInstanceOf(DataException.class)
                .hasMessage("ByteArrayConverter is not compatible with objects of type class java.lang.String");
        assertThatThrownBy(() -> c.fromConnectData("t", Schema.STRING_SCHEMA, utf8("text")))
                .isInstanceOf(DataException.class)
                .hasMessage("Invalid schema type for ByteArrayConverter: STRING");
    }

    @Test
    void byteArrayAsHeaderConverter() {
        HeaderConverter c = new ByteArrayConverter();
        byte[] bytes = {4, 5};

        assertThat(c.fromConnectHeader("t", "h", Schema.BYTES_SCHEMA, bytes)).isSameAs(bytes);
        assertThat(c.toConnectHeader("t", "h", bytes).value()).isSameAs(bytes);
    }

    // ---- the number converters

    private static <T> void assertRoundTrip(Converter c, Schema schema, T value, byte[] kafkasBytes) {
        byte[] written = c.fromConnectData("t", schema, value);
        assertThat(written).as("the bytes of Kafka's serializer").containsExactly(kafkasBytes);
        SchemaAndValue back = c.toConnectData("t", written);
        assertThat(back.schema()).isEqualTo(schema);
        assertThat(back.value()).isEqualTo(value);
        assertThat(c.fromConnectData("t", schema, null)).isNull();
        assertThat(c.toConnectData("t", null)).isEqualTo(new SchemaAndValue(schema, null));
    }

    @Test
    void integerConverter() {
        assertRoundTrip(new IntegerConverter(), Schema.OPTIONAL_INT32_SCHEMA, 42,
                new IntegerSerializer().serialize("t", 42));
        assertRoundTrip(new IntegerConverter(), Schema.OPTIONAL_INT32_SCHEMA, -2, new byte[]{-1, -1, -1, -2});
        assertThat(new IntegerConverter().fromConnectData("t", Schema.INT32_SCHEMA, 0x01020304))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void longConverter() {
        assertRoundTrip(new LongConverter(), Schema.OPTIONAL_INT64_SCHEMA, 1L << 40,
                new LongSerializer().serialize("t", 1L << 40));
        assertThat(new LongConverter().fromConnectData("t", null, 258L)).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
    }

    @Test
    void shortConverter() {
        assertRoundTrip(new ShortConverter(), Schema.OPTIONAL_INT16_SCHEMA, (short) 513,
                new ShortSerializer().serialize("t", (short) 513));
        assertThat(new ShortConverter().fromConnectData("t", null, (short) 513)).containsExactly(2, 1);
    }

    @Test
    void floatConverter() {
        assertRoundTrip(new FloatConverter(), Schema.OPTIONAL_FLOAT32_SCHEMA, 1.5f,
                new FloatSerializer().serialize("t", 1.5f));
    }

    @Test
    void doubleConverter() {
        assertRoundTrip(new DoubleConverter(), Schema.OPTIONAL_FLOAT64_SCHEMA, -0.25d,
                new DoubleSerializer().serialize("t", -0.25d));
    }

    @Test
    void booleanConverter() {
        assertRoundTrip(new BooleanConverter(), Schema.OPTIONAL_BOOLEAN_SCHEMA, true,
                new BooleanSerializer().serialize("t", true));
        assertThat(new BooleanConverter().fromConnectData("t", null, false)).containsExactly(0);
    }

    @Test
    void numberConvertersRefuseOtherTypes() {
        assertThatThrownBy(() -> new IntegerConverter().fromConnectData("t", null, 5L))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new LongConverter().fromConnectData("t", null, "5"))
                .isInstanceOf(DataException.class);
    }

    @Test
    void numberConvertersRefuseBytesOfTheWrongSize() {
        assertThatThrownBy(() -> new IntegerConverter().toConnectData("t", new byte[]{1, 2}))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> new LongConverter().toConnectData("t", new byte[]{1, 2, 3, 4}))
                .isInstanceOf(DataException.class);
    }

    @Test
    void numberConvertersAreHeaderConvertersToo() {
        HeaderConverter c = new IntegerConverter();

        byte[] bytes = c.fromConnectHeader("t", "h", Schema.INT32_SCHEMA, 7);
        assertThat(bytes).containsExactly(0, 0, 0, 7);
        assertThat(c.toConnectHeader("t", "h", bytes)).isEqualTo(new SchemaAndValue(Schema.OPTIONAL_INT32_SCHEMA, 7));
    }

    @Test
    void convertersReportTheConnectApiVersion() {
        assertThat(new IntegerConverter().version()).isEqualTo("4.3.1");
        assertThat(new ByteArrayConverter().version()).isEqualTo("4.3.1");
    }

}
