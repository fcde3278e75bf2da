package io.tributary.registry.rest;

import java.util.List;
import java.util.Map;

/**
 * One request as a route sees it: the path parameters its template named, the query parameters, the body bytes (empty
 * when none), the headers (names in lower case), and the path and query as sent (to forward it unchanged).
 */
public record HttpCall(String method, String target, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body,
                       Map<String, String> headers) {

    public String path(String name) {
        return pathParams.get(name);
    }

    /** A query parameter's first value, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A boolean query parameter: present as {@code true} (any case) means true; absent means {@code fallback}. */
    public boolean flag(String name, boolean fallback) {
        String v = query(name);
        return v == null ? fallback : Boolean.parseBoolean(v.trim());
    }
}
