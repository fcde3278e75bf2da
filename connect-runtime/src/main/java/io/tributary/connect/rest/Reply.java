package io.tributary.connect.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status and either an entity to write as JSON, bytes already encoded (a leader's answer
 * relayed as it came), or nothing (202/204 carry no body in Kafka Connect), plus extra headers such as
 * {@code Location}.
 */
record Reply(int status, Object entity, byte[] raw, String contentType, Map<String, String> headers) {

    static Reply ok(Object entity) {
        return new Reply(200, entity, null, null, Map.of());
    }

    static Reply status(int status, Object entity) {
        return new Reply(status, entity, null, null, Map.of());
    }

    static Reply created(Object entity, String location) {
        return new Reply(201, entity, null, null, Map.of("Location", location));
    }

    static Reply empty(int status) {
        return new Reply(status, null, null, null, Map.of());
    }

    static Reply relayed(int status, byte[] body, String contentType, Map<String, String> headers) {
        return new Reply(status, null, body, contentType, headers);
    }

    /** Kafka Connect's error body: {@code {"error_code": <status>, "message": "..."}}. */
    static Reply error(int status, String message) {
        return status(status, Json.errorBody(status, message));
    }

    /** This reply with one more header. */
    Reply with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Reply(status, entity, raw, contentType, more);
    }
}
