package io.tributary.connect.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin location (a directory of jars, or one uber-jar): the plugin's own classes and its
 * dependencies first, so two plugins may bring different versions of one library, while the contract between worker
 * and plugin — the JDK, connect-api, kafka-clients and slf4j — always comes from the worker, so a plugin's
 * {@code Connector} is the worker's {@code Connector}. Kafka Connect draws the same line.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String location;

    public PluginClassLoader(String location, URL[] urls, ClassLoader worker) {
        super("plugin:" + location, urls, worker);
        this.location = location;
    }

    public String location() {
        return location;
    }

    /** True for the classes a plugin must share with the worker rather than bring its own copy of. */
    static boolean sharedWithWorker(String name) {
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("com.sun.")
                || name.startsWith("javax.") || name.startsWith("org.slf4j.") || name.startsWith("org.ietf.jgss.")
                || name.startsWith("org.w3c.dom.") || name.startsWith("org.xml.sax.")) {
            return true;
        }
        if (!name.startsWith("org.apache.kafka.")) {
            return false;
        }
        // The two connect-api interfaces that live among the transforms are the contract itself.
        if (name.equals("org.apache.kafka.connect.transforms.Transformation")
                || name.equals("org.apache.kafka.connect.transforms.predicates.Predicate")) {
            return true;
        }
        // Kafka's own plugins (transforms, JSON converter, file and mirror connectors) may be deployed in a plugin
        // directory at another version than the worker's: those load from the plugin when it has them.
        return !(name.startsWith("org.apache.kafka.connect.transforms.")
                || name.startsWith("org.apache.kafka.connect.json.")
                || name.startsWith("org.apache.kafka.connect.file.")
                || name.startsWith("org.apache.kafka.connect.mirror."));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (sharedWithWorker(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(all);
    }

    @Override
    public String toString() {
        return "PluginClassLoader{" + location + "}";
    }
}
