package io.tributary.connect.worker;

import io.tributary.connect.plugins.Plugins;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * KIP-297: {@code config.providers=file,env} with {@code config.providers.file.class=...} let configs say
 * {@code ${file:/secrets.properties:password}} instead of holding secrets; the references are resolved when a
 * connector or task starts, never stored resolved.
 */
public final class ConfigProviders implements AutoCloseable {

    private final Map<String, ConfigProvider> providers;
    private final ConfigTransformer transformer;

    public ConfigProviders(Map<String, String> workerProps, Plugins plugins) {
        this.providers = new HashMap<>();
        String names = workerProps.getOrDefault("config.providers", "");
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            String className = workerProps.get("config.providers." + name + ".class");
            if (className == null) {
                throw new ConfigException("config.providers." + name + ".class", null,
                        "Config provider " + name + " is listed in config.providers but has no class");
            }
            ConfigProvider p;
            try {
                p = Plugins.newInstance(plugins.load(className, null), ConfigProvider.class);
            } catch (ClassNotFoundException e) {
                throw new ConfigException("config.providers." + name + ".class", className,
                        "Class " + className + " could not be found.");
            }
            Map<String, String> params = new HashMap<>();
            String prefix = "config.providers." + name + ".param.";
            workerProps.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    params.put(k.substring(prefix.length()), v);
                }
            });
            p.configure(params);
            providers.put(name, p);
        }
        this.transformer = new ConfigTransformer(providers);
    }

    /** The config with every {@code ${provider:path:key}} it has resolved. */
    public Map<String, String> resolve(Map<String, String> config) {
        if (providers.isEmpty() || config.values().stream().noneMatch(v -> v != null && v.contains("${"))) {
            return config;
        }
        return transformer.transform(config).data();
    }

    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    @Override
    public void close() {
        providers.values().forEach(p -> {
            try {
                p.close();
            } catch (Exception ignored) {
                // closing a provider at shutdown: nothing more to do
            }
        });
    }
}
