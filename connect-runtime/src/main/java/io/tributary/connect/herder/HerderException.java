package io.tributary.connect.herder;

/** A request the herder refuses, with the HTTP status and message Kafka Connect's REST API answers with. */
public class HerderException extends RuntimeException {

    private final int status;

    public HerderException(int status, String message) {
        super(message);
        this.status = status;
    }

    public HerderException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HerderException notFound(String connector) {
        return new HerderException(404, "Connector " + connector + " not found");
    }

    public static HerderException badRequest(String message) {
        return new HerderException(400, message);
    }

    public static HerderException conflict(String message) {
        return new HerderException(409, message);
    }
}
