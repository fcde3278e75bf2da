package io.tributary.connect.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Kafka Connect's layout of a source offset: the key is the JSON {@code ["<connector>", {<source partition>}]}, the
 * value the JSON of the offset map, both written by connect-json's schemaless JsonConverter — so an offsets topic
 * is readable (and writable) by Apache's worker and tools, and the other way round.
 */
public final class OffsetCodec {

    private final JsonConverter keys = converter(true);
    private final JsonConverter values = converter(false);

    private static JsonConverter converter(boolean isKey) {
        JsonConverter c = new JsonConverter();
        c.configure(Map.of("schemas.enable", "false", "converter.type", isKey ? "key" : "value"));
        return c;
    }

    public ByteBuffer key(String connector, Map<String, ?> partition) {
        return ByteBuffer.wrap(keys.fromConnectData("", null, Arrays.asList(connector, partition)));
    }

    public ByteBuffer value(Map<String, ?> offset) {
        return offset == null ? null : ByteBuffer.wrap(values.fromConnectData("", null, offset));
    }

    /** The connector and source partition of a key, or null when it is not in Connect's layout. */
    public Key parseKey(ByteBuffer key) {
        try {
            Object v = keys.toConnectData("", bytes(key)).value();
            if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String c && l.get(1) instanceof Map<?, ?> p) {
                @SuppressWarnings("unchecked")
                Map<String, Object> partition = (Map<String, Object>) p;
                return new Key(c, partition);
            }
        } catch (RuntimeException e) {
            // not Connect's layout: another application's record in the topic
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> offset(ByteBuffer value) {
        if (value == null) {
            return null;
        }
        SchemaAndValue sv = values.toConnectData("", bytes(value));
        return sv.value() instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    public record Key(String connector, Map<String, Object> partition) {
    }
}
