package io.tributary.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes for {@link Windowed} keys in Kafka Streams' wire format, so a plain consumer decodes our output with
 * {@code org.apache.kafka.streams.kstream.WindowedSerdes}:
 * <ul>
 *   <li>time windows: inner key bytes, then the window start as an 8-byte big-endian long; the end is not written,
 *   the reader adds the window size it was told;</li>
 *   <li>session windows: inner key bytes, then the end, then the start (8 bytes each, big-endian).</li>
 * </ul>
 */
public final class WindowedSerdes {

    private static final int LONG = Long.BYTES;

    private WindowedSerdes() {
    }

    public static <T> Serde<Windowed<T>> timeWindowedSerdeFrom(Class<T> type, long windowSizeMs) {
        return timeWindowedSerdeFrom(Serdes.serdeFrom(type), windowSizeMs);
    }

    public static <T> Serde<Windowed<T>> timeWindowedSerdeFrom(Serde<T> inner, long windowSizeMs) {
        return Serdes.serdeFrom(timeSerializer(inner.serializer()), timeDeserializer(inner.deserializer(),
                windowSizeMs));
    }

    public static <T> Serde<Windowed<T>> sessionWindowedSerdeFrom(Class<T> type) {
        return sessionWindowedSerdeFrom(Serdes.serdeFrom(type));
    }

    public static <T> Serde<Windowed<T>> sessionWindowedSerdeFrom(Serde<T> inner) {
        return Serdes.serdeFrom(sessionSerializer(inner.serializer()), sessionDeserializer(inner.deserializer()));
    }

    static <T> Serializer<Windowed<T>> timeSerializer(Serializer<T> inner) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, Windowed<T> data) {
                if (data == null) {
                    return null;
                }
                byte[] key = inner.serialize(topic, data.key());
                return ByteBuffer.allocate(key.length + LONG).put(key).putLong(data.window().start()).array();
            }
        };
    }

    static <T> Deserializer<Windowed<T>> timeDeserializer(Deserializer<T> inner, long windowSizeMs) {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public Windowed<T> deserialize(String topic, byte[] data) {
                if (data == null) {
                    return null;
                }
                long start = ByteBuffer.wrap(data, data.length - LONG, LONG).getLong();
                // An end past Long.MAX_VALUE is clamped, as Kafka's reader does.
                long end = start + windowSizeMs < start ? Long.MAX_VALUE : start + windowSizeMs;
                T key = inner.deserialize(topic, Arrays.copyOfRange(data, 0, data.length - LONG));
                return new Windowed<>(key, new Window(start, end));
            }
        };
    }

    static <T> Serializer<Windowed<T>> sessionSerializer(Serializer<T> inner) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, Windowed<T> data) {
                if (data == null) {
                    return null;
                }
                byte[] key = inner.serialize(topic, data.key());
                return ByteBuffer.allocate(key.length + 2 * LONG).put(key).putLong(data.window().end())
                        .putLong(data.window().start()).array();
            }
        };
    }

    static <T> Deserializer<Windowed<T>> sessionDeserializer(Deserializer<T> inner) {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public Windowed<T> deserialize(String topic, byte[] data) {
                if (data == null) {
                    return null;
                }
                ByteBuffer tail = ByteBuffer.wrap(data, data.length - 2 * LONG, 2 * LONG);
                long end = tail.getLong();
                long start = tail.getLong();
                T key = inner.deserialize(topic, Arrays.copyOfRange(data, 0, data.length - 2 * LONG));
                return new Windowed<>(key, new Window(start, end));
            }
        };
    }
}
