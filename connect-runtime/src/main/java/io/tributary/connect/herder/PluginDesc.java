package io.tributary.connect.herder;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of {@code GET /connector-plugins}: {"class", "type", "version"}. */
public record PluginDesc(@JsonProperty("class") String className, ConnectorType type, String version) {
}
