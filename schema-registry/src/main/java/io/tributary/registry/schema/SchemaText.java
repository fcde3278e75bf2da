package io.tributary.registry.schema;

import java.util.List;

/**
 * What makes a parsed schema the schema it is, whatever its language: its canonical text and its references. Two
 * schemas of one language are equal when both are (the registry gives them one id).
 */
public abstract class SchemaText implements ParsedSchema {

    private final String canonical;
    private final List<Reference> references;

    protected SchemaText(String canonical, List<Reference> references) {
        this.canonical = canonical;
        this.references = List.copyOf(references);
    }

    @Override
    public final String canonical() {
        return canonical;
    }

    @Override
    public final List<Reference> references() {
        return references;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && canonical.equals(((SchemaText) o).canonical)
                && references.equals(((SchemaText) o).references);
    }

    @Override
    public final int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public final String toString() {
        return canonical;
    }
}
