package io.tributary.protocol.generator;

import java.util.List;

/**
 * A whole JSON message spec: a request, a response, a header or a data message.
 *
 * @param apiKey the API key of requests and responses, else null
 * @param type   {@code request}, {@code response}, {@code header} or {@code data}
 */
public record MessageSpec(String name,
                   String type,
                   Integer apiKey,
                   Versions validVersions,
                   Versions flexibleVersions,
                   boolean latestVersionUnstable,
                   List<FieldSpec> fields,
                   List<StructSpec> commonStructs) {

    /** The name of the generated class, e.g. {@code ProduceRequestData}. */
    public String className() {
        return name + "Data";
    }

    /** The API name without the Request/Response suffix, e.g. {@code Produce}. */
    public String apiName() {
        if (name.endsWith("Request")) {
            return name.substring(0, name.length() - "Request".length());
        }
        if (name.endsWith("Response")) {
            return name.substring(0, name.length() - "Response".length());
        }
        return name;
    }
}
