package io.tributary.broker.config;

import java.util.List;

/**
 * A config's value in force and how it came about: what one DescribeConfigs entry reports.
 *
 * @param name          the config key
 * @param value         the value in force (null when unset and without default, or sensitive)
 * @param source        where that value comes from (the first synonym's source, or DEFAULT_CONFIG)
 * @param synonyms      every layer that sets it, highest precedence first
 * @param type          the value type
 * @param readOnly      whether it cannot be changed at run time
 * @param sensitive     whether the value is hidden
 * @param documentation a one-line description, or null
 */
public record ResolvedConfig(String name, String value, ConfigSource source, List<ConfigSynonym> synonyms,
                             ConfigType type, boolean readOnly, boolean sensitive, String documentation) {
    public ResolvedConfig {
        synonyms = List.copyOf(synonyms);
    }
}
