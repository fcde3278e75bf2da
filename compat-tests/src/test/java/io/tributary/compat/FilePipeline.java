package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The connect-file pipeline with connect-transforms SMTs that runs on Apache's worker and on ours: FileStreamSource
 * → HoistField/InsertField → topic → ExtractField → FileStreamSink; its connector configs and what it puts on the
 * topic.
 */
final class FilePipeline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilePipeline() {
    }

    static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    static final String SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";

    /** A file source with one task; the worker creates its topic (KIP-158) with this many partitions. */
    static Map<String, String> source(Path input, String topic, int partitions) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", SOURCE);
        source.put("tasks.max", "1");
        source.put("file", input.toString());
        source.put("topic", topic);
        source.put("topic.creation.default.partitions", Integer.toString(partitions));
        source.put("topic.creation.default.replication.factor", "1");
        return source;
    }

    /** A file sink with one task. */
    static Map<String, String> sink(Path output, String topic) {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", SINK);
        sink.put("tasks.max", "1");
        sink.put("file", output.toString());
        sink.put("topics", topic);
        return sink;
    }

    /**
     * The pipeline's file source: three partitions, each line hoisted into {@code {"line": ...}} with
     * {@code "origin": "file-source"} added.
     */
    static Map<String, String> smtSource(Path input, String topic) {
        Map<String, String> source = source(input, topic, 3);
        source.put("transforms", "hoist,origin");
        source.put("transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value");
        source.put("transforms.hoist.field", "line");
        source.put("transforms.origin.type", "org.apache.kafka.connect.transforms.InsertField$Value");
        source.put("transforms.origin.static.field", "origin");
        source.put("transforms.origin.static.value", "file-source");
        return source;
    }

    /** The pipeline's file sink, extracting the {@code line} field again. */
    static Map<String, String> smtSink(Path output, String topic) {
        Map<String, String> sink = sink(output, topic);
        sink.put("transforms", "line");
        sink.put("transforms.line.type", "org.apache.kafka.connect.transforms.ExtractField$Value");
        sink.put("transforms.line.field", "line");
        return sink;
    }

    /**
     * Every record of the topic, checked to be the source SMTs' JSON ({@code {"line":..., "origin":"file-source"}},
     * schemas.enable=false) without a key: how often each line is there.
     */
    static Map<String, Integer> linesOnTopic(String bootstrap, String topic) throws IOException {
        Map<String, Integer> onTopic = new HashMap<>();
        for (ConsumerRecord<String, String> r : ConnectLines.readAll(bootstrap, topic)) {
            JsonNode value = JSON.readTree(r.value());
            assertThat(value.size()).as(r.value()).isEqualTo(2);
            assertThat(value.path("origin").asText()).as(r.value()).isEqualTo("file-source");
            assertThat(r.key()).as("FileStreamSource writes no key").isNull();
            onTopic.merge(value.path("line").asText(), 1, Integer::sum);
        }
        return onTopic;
    }
}
