package io.tributary.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one ObjectMapper of the REST layer, and how request bodies are read with it. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private Json() {
    }

    /**
     * Reads a required body. An empty body (or JSON {@code null}) is 400: Kafka Connect dereferences the null and
     * answers 500 with no message, which helps no one. A body that is not JSON, or not of the expected shape, is
     * 500 with Jackson's message — what Kafka Connect answers (its exception mapper turns every non-REST exception,
     * Jackson's included, into 500).
     */
    static <T> T read(HttpCall call, TypeReference<T> type) {
        return read(call, MAPPER.getTypeFactory().constructType(type));
    }

    static <T> T read(HttpCall call, Class<T> type) {
        return read(call, MAPPER.getTypeFactory().constructType(type));
    }

    private static <T> T read(HttpCall call, JavaType type) {
        if (call.body().length == 0) {
            throw RestException.badRequest("Request body is missing: a JSON body is required");
        }
        T value;
        try {
            value = MAPPER.readValue(call.body(), type);
        } catch (JsonProcessingException e) {
            throw new RestException(500, e.getMessage());
        } catch (IOException e) {
            throw new RestException(500, String.valueOf(e.getMessage()));
        }
        if (value == null) {
            throw RestException.badRequest("Request body is missing: a JSON body is required");
        }
        return value;
    }

    /** Kafka Connect's error body: {@code {"error_code": <status>, "message": "..."}}. */
    static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", status);
        body.put("message", message);
        return body;
    }

    /** {@link #errorBody} as bytes. */
    static byte[] error(int status, String message) {
        try {
            return MAPPER.writeValueAsBytes(errorBody(status, message));
        } catch (JsonProcessingException e) {
            return ("{\"error_code\":" + status + ",\"message\":null}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
