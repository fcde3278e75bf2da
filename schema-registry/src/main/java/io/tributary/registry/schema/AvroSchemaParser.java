package io.tributary.registry.schema;

import java.util.ArrayList;
import java.util.List;
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
    public ParsedSchema parse(String text, List<Reference> references, List<ParsedSchema> resolved)
            throws InvalidSchemaException {
        Schema.Parser parser = new Schema.Parser();
        List<Schema> referenced = new ArrayList<>();
        for (ParsedSchema dependency : resolved) {
            if (!(dependency instanceof AvroSchema avro)) {
                throw new InvalidSchemaException("an Avro schema can only reference Avro schemas, not "
                        + dependency.type());
            }
            parser.addTypes(avro.namedTypes());
            referenced.addAll(avro.namedTypes());
        }
        try {
            Schema schema = parser.parse(text);
            return new AvroSchema(schema, references, referenced);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Avro reports malformed JSON and some bad defaults with other unchecked exceptions.
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        }
    }
}
