package io.tributary.connect.rest;

/** A request the REST layer itself refuses, before or instead of asking the herder: answered with this status. */
final class RestException extends RuntimeException {

    private final int status;

    RestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static RestException badRequest(String message) {
        return new RestException(400, message);
    }

    static RestException notFound(String message) {
        return new RestException(404, message);
    }

    /** Kafka Connect answers a request its herder did not get to in time with 500. */
    static RestException timedOut(String message) {
        return new RestException(500, message);
    }
}
