package io.tributary.registry.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A method and a path template ({@code /subjects/{subject}/versions}) with what answers it. */
public record Route(String method, List<String> template, Action action) {

    /** Answers a call with a value written as JSON (or an error thrown). */
    @FunctionalInterface
    public interface Action {
        Object answer(HttpCall call) throws Exception;
    }

    static Route of(String method, String template, Action action) {
        String path = template.substring(1);
        return new Route(method, path.isEmpty() ? List.of() : List.of(path.split("/")), action);
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
