package io.tributary.broker;

/**
 * The active controller could not be reached from this broker: none is known yet (an election is under way), it has
 * not registered its Kafka endpoint yet, or the connection to it failed or timed out. Retriable: the next attempt
 * looks the controller up again.
 */
public final class ControllerUnavailableException extends RuntimeException {

    ControllerUnavailableException(String message) {
        super(message);
    }

    ControllerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
