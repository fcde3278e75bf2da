package io.tributary.registry.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * A parsed Avro schema. Its canonical text is Avro's compact JSON ({@code Schema.toString}): whitespace and key order
 * do not matter, {@code {"type":"string"}} becomes {@code "string"}, and a nested type's namespace is written only
 * where it differs from the enclosing one — what Confluent's registry stores, so clients that compare texts agree.
 */
public final class AvroSchema extends SchemaText {

    private final Schema schema;
    private final List<Schema> referenced;

    AvroSchema(Schema schema, List<Reference> references, List<Schema> referenced) {
        this(schema, references, referenced, referenced.isEmpty() ? schema.toString()
                : schema.toString(referenced, false));
    }

    private AvroSchema(Schema schema, List<Reference> references, List<Schema> referenced, String canonical) {
        super(canonical, references);
        this.schema = schema;
        this.referenced = List.copyOf(referenced);
    }

    /** Avro's schema object. */
    public Schema schema() {
        return schema;
    }

    /** The named types this schema defines, and those it knows through its references (for a dependent's parser). */
    List<Schema> namedTypes() {
        List<Schema> out = new ArrayList<>(referenced);
        if (schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED) {
            out.add(schema);
        }
        return out;
    }

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    /**
     * {@code format=resolved} (case-insensitive), as Confluent: the schema with the types its references define
     * written out where first used ({@code Schema.toString}), so it reads without them. Any other format: the
     * canonical text.
     */
    @Override
    public String formatted(String format) {
        return format != null && format.trim().equalsIgnoreCase("resolved") ? schema.toString() : canonical();
    }

    /** The same schema in Confluent's normalized style ({@link AvroNormalizer}), references sorted. */
    @Override
    public ParsedSchema normalized() {
        List<Reference> sorted = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(references()));
        sorted.sort(java.util.Comparator.comparing(Reference::name).thenComparing(Reference::subject)
                .thenComparingInt(Reference::version));
        return new AvroSchema(schema, sorted, referenced, AvroNormalizer.normalize(canonical()));
    }

    @Override
    public List<String> incompatibilitiesReading(ParsedSchema writer, boolean readerIsNew) {
        return readerIsNew ? incompatibilitiesReading(writer, "new", "old") : incompatibilitiesReading(writer, "old",
                "new");
    }

    private List<String> incompatibilitiesReading(ParsedSchema writer, String readerRole, String writerRole) {
        if (!(writer instanceof AvroSchema avroWriter)) {
            return List.of("{errorType:'TYPE_MISMATCH', description:'The " + readerRole + " schema is of type AVRO, "
                    + "the " + writerRole + " one " + writer.type() + "'}");
        }
        var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, avroWriter.schema).getResult();
        List<String> out = new ArrayList<>();
        for (Incompatibility i : result.getIncompatibilities()) {
            out.add(AvroIncompatibilityText.describe(i, readerRole, writerRole));
        }
        return out;
    }

}
