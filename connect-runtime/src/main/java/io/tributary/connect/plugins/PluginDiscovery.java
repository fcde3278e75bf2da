package io.tributary.connect.plugins;

import io.tributary.connect.herder.ConnectorType;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Finds the plugins of one class loader: first through their service manifests ({@code META-INF/services}, which
 * Kafka 3.6+ plugins carry, KIP-898), and for a plugin location without any, by reading its class files — slower,
 * but older connectors have no manifests.
 */
final class PluginDiscovery {

    private static final Logger LOG = Logger.getLogger(PluginDiscovery.class.getName());

    /** The plugin interfaces, in the order a class implementing several is reported. */
    static final Map<Class<?>, ConnectorType> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(SourceConnector.class, ConnectorType.SOURCE);
        KINDS.put(SinkConnector.class, ConnectorType.SINK);
        KINDS.put(Converter.class, ConnectorType.CONVERTER);
        KINDS.put(HeaderConverter.class, ConnectorType.HEADER_CONVERTER);
        KINDS.put(Transformation.class, ConnectorType.TRANSFORMATION);
        KINDS.put(Predicate.class, ConnectorType.PREDICATE);
        KINDS.put(ConfigProvider.class, ConnectorType.CONFIG_PROVIDER);
        KINDS.put(ConnectRestExtension.class, ConnectorType.REST_EXTENSION);
        KINDS.put(ConnectorClientConfigOverridePolicy.class, ConnectorType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY);
    }

    private PluginDiscovery() {
    }

    /**
     * The plugins {@code loader} can load. With {@code ownOnly}, only classes that loader defines itself (a plugin
     * location's loader also sees the worker's manifests through its parent).
     */
    static List<Plugins.Plugin> discover(ClassLoader loader, boolean ownOnly) {
        List<Plugins.Plugin> out = new ArrayList<>();
        for (Map.Entry<Class<?>, ConnectorType> kind : KINDS.entrySet()) {
            ServiceLoader<?> services = ServiceLoader.load(kind.getKey(), loader);
            var it = services.stream().iterator();
            while (true) {
                ServiceLoader.Provider<?> provider;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    provider = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.log(Level.WARNING, "Skipping a " + kind.getValue().json() + " plugin that cannot load in "
                            + loader + ": " + e);
                    continue;
                }
                Class<?> type = provider.type();
                if (!ownOnly || type.getClassLoader() == loader) {
                    out.add(plugin(type, loader, kind.getValue()));
                }
            }
        }
        if (out.isEmpty() && ownOnly && loader instanceof URLClassLoader urls) {
            out.addAll(scanClassFiles(urls));
        }
        return out;
    }

    private static Plugins.Plugin plugin(Class<?> type, ClassLoader loader, ConnectorType kind) {
        return new Plugins.Plugin(type, loader, kind, version(type));
    }

    /** Kafka Connect reports a plugin's {@code version()}, or "undefined" for one that has none. */
    static String version(Class<?> type) {
        if (!Versioned.class.isAssignableFrom(type)) {
            return "undefined";
        }
        try {
            return PluginVersion.of(Plugins.newInstance(type, Versioned.class));
        } catch (RuntimeException | LinkageError e) {
            return "undefined";
        }
    }

    private static List<Plugins.Plugin> scanClassFiles(URLClassLoader loader) {
        List<Plugins.Plugin> out = new ArrayList<>();
        for (URL url : loader.getURLs()) {
            for (String className : classNames(url)) {
                Class<?> c;
                try {
                    c = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    continue; // a class whose dependencies are absent cannot be a usable plugin
                }
                if (c.getClassLoader() != loader || !Modifier.isPublic(c.getModifiers())
                        || Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
                    continue;
                }
                for (Map.Entry<Class<?>, ConnectorType> kind : KINDS.entrySet()) {
                    if (kind.getKey().isAssignableFrom(c)) {
                        out.add(plugin(c, loader, kind.getValue()));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> classNames(URL url) {
        List<String> names = new ArrayList<>();
        try {
            Path p = Path.of(url.toURI());
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(toClassName(p.relativize(f).toString().replace('\\', '/'))));
                }
            } else {
                try (JarFile jar = new JarFile(p.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                            names.add(toClassName(n));
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            LOG.warning("Cannot read " + url + " for plugins: " + e);
        }
        names.removeIf(n -> n.endsWith("module-info") || n.endsWith("package-info"));
        return names;
    }

    private static String toClassName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
