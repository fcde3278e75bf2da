package io.tributary.connect.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A method and a path template ({@code /connectors/{connector}/status}) with what answers it. {@code readsBody}
 * marks the routes that take a JSON body: only those answer 415 to another content type, as Jersey's
 * {@code @Consumes} does in Kafka Connect.
 */
record Route(String method, List<String> template, boolean readsBody, Action action) {

    /** Answers a call, or throws ({@link RestException}, a herder exception) for the error body. */
    @FunctionalInterface
    interface Action {
        Reply answer(HttpCall call) throws Exception;
    }

    static Route of(String method, String template, Action action) {
        return new Route(method, split(template), false, action);
    }

    static Route withBody(String method, String template, Action action) {
        return new Route(method, split(template), true, action);
    }

    private static List<String> split(String template) {
        String path = template.substring(1);
        return path.isEmpty() ? List.of() : List.of(path.split("/"));
    }

    /** The path parameters if {@code segments} (decoded) fit the template, else null. */
    Map<String, String> match(List<String> segments) {
        if (segments.size() != template.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{")) {
                params.put(t.substring(1, t.length() - 1), segments.get(i));
            } else if (!t.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }
}
