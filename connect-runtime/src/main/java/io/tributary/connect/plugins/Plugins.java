package io.tributary.connect.plugins;

import io.tributary.connect.herder.ConnectorType;
import io.tributary.connect.herder.PluginDesc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The plugins a worker can run: those on its own class path (Apache's JSON converter and transforms, ours) and those
 * found under {@code plugin.path}, each location in its own {@link PluginClassLoader}. A plugin is named by its class
 * name or an alias (the simple name, and for connectors also without the "Connector" suffix), as in Kafka Connect.
 */
public final class Plugins {

    private static final Logger LOG = Logger.getLogger(Plugins.class.getName());

    /** Every (class, kind) found: JsonConverter, say, is both a converter and a header converter. */
    private final List<Plugin> all;
    private final Map<String, Plugin> byClassName = new HashMap<>();
    private final Map<String, String> aliases;

    private Plugins(List<Plugin> all) {
        this.all = List.copyOf(all);
        for (Plugin p : all) {
            byClassName.putIfAbsent(p.type().getName(), p);
        }
        this.aliases = aliases(byClassName.values());
    }

    /** One plugin class, the loader it was found in, its kind and version. */
    public record Plugin(Class<?> type, ClassLoader loader, ConnectorType kind, String version) {

        public PluginDesc desc() {
            return new PluginDesc(type.getName(), kind, version);
        }
    }

    /** Scans the worker's class path and every location under the given {@code plugin.path} entries. */
    public static Plugins scan(List<Path> pluginPath) {
        long start = System.nanoTime();
        ClassLoader worker = Plugins.class.getClassLoader();
        Map<String, Plugin> found = new LinkedHashMap<>(); // by class name and kind
        for (Plugin p : PluginDiscovery.discover(worker, false)) {
            found.putIfAbsent(key(p), p);
        }
        for (Plugin p : BuiltinPlugins.all(worker)) {
            found.putIfAbsent(key(p), p);
        }
        int locations = 0;
        for (Path root : pluginPath) {
            for (Path location : locations(root)) {
                locations++;
                PluginClassLoader loader = new PluginClassLoader(location.toString(), urls(location), worker);
                for (Plugin p : PluginDiscovery.discover(loader, true)) {
                    // The first location wins for a class found twice, as Kafka Connect (which warns too).
                    Plugin earlier = found.putIfAbsent(key(p), p);
                    if (earlier != null && earlier.loader() != p.loader()) {
                        LOG.warning("Plugin " + p.type().getName() + " found again in " + location + "; using the one in "
                                + earlier.loader());
                    }
                }
            }
        }
        LOG.info("Found " + found.size() + " plugins in " + locations + " plugin locations in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return new Plugins(new ArrayList<>(found.values()));
    }

    private static String key(Plugin p) {
        return p.type().getName() + "/" + p.kind();
    }

    /** What the plugin path entry holds: each subdirectory and each jar directly under it is a location. */
    static List<Path> locations(Path root) {
        if (!Files.exists(root)) {
            LOG.warning("plugin.path entry " + root + " does not exist");
            return List.of();
        }
        if (isArchive(root)) {
            return List.of(root);
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(p -> Files.isDirectory(p) || isArchive(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugin.path entry " + root, e);
        }
    }

    private static boolean isArchive(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".jar") || n.endsWith(".zip"));
    }

    /** A location's class path: an archive itself, or a directory's jars (at any depth) and its class files. */
    private static URL[] urls(Path location) {
        try {
            if (isArchive(location)) {
                return new URL[]{location.toUri().toURL()};
            }
            List<URL> urls = new ArrayList<>();
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : files.filter(Plugins::isArchive).sorted(Comparator.naturalOrder()).toList()) {
                    urls.add(f.toUri().toURL());
                }
            }
            urls.add(location.toUri().toURL()); // loose class files
            return urls.toArray(URL[]::new);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read plugin location " + location, e);
        }
    }

    private static Map<String, String> aliases(Iterable<Plugin> plugins) {
        Map<String, List<String>> candidates = new HashMap<>();
        for (Plugin p : plugins) {
            String simple = p.type().getSimpleName();
            candidates.computeIfAbsent(simple, k -> new ArrayList<>()).add(p.type().getName());
            if ((p.kind() == ConnectorType.SOURCE || p.kind() == ConnectorType.SINK) && simple.endsWith("Connector")
                    && simple.length() > "Connector".length()) {
                String shortName = simple.substring(0, simple.length() - "Connector".length());
                candidates.computeIfAbsent(shortName, k -> new ArrayList<>()).add(p.type().getName());
            }
        }
        Map<String, String> out = new HashMap<>();
        // An alias that two plugins share names neither (Kafka Connect's rule).
        candidates.forEach((alias, names) -> {
            if (names.stream().distinct().count() == 1) {
                out.put(alias, names.get(0));
            }
        });
        out.putAll(BuiltinPlugins.APACHE_NAMES);
        return out;
    }

    public List<PluginDesc> descs(boolean connectorsOnly) {
        return all.stream()
                .filter(p -> !connectorsOnly || p.kind() == ConnectorType.SOURCE || p.kind() == ConnectorType.SINK)
                .map(Plugin::desc)
                .sorted(Comparator.comparing(PluginDesc::className).thenComparing(d -> d.type().json()))
                .toList();
    }

    /** The plugin of that class name or alias, or null. */
    public Plugin find(String classOrAlias) {
        if (classOrAlias == null) {
            return null;
        }
        Plugin p = byClassName.get(classOrAlias.trim());
        if (p == null) {
            String name = aliases.get(classOrAlias.trim());
            p = name == null ? null : byClassName.get(name);
        }
        return p;
    }

    /**
     * Loads a class named in a connector's config: a discovered plugin, else through the connector's own loader (a
     * class its location brings but did not declare as a plugin), else the worker's class path.
     */
    public Class<?> load(String classOrAlias, ClassLoader connectorLoader) throws ClassNotFoundException {
        Plugin p = find(classOrAlias);
        if (p != null) {
            return p.type();
        }
        ClassLoader loader = connectorLoader != null ? connectorLoader : Plugins.class.getClassLoader();
        return Class.forName(classOrAlias.trim(), true, loader);
    }

    /** Creates an instance with the plugin's loader as the thread's context loader, as plugins expect. */
    public static <T> T newInstance(Class<?> type, Class<T> as) {
        if (!as.isAssignableFrom(type)) {
            throw new IllegalArgumentException("Class " + type.getName() + " is not a " + as.getSimpleName());
        }
        try (LoaderSwap ignored = LoaderSwap.to(type.getClassLoader())) {
            return as.cast(type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot instantiate " + type.getName() + ": " + e, e);
        }
    }
}
