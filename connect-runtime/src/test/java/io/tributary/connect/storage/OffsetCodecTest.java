package io.tributary.connect.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of source offsets: Kafka Connect's layout, so Apache's worker and tools read what we write. */
class OffsetCodecTest {

    private final OffsetCodec codec = new OffsetCodec();

    private static String text(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyIsTheJsonArrayOfConnectorAndPartition() {
        ByteBuffer key = codec.key("conn", Map.of("filename", "a.txt"));

        assertThat(text(key)).isEqualTo("[\"conn\",{\"filename\":\"a.txt\"}]");
    }

    @Test
    void keyKeepsThePartitionsFieldOrderAndTypes() {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("server", "db1");
        partition.put("shard", 3);
        partition.put("active", true);

        assertThat(text(codec.key("c-1", partition)))
                .isEqualTo("[\"c-1\",{\"server\":\"db1\",\"shard\":3,\"active\":true}]");
    }

    @Test
    void valueIsTheJsonOfTheOffsetMap() {
        assertThat(text(codec.value(Map.of("position", 5)))).isEqualTo("{\"position\":5}");
    }

    @Test
    void aNullOffsetIsANullValue() {
        assertThat(codec.value(null)).isNull();
        assertThat(codec.offset(null)).isNull();
    }

    @Test
    void keyRoundTrips() {
        OffsetCodec.Key key = codec.parseKey(codec.key("conn", Map.of("filename", "a.txt")));

        assertThat(key).isEqualTo(new OffsetCodec.Key("conn", Map.of("filename", "a.txt")));
    }

    @Test
    void keyWrittenByApachesWorkerParses() {
        // As Apache's worker writes it: same JSON, whitespace and all (none).
        OffsetCodec.Key key = codec.parseKey(bytes("[\"file-source\",{\"filename\":\"/tmp/in.txt\"}]"));

        assertThat(key.connector()).isEqualTo("file-source");
        assertThat(key.partition()).containsExactly(Map.entry("filename", "/tmp/in.txt"));
    }

    @Test
    void valueRoundTripsWithJsonsIntegerAsLong() {
        Map<String, Object> offset = codec.offset(codec.value(Map.of("position", 5)));

        // Schemaless JSON reads integers back as int64, as in Apache's worker.
        assertThat(offset).isEqualTo(Map.of("position", 5L));
    }

    @Test
    void valueRoundTripsStringsAndNesting() {
        Map<String, Object> offset = codec.offset(codec.value(Map.of("lsn", "0/16B3748", "txId", 42L)));

        assertThat(offset).isEqualTo(Map.of("lsn", "0/16B3748", "txId", 42L));
    }

    @Test
    void parsingDoesNotConsumeTheBuffer() {
        ByteBuffer key = codec.key("conn", Map.of("filename", "a.txt"));
        int before = key.remaining();

        codec.parseKey(key);

        assertThat(key.remaining()).isEqualTo(before);
    }

    @Test
    void keysNotInConnectsLayoutParseToNull() {
        assertThat(codec.parseKey(bytes("{\"filename\":\"a.txt\"}"))).as("an object").isNull();
        assertThat(codec.parseKey(bytes("[\"conn\"]"))).as("one element").isNull();
        assertThat(codec.parseKey(bytes("[\"conn\",{\"a\":1},3]"))).as("three elements").isNull();
        assertThat(codec.parseKey(bytes("[1,{\"a\":1}]"))).as("a number as connector").isNull();
        assertThat(codec.parseKey(bytes("[\"conn\",\"a.txt\"]"))).as("a string as partition").isNull();
        assertThat(codec.parseKey(bytes("not json at all"))).as("not JSON").isNull();
        assertThat(codec.parseKey(bytes("\"conn\""))).as("a JSON string").isNull();
        assertThat(codec.parseKey(ByteBuffer.allocate(0))).as("empty").isNull();
    }
}
