package io.tributary.registry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.registry.schema.json.JsonSchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ?format=} for Avro and JSON Schema, as Confluent's providers answer it: Avro's {@code resolved} writes the
 * referenced types out; every other format (and every JSON Schema format) is the canonical text.
 */
class SchemaFormatsTest {

    private static final String[] OTHER_FORMATS = {null, "", "default", "DEFAULT", "serialized", "nonsense"};

    @Test
    void avroResolvedInlinesTheReferencedTypes() throws InvalidSchemaException {
        AvroSchemaParser parser = new AvroSchemaParser();
        ParsedSchema address = parser.parse("{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com.example\","
                + "\"fields\":[{\"name\":\"street\",\"type\":\"string\"}]}", List.of(), Map.of());
        ParsedSchema user = parser.parse("{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.example\","
                + "\"fields\":[{\"name\":\"home\",\"type\":\"Address\"},{\"name\":\"work\",\"type\":\"Address\"}]}",
                List.of(new Reference("com.example.Address", "address-value", 1)),
                Map.of("com.example.Address", address));
        String resolved = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.example\",\"fields\":["
                + "{\"name\":\"home\",\"type\":{\"type\":\"record\",\"name\":\"Address\",\"fields\":["
                + "{\"name\":\"street\",\"type\":\"string\"}]}},{\"name\":\"work\",\"type\":\"Address\"}]}";
        assertThat(user.formatted("resolved")).isEqualTo(resolved);
        assertThat(user.formatted("RESOLVED")).isEqualTo(resolved);
        assertThat(user.canonical()).doesNotContain("street");
        for (String format : OTHER_FORMATS) {
            assertThat(user.formatted(format)).as(format).isEqualTo(user.canonical());
        }
        // Without references the resolved text is the canonical one.
        assertThat(address.formatted("resolved")).isEqualTo(address.canonical());
    }

    @Test
    void jsonSchemaAnswersEveryFormatWithItsCanonicalText() throws InvalidSchemaException {
        ParsedSchema s = new JsonSchemaParser().parse("{\"type\": \"object\", \"properties\": {\"a\": {}}}",
                List.of(), Map.of());
        for (String format : OTHER_FORMATS) {
            assertThat(s.formatted(format)).as(format).isEqualTo(s.canonical());
        }
        assertThat(s.formatted("resolved")).isEqualTo(s.canonical());
    }
}
