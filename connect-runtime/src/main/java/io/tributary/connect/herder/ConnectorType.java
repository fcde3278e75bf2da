package io.tributary.connect.herder;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The plugin kinds Kafka Connect reports, spelled as its REST API spells them. */
public enum ConnectorType {
    SOURCE, SINK, CONVERTER, HEADER_CONVERTER, TRANSFORMATION, PREDICATE, CONFIG_PROVIDER, REST_EXTENSION,
    CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY, UNKNOWN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
