package io.tributary.connect.herder;

import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.worker.ConnectorConfig;
import io.tributary.connect.worker.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Checks a connector config as Kafka Connect does before accepting it: the common settings, each transform's and
 * predicate's settings under their prefixes, and the connector's own {@code validate()} — answering Kafka's
 * ConfigInfos layout, and the 400 message a create or update gets when anything is wrong.
 */
public final class ConfigValidation {

    private final Worker worker;
    private volatile boolean distributed;

    public ConfigValidation(Worker worker) {
        this.worker = worker;
    }

    /**
     * Distributed mode also checks KIP-618's settings of source connectors against the connector, as Apache's
     * distributed herder does (its standalone herder does not): {@code exactly.once.support=required} needs
     * {@code exactly.once.source.support=enabled} and the connector's {@code exactlyOnceSupport} SUPPORTED, and
     * {@code transaction.boundary=connector} its {@code canDefineTransactionBoundaries} SUPPORTED.
     */
    public void distributedMode() {
        this.distributed = true;
    }

    /** {@code PUT /connector-plugins/{plugin}/config/validate}: the plugin named by the path unless the body names it. */
    public ConfigInfos validate(String pluginClassOrAlias, Map<String, String> config) {
        Map<String, String> c = new java.util.HashMap<>(config);
        c.putIfAbsent(ConnectorConfig.CONNECTOR_CLASS, pluginClassOrAlias);
        return validate(c);
    }

    public ConfigInfos validate(Map<String, String> config) {
        String connectorClass = config.get(ConnectorConfig.CONNECTOR_CLASS);
        if (connectorClass == null || connectorClass.isBlank()) {
            throw HerderException.badRequest("Connector config " + config + " contains no connector type");
        }
        Connector connector;
        try {
            connector = worker.newConnector(connectorClass);
        } catch (ConfigException e) {
            throw HerderException.badRequest(e.getMessage());
        }
        boolean sink = connector instanceof SinkConnector;
        ConfigDef base = ConnectorConfig.definition(sink);
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        List<ConfigInfos.ConfigInfo> infos = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (ConfigValue v : base.validate(config)) {
            values.put(v.name(), v);
        }
        if (sink) {
            checkSinkTopics(config, values);
        } else if (distributed) {
            checkExactlyOnce(connector, config, values);
        }
        addAll(base, values, infos, groups, "");
        addPrefixed(config, "transforms", Transformation.class, infos, groups);
        addPrefixed(config, "predicates", Predicate.class, infos, groups);
        ConfigDef own;
        Config result;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(connector.getClass().getClassLoader());
        try {
            own = connector.config();
            result = connector.validate(config);
        } catch (RuntimeException e) {
            throw HerderException.badRequest("Connector " + connectorClass + " failed to validate its config: "
                    + e.getMessage());
        } catch (LinkageError e) {
            throw new HerderException(500, "Connector " + connectorClass + " cannot load a class it needs (is a jar "
                    + "missing from its plugin directory?): " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        Map<String, ConfigValue> ownValues = new LinkedHashMap<>();
        for (ConfigValue v : result.configValues()) {
            ownValues.put(v.name(), v);
        }
        ownValues.keySet().removeAll(values.keySet());
        ConfigDef ownOnly = new ConfigDef();
        own.configKeys().values().stream().filter(k -> !base.configKeys().containsKey(k.name))
                .forEach(ownOnly::define);
        addAll(ownOnly, ownValues, infos, groups, "");
        int errors = 0;
        for (ConfigInfos.ConfigInfo i : infos) {
            errors += i.value().errors().size();
        }
        return new ConfigInfos(connector.getClass().getName(), errors, List.copyOf(groups), infos);
    }

    private static void checkSinkTopics(Map<String, String> config, Map<String, ConfigValue> values) {
        String topics = config.getOrDefault(ConnectorConfig.TOPICS, "").trim();
        String regex = config.getOrDefault(ConnectorConfig.TOPICS_REGEX, "").trim();
        if (topics.isEmpty() == regex.isEmpty()) {
            String msg = topics.isEmpty() ? "Must configure one of topics or topics.regex"
                    : "topics and topics.regex are mutually exclusive options, but both are set.";
            values.get(ConnectorConfig.TOPICS).addErrorMessage(msg);
            values.get(ConnectorConfig.TOPICS_REGEX).addErrorMessage(msg);
        }
        String dlq = config.getOrDefault(ConnectorConfig.DLQ_TOPIC, "").trim();
        if (!dlq.isEmpty() && List.of(topics.split("\\s*,\\s*")).contains(dlq)) {
            values.get(ConnectorConfig.DLQ_TOPIC).addErrorMessage("The DLQ topic '" + dlq
                    + "' may not be included in the list of topics ('topics=" + topics
                    + "') consumed by the connector");
        }
    }

    private void checkExactlyOnce(Connector connector, Map<String, String> config, Map<String, ConfigValue> values) {
        if (!(connector instanceof SourceConnector source)) {
            return;
        }
        ConfigValue support = values.get(ConnectorConfig.EXACTLY_ONCE_SUPPORT);
        if (support != null && support.errorMessages().isEmpty()
                && "required".equalsIgnoreCase(String.valueOf(support.value()).trim())) {
            if (!worker.exactlyOnceSourceEnabled()) {
                support.addErrorMessage("This worker does not have exactly-once source support enabled.");
            }
            try {
                ExactlyOnceSupport answer = withLoader(connector, () -> source.exactlyOnceSupport(config));
                if (answer == null) {
                    support.addErrorMessage("The connector does not implement the API required for preflight "
                            + "validation of exactly-once source support. Please consult the documentation for the "
                            + "connector to determine whether it supports exactly-once semantics, and then consider "
                            + "reconfiguring the connector to use the value \"requested\" for this property (which "
                            + "will disable this preflight check and allow the connector to be created).");
                } else if (answer == ExactlyOnceSupport.UNSUPPORTED) {
                    support.addErrorMessage("The connector does not support exactly-once semantics with the "
                            + "provided configuration.");
                }
            } catch (RuntimeException | LinkageError e) {
                support.addErrorMessage(unexpected(e));
            }
        }
        ConfigValue boundary = values.get(ConnectorConfig.TRANSACTION_BOUNDARY);
        if (boundary != null && boundary.errorMessages().isEmpty()
                && "connector".equalsIgnoreCase(String.valueOf(boundary.value()).trim())) {
            try {
                ConnectorTransactionBoundaries answer = withLoader(connector,
                        () -> source.canDefineTransactionBoundaries(config));
                if (answer == null) {
                    boundary.addErrorMessage("This connector has returned a null value from its "
                            + "canDefineTransactionBoundaries method, which is not permitted. The connector will be "
                            + "treated as if it cannot define its own transaction boundaries, and cannot be "
                            + "configured with 'transaction.boundary' set to 'connector'.");
                } else if (answer != ConnectorTransactionBoundaries.SUPPORTED) {
                    boundary.addErrorMessage("The connector does not support connector-defined transaction "
                            + "boundaries with the given configuration. Please reconfigure it to use a different "
                            + "transaction boundary definition.");
                }
            } catch (RuntimeException | LinkageError e) {
                boundary.addErrorMessage(unexpected(e));
            }
        }
    }

    private static String unexpected(Throwable e) {
        String message = e.getMessage();
        return "An unexpected error occurred during validation" + (message != null && !message.isBlank()
                ? ": " + message.trim() : "; please see the worker logs for more details.");
    }

    private static <T> T withLoader(Connector connector, java.util.function.Supplier<T> call) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(connector.getClass().getClassLoader());
        try {
            return call.get();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** A transform's or predicate's type must load, and its own settings validate under its prefix. */
    private void addPrefixed(Map<String, String> config, String listKey, Class<?> kind,
                             List<ConfigInfos.ConfigInfo> infos, Set<String> groups) {
        String aliases = config.getOrDefault(listKey, "");
        for (String raw : aliases.split(",")) {
            String alias = raw.trim();
            if (alias.isEmpty()) {
                continue;
            }
            String prefix = listKey + "." + alias + ".";
            String group = (listKey.equals("transforms") ? "Transforms: " : "Predicates: ") + alias;
            groups.add(group);
            String typeKey = prefix + "type";
            String type = config.get(typeKey);
            ConfigValue typeValue = new ConfigValue(typeKey, type, List.of(), new ArrayList<>());
            ConfigDef def = null;
            if (type == null || type.isBlank()) {
                typeValue.addErrorMessage("Missing required configuration \"" + typeKey + "\" which has no default value.");
            } else {
                try {
                    Class<?> c = worker.plugins().load(type, null);
                    Object instance = Plugins.newInstance(c, kind);
                    def = instance instanceof Transformation<?> t ? t.config() : ((Predicate<?>) instance).config();
                } catch (ClassNotFoundException | IllegalArgumentException e) {
                    typeValue.addErrorMessage("Invalid value " + type + " for configuration " + typeKey
                            + ": Class " + type + " could not be found.");
                }
            }
            infos.add(info(new ConfigInfos.ConfigKeyInfo(typeKey, "CLASS", true, null, "HIGH", "Class for the '"
                    + alias + "' " + kind.getSimpleName().toLowerCase() + ".", group, 0, "LONG", "Type", List.of()),
                    typeValue, ConfigDef.Type.CLASS));
            if (def != null) {
                Map<String, String> sub = new LinkedHashMap<>();
                config.forEach((k, v) -> {
                    if (k.startsWith(prefix)) {
                        sub.put(k.substring(prefix.length()), v);
                    }
                });
                for (ConfigValue v : def.validateAll(sub).values()) {
                    ConfigDef.ConfigKey k = def.configKeys().get(v.name());
                    if (k == null) {
                        continue;
                    }
                    ConfigValue prefixed = new ConfigValue(prefix + v.name(), v.value(), v.recommendedValues(),
                            v.errorMessages());
                    infos.add(info(keyInfo(k, prefix + k.name, group), prefixed, k.type));
                }
            }
        }
    }

    private static void addAll(ConfigDef def, Map<String, ConfigValue> values, List<ConfigInfos.ConfigInfo> infos,
                               Set<String> groups, String prefix) {
        for (ConfigDef.ConfigKey k : def.configKeys().values()) {
            if (k.group != null) {
                groups.add(k.group);
            }
            ConfigValue v = values.get(k.name);
            infos.add(info(keyInfo(k, prefix + k.name, k.group), v != null ? v : new ConfigValue(prefix + k.name),
                    k.type));
        }
    }

    private static ConfigInfos.ConfigKeyInfo keyInfo(ConfigDef.ConfigKey k, String name, String group) {
        String defaultValue = k.hasDefault() ? ConfigDef.convertToString(k.defaultValue, k.type) : null;
        return new ConfigInfos.ConfigKeyInfo(name, k.type.name(), !k.hasDefault(), defaultValue,
                k.importance == null ? null : k.importance.name(), k.documentation, group, k.orderInGroup,
                k.width == null ? null : k.width.name(), k.displayName, k.dependents);
    }

    private static ConfigInfos.ConfigInfo info(ConfigInfos.ConfigKeyInfo key, ConfigValue v, ConfigDef.Type type) {
        List<String> recommended = new ArrayList<>();
        for (Object o : v.recommendedValues()) {
            recommended.add(asString(o, type));
        }
        String value = v.value() == null ? null : asString(v.value(), type);
        ConfigInfos.ConfigValueInfo val = new ConfigInfos.ConfigValueInfo(v.name(), value, recommended,
                List.copyOf(v.errorMessages()), v.visible());
        return new ConfigInfos.ConfigInfo(key, val);
    }

    private static String asString(Object o, ConfigDef.Type type) {
        try {
            return ConfigDef.convertToString(o, type);
        } catch (ClassCastException e) {
            return String.valueOf(o); // a value that failed to parse is still reported as given
        }
    }

    /** The 400 a create or update gets when its config has errors. */
    public static void requireValid(ConfigInfos infos) {
        if (infos.errorCount() == 0) {
            return;
        }
        StringBuilder b = new StringBuilder("Connector configuration is invalid and contains the following ")
                .append(infos.errorCount()).append(" error(s):");
        for (ConfigInfos.ConfigInfo i : infos.configs()) {
            for (String e : i.value().errors()) {
                b.append('\n').append(e);
            }
        }
        b.append("\nYou can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`");
        throw HerderException.badRequest(b.toString());
    }

    /** {@code GET /connector-plugins/{plugin}/config}. */
    public List<ConfigInfos.ConfigKeyInfo> pluginConfig(String classOrAlias) {
        Plugins.Plugin p = worker.plugins().find(classOrAlias);
        if (p == null) {
            throw new HerderException(404, "Unknown plugin " + classOrAlias + ".");
        }
        Object instance = Plugins.newInstance(p.type(), Object.class);
        ConfigDef def;
        if (instance instanceof Connector c) {
            def = c.config();
        } else if (instance instanceof Transformation<?> t) {
            def = t.config();
        } else if (instance instanceof Predicate<?> pr) {
            def = pr.config();
        } else if (instance instanceof org.apache.kafka.connect.storage.Converter c) {
            def = c.config();
        } else if (instance instanceof org.apache.kafka.connect.storage.HeaderConverter h) {
            def = h.config();
        } else {
            def = new ConfigDef();
        }
        List<ConfigInfos.ConfigKeyInfo> out = new ArrayList<>();
        for (ConfigDef.ConfigKey k : def.configKeys().values()) {
            out.add(keyInfo(k, k.name, k.group));
        }
        return out;
    }
}
