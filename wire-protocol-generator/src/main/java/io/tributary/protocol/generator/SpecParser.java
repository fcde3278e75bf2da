package io.tributary.protocol.generator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a JSON message spec (Kafka's format: JSON with {@code //} comments) into a {@link MessageSpec}. */
public final class SpecParser {

    private final ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);

    public MessageSpec parse(Path file) throws IOException {
        JsonNode root = mapper.readTree(Files.readString(file));
        List<StructSpec> common = new ArrayList<>();
        for (JsonNode s : root.path("commonStructs")) {
            common.add(new StructSpec(s.get("name").asText(), fields(s.path("fields"))));
        }
        return new MessageSpec(
                root.get("name").asText(),
                root.get("type").asText(),
                root.has("apiKey") ? root.get("apiKey").asInt() : null,
                Versions.parse(root.get("validVersions").asText(), Versions.NONE),
                Versions.parse(text(root, "flexibleVersions"), Versions.NONE),
                root.path("latestVersionUnstable").asBoolean(false),
                fields(root.path("fields")),
                common);
    }

    private List<FieldSpec> fields(JsonNode array) {
        List<FieldSpec> result = new ArrayList<>();
        for (JsonNode f : array) {
            String name = f.get("name").asText();
            Versions versions = Versions.parse(text(f, "versions"), null);
            if (versions == null) {
                throw new IllegalArgumentException("field " + name + " has no versions");
            }
            result.add(new FieldSpec(
                    name,
                    FieldType.parse(f.get("type").asText()),
                    versions,
                    Versions.parse(text(f, "nullableVersions"), Versions.NONE),
                    Versions.parse(text(f, "taggedVersions"), Versions.NONE),
                    f.has("tag") ? f.get("tag").asInt() : null,
                    text(f, "default"),
                    f.path("ignorable").asBoolean(false),
                    f.path("zeroCopy").asBoolean(false),
                    Versions.parse(text(f, "flexibleVersions"), null),
                    fields(f.path("fields"))));
        }
        return result;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
