package io.tributary.connect.rest;

import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it: method, the raw path and query as sent (to forward it unchanged), the base URL
 * the client used ({@code http://host:port}, for {@code Location}), the path parameters (decoded), the query
 * parameters, the body bytes (empty when none) and the headers (names in lower case).
 */
record HttpCall(String method, String pathQuery, String baseUrl, Map<String, String> pathParams,
                Map<String, List<String>> query, byte[] body, Map<String, String> headers) {

    String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter's first value, or null. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value a repeated query parameter was given ({@code ?expand=status&expand=info}). */
    List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** A boolean query parameter as JAX-RS reads one: "true" in any case is true, anything else false. */
    boolean flag(String name, boolean fallback) {
        String v = query(name);
        return v == null ? fallback : Boolean.parseBoolean(v.trim());
    }
}
