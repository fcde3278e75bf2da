package io.tributary.streams.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values as JSON (UTF-8) through Jackson, to and from one Java type (records and beans alike). Null stays null,
 * so tombstones pass through. Unknown properties are ignored, so a producer may add fields before its consumers
 * know them. Needs {@code com.fasterxml.jackson.core:jackson-databind} on the class path (an optional dependency
 * of streams-lite).
 */
public final class JsonSerde<T> implements Serde<T> {

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Class<T> type;
    private final ObjectMapper mapper;

    public JsonSerde(Class<T> type) {
        this(type, DEFAULT_MAPPER);
    }

    public JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write a " + type.getSimpleName() + " as JSON for " + topic
                        + ": " + e.getOriginalMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return mapper.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("a record of " + topic + " is not a JSON " + type.getSimpleName()
                        + ": " + e.getMessage(), e);
            }
        };
    }
}
