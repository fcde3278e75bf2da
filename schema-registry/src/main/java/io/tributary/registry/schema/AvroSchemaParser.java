package io.tributary.registry.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Avro schemas through Apache Avro's own parser. Referenced schemas are parsed first into the same parser, so the
 * named types they define resolve; the canonical text names them instead of repeating their definitions.
 */
public final class AvroSchemaParser implements SchemaParser {

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public ParsedSchema parse(String text, List<Reference> references, Map<String, ParsedSchema> dependencies)
            throws InvalidSchemaException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> referenced = new LinkedHashMap<>();
        for (ParsedSchema dependency : dependencies.values()) {
            if (!(dependency instanceof AvroSchema avro)) {
                throw new InvalidSchemaException("an Avro schema can only reference Avro schemas, not "
                        + dependency.type());
            }
            for (Schema named : avro.namedTypes()) {
                referenced.putIfAbsent(named.getFullName(), named);
            }
        }
        parser.addTypes(referenced.values());
        try {
            Schema schema = parser.parse(text);
            return new AvroSchema(schema, references, List.copyOf(referenced.values()));
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Avro reports malformed JSON and some bad defaults with other unchecked exceptions.
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        }
    }
}
