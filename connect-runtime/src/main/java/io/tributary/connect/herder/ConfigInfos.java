package io.tributary.connect.herder;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of {@code PUT /connector-plugins/{plugin}/config/validate}, in Kafka Connect's layout: the plugin name,
 * how many values have errors, the groups, and for every key its definition and its value with errors.
 */
public record ConfigInfos(String name, @JsonProperty("error_count") int errorCount, List<String> groups,
                          List<ConfigInfo> configs) {

    public record ConfigInfo(ConfigKeyInfo definition, ConfigValueInfo value) {
    }

    public record ConfigKeyInfo(String name, String type, boolean required,
                                @JsonProperty("default_value") String defaultValue, String importance,
                                String documentation, String group, @JsonProperty("order_in_group") int orderInGroup,
                                String width, @JsonProperty("display_name") String displayName,
                                List<String> dependents) {
    }

    public record ConfigValueInfo(String name, String value,
                                  @JsonProperty("recommended_values") List<String> recommendedValues,
                                  List<String> errors, boolean visible) {
    }
}
