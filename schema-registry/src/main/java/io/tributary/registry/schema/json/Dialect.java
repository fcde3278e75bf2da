package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON Schema drafts a schema may be written in, chosen by its {@code $schema} as Confluent's registry chooses:
 * one of the drafts' meta-schema URLs (http or https, with or without the trailing {@code #}) selects that draft;
 * no {@code $schema}, or one naming anything else, means draft-07.
 */
enum Dialect {
    DRAFT_4("id", SpecificationVersion.DRAFT_4, "http://json-schema.org/draft-04/schema",
            "https://json-schema.org/draft-04/schema", "http://json-schema.org/schema", "https://json-schema.org/schema"),
    DRAFT_6("$id", SpecificationVersion.DRAFT_6, "http://json-schema.org/draft-06/schema",
            "https://json-schema.org/draft-06/schema"),
    DRAFT_7("$id", SpecificationVersion.DRAFT_7, "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft-07/schema"),
    DRAFT_2019_09("$id", SpecificationVersion.DRAFT_2019_09, "http://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2019-09/schema"),
    DRAFT_2020_12("$id", SpecificationVersion.DRAFT_2020_12, "http://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/schema");

    /** At most this many meta-schema complaints are quoted in an error message. */
    private static final int MAX_ERRORS = 10;

    /** The keyword naming a schema resource ({@code id} in draft-04). */
    final String idKeyword;
    private final SpecificationVersion version;
    private final List<String> urls;
    private volatile Schema metaSchema;

    Dialect(String idKeyword, SpecificationVersion version, String... urls) {
        this.idKeyword = idKeyword;
        this.version = version;
        this.urls = List.of(urls);
    }

    /** The draft a schema document is written in. */
    static Dialect of(JsonNode document) {
        JsonNode declared = document.isObject() ? document.get("$schema") : null;
        if (declared != null && declared.isTextual()) {
            String url = declared.asText();
            if (url.endsWith("#")) {
                url = url.substring(0, url.length() - 1);
            }
            for (Dialect d : values()) {
                if (d.urls.contains(url)) {
                    return d;
                }
            }
        }
        return DRAFT_7;
    }

    /** 2019-09 and later: {@code $defs}, {@code $anchor}, {@code prefixItems}, {@code unevaluated*}, ... */
    boolean modern() {
        return this == DRAFT_2019_09 || this == DRAFT_2020_12;
    }

    boolean atLeast(Dialect other) {
        return ordinal() >= other.ordinal();
    }

    /** What this draft's meta-schema finds wrong with {@code document}; empty when it is a valid schema. */
    List<String> metaSchemaErrors(JsonNode document) {
        Set<String> out = new LinkedHashSet<>();
        for (Error e : metaSchema().validate(document)) {
            out.add(e.toString());
        }
        List<String> list = new ArrayList<>(out);
        return list.size() > MAX_ERRORS ? list.subList(0, MAX_ERRORS) : list;
    }

    private Schema metaSchema() {
        Schema s = metaSchema;
        if (s == null) {
            synchronized (this) {
                s = metaSchema;
                if (s == null) {
                    // The meta-schemas (and 2019-09/2020-12 vocabularies) come from the validator's jar; nothing
                    // is fetched over the network.
                    s = SchemaRegistry.withDefaultDialect(version)
                            .getSchema(SchemaLocation.of(version.getDialectId()));
                    s.initializeValidators();
                    metaSchema = s;
                }
            }
        }
        return s;
    }
}
