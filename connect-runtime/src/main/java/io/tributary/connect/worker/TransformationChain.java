package io.tributary.connect.worker;

import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.plugins.Plugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * A connector's Single Message Transforms in their configured order, each optionally applied only where its
 * predicate holds ({@code transforms.<alias>.predicate}, inverted by {@code .negate}). A transform returning null
 * drops the record.
 */
public final class TransformationChain<R extends ConnectRecord<R>> implements AutoCloseable {

    private record Stage<R extends ConnectRecord<R>>(String alias, Transformation<R> transform,
                                                     Predicate<R> predicate, boolean negate) {
    }

    private final List<Stage<R>> stages;
    private final List<Predicate<R>> predicates;

    private TransformationChain(List<Stage<R>> stages, List<Predicate<R>> predicates) {
        this.stages = stages;
        this.predicates = predicates;
    }

    public static <R extends ConnectRecord<R>> TransformationChain<R> empty() {
        return new TransformationChain<>(List.of(), List.of());
    }

    /** Builds the chain a connector config describes; a config naming unknown classes is refused. */
    @SuppressWarnings("unchecked")
    public static <R extends ConnectRecord<R>> TransformationChain<R> build(ConnectorConfig config, Plugins plugins,
                                                                           ClassLoader connectorLoader) {
        Map<String, Predicate<R>> predicateByAlias = new HashMap<>();
        List<Predicate<R>> predicates = new ArrayList<>();
        for (String alias : config.getList(ConnectorConfig.PREDICATES)) {
            Map<String, String> sub = config.withPrefix("predicates." + alias + ".");
            Predicate<R> p = instance(plugins, connectorLoader, sub.remove("type"), Predicate.class,
                    "predicates." + alias + ".type");
            try (LoaderSwap ignored = LoaderSwap.to(p.getClass().getClassLoader())) {
                p.configure(sub);
            }
            predicateByAlias.put(alias, p);
            predicates.add(p);
        }
        List<Stage<R>> stages = new ArrayList<>();
        for (String alias : config.getList(ConnectorConfig.TRANSFORMS)) {
            Map<String, String> sub = config.withPrefix("transforms." + alias + ".");
            Transformation<R> t = instance(plugins, connectorLoader, sub.remove("type"), Transformation.class,
                    "transforms." + alias + ".type");
            String predicateAlias = sub.remove("predicate");
            boolean negate = Boolean.parseBoolean(sub.remove("negate"));
            Predicate<R> predicate = null;
            if (predicateAlias != null && !predicateAlias.isBlank()) {
                predicate = predicateByAlias.get(predicateAlias.trim());
                if (predicate == null) {
                    throw new ConfigException("transforms." + alias + ".predicate", predicateAlias,
                            "Transform's predicate is not one of the configured predicates");
                }
            }
            try (LoaderSwap ignored = LoaderSwap.to(t.getClass().getClassLoader())) {
                t.configure(sub);
            }
            stages.add(new Stage<>(alias, t, predicate, negate));
        }
        return new TransformationChain<>(stages, predicates);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> T instance(Plugins plugins, ClassLoader loader, String className, Class kind, String key) {
        if (className == null || className.isBlank()) {
            throw new ConfigException(key, null, "Missing required configuration \"" + key
                    + "\" which has no default value.");
        }
        try {
            return (T) Plugins.newInstance(plugins.load(className, loader), kind);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "Class " + className + " could not be found.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, className, e.getMessage());
        }
    }

    /** The record after every transform, or null when one dropped it. */
    public R apply(R record) {
        R current = record;
        for (Stage<R> s : stages) {
            if (s.predicate() != null && s.predicate().test(current) == s.negate()) {
                continue;
            }
            current = s.transform().apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Whether no transform is configured. */
    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public void close() {
        for (Stage<R> s : stages) {
            s.transform().close();
        }
        for (Predicate<R> p : predicates) {
            p.close();
        }
    }
}
