package io.tributary.connect.herder;

import io.tributary.connect.storage.OffsetCodec;
import io.tributary.connect.worker.Worker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * KIP-875's offsets of a connector, for both modes: a source connector's are in the offset store under its name, a
 * sink connector's are its consumer group's ({@code connect-<name>}). Changing them requires the connector STOPPED,
 * which the herder checks.
 */
public final class ConnectorOffsets {

    private final Worker worker;
    private final OffsetCodec codec = new OffsetCodec();

    public ConnectorOffsets(Worker worker) {
        this.worker = worker;
    }

    public List<ConnectorOffset> list(String name, ConnectorType type) {
        return list(name, type, null);
    }

    /**
     * @param exactlyOnceConfig with exactly-once source support, the source connector's config (its offsets are then
     *                          read as its tasks read them: read_committed, its own offsets topic first); else null
     */
    public List<ConnectorOffset> list(String name, ConnectorType type, Map<String, String> exactlyOnceConfig) {
        List<ConnectorOffset> out = new ArrayList<>();
        if (type == ConnectorType.SINK) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = worker.admin()
                        .listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get();
                committed.forEach((tp, o) -> {
                    if (o != null) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("kafka_topic", tp.topic());
                        p.put("kafka_partition", tp.partition());
                        out.add(new ConnectorOffset(p, Map.of("kafka_offset", o.offset())));
                    }
                });
            } catch (Exception e) {
                throw new HerderException(500, "Failed to retrieve the offsets of connector " + name + ": " + e);
            }
            return out;
        }
        Map<ByteBuffer, ByteBuffer> stored;
        try {
            stored = exactlyOnceConfig == null ? worker.offsetStore().all()
                    : worker.exactlyOnceOffsets(name, exactlyOnceConfig);
        } catch (RuntimeException e) {
            throw new HerderException(500, "Failed to retrieve the offsets of connector " + name + ": " + e);
        }
        for (Map.Entry<ByteBuffer, ByteBuffer> kv : stored.entrySet()) {
            OffsetCodec.Key key = codec.parseKey(kv.getKey());
            if (key != null && key.connector().equals(name)) {
                out.add(new ConnectorOffset(key.partition(), codec.offset(kv.getValue())));
            }
        }
        return out;
    }

    public String alter(String name, ConnectorType type, List<ConnectorOffset> offsets) {
        return alter(name, type, offsets, null);
    }

    /** {@code exactlyOnceConfig} as for {@link #list(String, ConnectorType, Map)}: written in a transaction then. */
    public String alter(String name, ConnectorType type, List<ConnectorOffset> offsets,
                        Map<String, String> exactlyOnceConfig) {
        if (offsets == null || offsets.isEmpty()) {
            throw HerderException.badRequest("The offsets to be altered may not be null or empty");
        }
        if (type == ConnectorType.SINK) {
            SinkOffsets.alter(worker.admin(), "connect-" + name, offsets);
        } else {
            Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
            for (ConnectorOffset o : offsets) {
                if (o.partition() == null) {
                    throw HerderException.badRequest("The source partition may not be null");
                }
                entries.put(codec.key(name, o.partition()), codec.value(o.offset()));
            }
            write(name, entries, exactlyOnceConfig);
        }
        return "The offsets for this connector have been altered successfully";
    }

    public String reset(String name, ConnectorType type) {
        return reset(name, type, null);
    }

    public String reset(String name, ConnectorType type, Map<String, String> exactlyOnceConfig) {
        if (type == ConnectorType.SINK) {
            SinkOffsets.reset(worker.admin(), "connect-" + name);
        } else {
            Map<ByteBuffer, ByteBuffer> entries = new HashMap<>();
            for (ConnectorOffset o : list(name, type, exactlyOnceConfig)) {
                entries.put(codec.key(name, o.partition()), null);
            }
            write(name, entries, exactlyOnceConfig);
        }
        return "The offsets for this connector have been reset successfully";
    }

    private void write(String name, Map<ByteBuffer, ByteBuffer> entries, Map<String, String> exactlyOnceConfig) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            if (exactlyOnceConfig != null) {
                worker.writeOffsetsTransactionally(name, exactlyOnceConfig, entries);
                return;
            }
            worker.offsetStore().write(entries);
        } catch (Exception e) {
            throw new HerderException(500, "Failed to write the offsets of connector " + name + ": " + e);
        }
    }

    public static HerderException notStopped(String name) {
        return HerderException.badRequest("Connectors must be in the STOPPED state before their offsets can be "
                + "modified. This can be done for the specified connector by issuing a 'PUT' request to the "
                + "'/connectors/" + name + "/stop' endpoint");
    }
}
