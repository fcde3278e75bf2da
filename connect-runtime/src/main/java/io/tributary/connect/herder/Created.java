package io.tributary.connect.herder;

/** The answer to a config write: whether it created the connector (201) or replaced its config (200). */
public record Created(boolean created, ConnectorInfo info) {
}
