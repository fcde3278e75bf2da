package io.tributary.connect.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import io.tributary.connect.herder.ConnectorType;
import io.tributary.connect.herder.PluginDesc;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin discovery and isolation with real plugin locations, compiled here: location A is a jar with a service
 * manifest, location B a directory (a jar of its library plus loose classes) without any, found by reading its
 * class files. Both bring their own {@code com.example.shared.Lib}, which each must see as its own.
 */
class PluginsTest {

    private static final String ECHO_SOURCE = "com.example.a.EchoSourceConnector";
    private static final String ECHO_SINK = "com.example.b.EchoSinkConnector";
    private static final String LIB = "com.example.shared.Lib";
    private static final String NOOP = "com.example.b.Noop";

    @TempDir
    static Path tmp;

    private static Path pluginPath;
    private static Plugins plugins;

    // ---- plugin sources

    private static final String LIB_SOURCE = """
            package com.example.shared;
            public final class Lib {
                public static String id() { return "%s"; }
            }
            """;

    private static final String SHADOWED_SOURCE = """
            package io.tributary.connect.plugins;
            public final class Shadowed {
                public static String id() { return "%s"; }
            }
            """;

    // Lines rather than a text block: JDK 17's javac warns falsely of trailing white space in this one.
    private static final String ECHO_SOURCE_SOURCE = String.join("\n",
            "package com.example.a;",
            "import java.util.List;",
            "import java.util.Map;",
            "import org.apache.kafka.common.config.ConfigDef;",
            "import org.apache.kafka.connect.connector.Task;",
            "import org.apache.kafka.connect.source.SourceConnector;",
            "import org.apache.kafka.connect.source.SourceRecord;",
            "import org.apache.kafka.connect.source.SourceTask;",
            "public class EchoSourceConnector extends SourceConnector {",
            "    public void start(Map<String, String> props) { }",
            "    public Class<? extends Task> taskClass() { return EchoTask.class; }",
            "    public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(Map.of()); }",
            "    public void stop() { }",
            "    public ConfigDef config() { return new ConfigDef(); }",
            "    public String version() { return \"1.2.3\"; }",
            "    public String libId() { return com.example.shared.Lib.id(); }",
            "    public static class EchoTask extends SourceTask {",
            "        public String version() { return \"1.2.3\"; }",
            "        public void start(Map<String, String> props) { }",
            "        public List<SourceRecord> poll() { return null; }",
            "        public void stop() { }",
            "    }",
            "}");

    private static final String ECHO_SINK_SOURCE = """
            package com.example.b;
            import java.util.Collection;
            import java.util.List;
            import java.util.Map;
            import org.apache.kafka.common.config.ConfigDef;
            import org.apache.kafka.connect.connector.Task;
            import org.apache.kafka.connect.sink.SinkConnector;
            import org.apache.kafka.connect.sink.SinkRecord;
            import org.apache.kafka.connect.sink.SinkTask;
            public class EchoSinkConnector extends SinkConnector {
                public void start(Map<String, String> props) { }
                public Class<? extends Task> taskClass() { return EchoTask.class; }
                public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(Map.of()); }
                public void stop() { }
                public ConfigDef config() { return new ConfigDef(); }
                public String version() { return "4.5.6-" + com.example.shared.Lib.id(); }
                public static class EchoTask extends SinkTask {
                    public String version() { return "4.5.6"; }
                    public void start(Map<String, String> props) { }
                    public void put(Collection<SinkRecord> records) { }
                    public void stop() { }
                }
            }
            """;

    /** A transformation location B brings, without a manifest like the rest of B. */
    private static final String NOOP_SOURCE = """
            package com.example.b;
            import java.util.Map;
            import org.apache.kafka.common.config.ConfigDef;
            import org.apache.kafka.connect.connector.ConnectRecord;
            import org.apache.kafka.connect.transforms.Transformation;
            public class Noop<R extends ConnectRecord<R>> implements Transformation<R> {
                public R apply(R record) { return record; }
                public ConfigDef config() { return new ConfigDef(); }
                public void close() { }
                public void configure(Map<String, ?> configs) { }
            }
            """;

    /** Compiles the sources (path relative to the output root, text) into {@code out}, against the test's class path. */
    private static void compile(Path out, Map<String, String> sources, Path... extraClassPath) throws IOException {
        Path src = Files.createTempDirectory(tmp, "src");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            files.add(f.toString());
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", classPath(extraClassPath),
                "-proc:none", "-nowarn", "--release", "17"));
        args.addAll(files);
        StringWriter errors = new StringWriter();
        int rc = javac.run(null, null, new java.io.PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertThat(rc).as("javac: %s", errors).isZero();
    }

    /** The test's class path, plus the jars of the Connect API in case the runner hides them behind a manifest jar. */
    private static String classPath(Path... extra) {
        Set<String> entries = new LinkedHashSet<>();
        for (Path p : extra) {
            entries.add(p.toString());
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(Connector.class, org.apache.kafka.common.config.ConfigDef.class)) {
            entries.add(jarOf(c).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void jar(Path jar, Path classes, Map<String, String> extraEntries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : extraEntries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    @BeforeAll
    static void buildPluginPath() throws IOException {
        pluginPath = Files.createDirectories(tmp.resolve("plugins"));

        // Location A: one jar, with a service manifest.
        Path aClasses = tmp.resolve("a-classes");
        compile(aClasses, Map.of(
                "com/example/shared/Lib.java", LIB_SOURCE.formatted("A"),
                "io/tributary/connect/plugins/Shadowed.java", SHADOWED_SOURCE.formatted("A"),
                "com/example/a/EchoSourceConnector.java", ECHO_SOURCE_SOURCE));
        jar(pluginPath.resolve("echo-source.jar"), aClasses, Map.of(
                "META-INF/services/org.apache.kafka.connect.source.SourceConnector",
                "# the connectors of this jar\n" + ECHO_SOURCE + "\n"));

        // Location B: a directory holding its library as a jar and the connector as loose class files.
        Path bLib = tmp.resolve("b-lib");
        compile(bLib, Map.of("com/example/shared/Lib.java", LIB_SOURCE.formatted("B"),
                "io/tributary/connect/plugins/Shadowed.java", SHADOWED_SOURCE.formatted("B")));
        Path b = Files.createDirectories(pluginPath.resolve("echo-sink"));
        jar(b.resolve("lib/shared-lib.jar"), bLib, Map.of());
        // A carelessly packaged plugin: its own copy of connect-api, which must not replace the worker's.
        Files.copy(jarOf(Connector.class), b.resolve("lib/connect-api.jar"));
        compile(b, Map.of("com/example/b/EchoSinkConnector.java", ECHO_SINK_SOURCE,
                "com/example/b/Noop.java", NOOP_SOURCE), bLib);
        // The source files are not copied: only class files land in b. Something else in a location is ignored.
        Files.writeString(pluginPath.resolve("README.txt"), "not a plugin location");

        plugins = Plugins.scan(List.of(pluginPath, tmp.resolve("does-not-exist")));
    }

    private static Plugins.Plugin plugin(String classOrAlias) {
        Plugins.Plugin p = plugins.find(classOrAlias);
        assertThat(p).as("plugin %s", classOrAlias).isNotNull();
        return p;
    }

    private static String libIdThrough(ClassLoader loader) throws ReflectiveOperationException {
        return (String) Class.forName(LIB, true, loader).getMethod("id").invoke(null);
    }

    @Test
    void findsTheConnectorOfTheManifestAndTheOneOfTheClassScan() {
        assertThat(plugins.descs(true))
                .contains(new PluginDesc(ECHO_SOURCE, ConnectorType.SOURCE, "1.2.3"),
                        new PluginDesc(ECHO_SINK, ConnectorType.SINK, "4.5.6-B"));
        Plugins.Plugin source = plugin(ECHO_SOURCE);
        assertThat(source.kind()).isEqualTo(ConnectorType.SOURCE);
        assertThat(source.version()).isEqualTo("1.2.3");
        Plugins.Plugin sink = plugin(ECHO_SINK);
        assertThat(sink.kind()).isEqualTo(ConnectorType.SINK);
        assertThat(sink.version()).as("the sink's version() calls its own Lib").isEqualTo("4.5.6-B");
    }

    @Test
    void theTasksAndLibrariesOfALocationAreNotPlugins() {
        assertThat(plugins.descs(false)).extracting(PluginDesc::className)
                .doesNotContain(LIB, ECHO_SOURCE + "$EchoTask", ECHO_SINK + "$EchoTask", Shadowed.class.getName());
        assertThat(plugins.descs(false)).filteredOn(d -> d.className().startsWith("com.example."))
                .extracting(PluginDesc::className).contains(ECHO_SOURCE, ECHO_SINK)
                .allMatch(n -> n.equals(ECHO_SOURCE) || n.equals(ECHO_SINK) || n.equals(NOOP));
    }

    @Test
    void eachLocationHasItsOwnLoader() {
        Plugins.Plugin source = plugin(ECHO_SOURCE);
        Plugins.Plugin sink = plugin(ECHO_SINK);

        assertThat(source.loader()).isInstanceOf(PluginClassLoader.class);
        assertThat(sink.loader()).isInstanceOf(PluginClassLoader.class);
        assertThat(source.loader()).isNotSameAs(sink.loader());
        assertThat(source.type().getClassLoader()).isSameAs(source.loader());
        assertThat(sink.type().getClassLoader()).isSameAs(sink.loader());
        assertThat(((PluginClassLoader) source.loader()).location()).endsWith("echo-source.jar");
        assertThat(((PluginClassLoader) sink.loader()).location()).endsWith("echo-sink");
    }

    @Test
    void connectorsResolveByClassNameAndAliases() {
        assertThat(plugin("EchoSource").type().getName()).isEqualTo(ECHO_SOURCE);
        assertThat(plugin("EchoSourceConnector").type().getName()).isEqualTo(ECHO_SOURCE);
        assertThat(plugin(" " + ECHO_SOURCE + " ").type().getName()).isEqualTo(ECHO_SOURCE);
        assertThat(plugin("EchoSink").type().getName()).isEqualTo(ECHO_SINK);
        assertThat(plugins.find("NoSuchConnector")).isNull();
        assertThat(plugins.find(null)).isNull();
    }

    @Test
    void eachPluginSeesItsOwnCopyOfASharedLibrary() throws Exception {
        assertThat(libIdThrough(plugin(ECHO_SOURCE).loader())).isEqualTo("A");
        assertThat(libIdThrough(plugin(ECHO_SINK).loader())).isEqualTo("B");

        Object source = Plugins.newInstance(plugin(ECHO_SOURCE).type(), Connector.class);
        assertThat(source.getClass().getMethod("libId").invoke(source)).isEqualTo("A");
    }

    @Test
    void aPluginsOwnCopyOfAClassTheWorkerHasWins() throws Exception {
        assertThat(Shadowed.id()).isEqualTo("worker");
        for (Map.Entry<String, String> e : Map.of(ECHO_SOURCE, "A", ECHO_SINK, "B").entrySet()) {
            ClassLoader loader = plugin(e.getKey()).loader();
            Class<?> own = Class.forName(Shadowed.class.getName(), true, loader);

            assertThat(own).isNotSameAs(Shadowed.class);
            assertThat(own.getClassLoader()).isSameAs(loader);
            assertThat(own.getMethod("id").invoke(null)).isEqualTo(e.getValue());
        }
    }

    @Test
    void theConnectApiIsTheWorkersOwn() throws Exception {
        for (String name : List.of(ECHO_SOURCE, ECHO_SINK)) {
            ClassLoader loader = plugin(name).loader();
            assertThat(Class.forName("org.apache.kafka.connect.connector.Connector", false, loader))
                    .as("Connector through %s", loader).isSameAs(Connector.class);
            assertThat(Class.forName("org.apache.kafka.common.config.ConfigDef", false, loader))
                    .isSameAs(org.apache.kafka.common.config.ConfigDef.class);
            assertThat(Connector.class.isAssignableFrom(plugin(name).type())).isTrue();
        }
        assertThat(SourceConnector.class.isAssignableFrom(plugin(ECHO_SOURCE).type())).isTrue();
        assertThat(SinkConnector.class.isAssignableFrom(plugin(ECHO_SINK).type())).isTrue();
        // B carries connect-api itself (its resources are B's own), yet its classes are the worker's.
        assertThat(plugin(ECHO_SINK).loader().getResource("org/apache/kafka/connect/connector/Connector.class"))
                .asString().contains("echo-sink/lib/connect-api.jar");
        Connector c = Plugins.newInstance(plugin(ECHO_SOURCE).type(), Connector.class);
        assertThat(c.version()).isEqualTo("1.2.3");
        assertThat(c.taskClass().getClassLoader()).isSameAs(plugin(ECHO_SOURCE).loader());
    }

    @Test
    void theTransformationApiIsTheWorkersOwnEvenWhenAPluginCarriesConnectApi() throws Exception {
        // Transformation and Predicate are connect-api interfaces (package org.apache.kafka.connect.transforms),
        // which B's copy of connect-api also holds: B must still get the worker's, as for Connector.
        ClassLoader b = plugin(ECHO_SINK).loader();
        assertThat(Class.forName("org.apache.kafka.connect.transforms.Transformation", false, b))
                .isSameAs(org.apache.kafka.connect.transforms.Transformation.class);
        assertThat(Class.forName("org.apache.kafka.connect.transforms.predicates.Predicate", false, b))
                .isSameAs(org.apache.kafka.connect.transforms.predicates.Predicate.class);
    }

    @Test
    void aTransformationOfALocationWithoutManifestIsFound() {
        Plugins.Plugin noop = plugins.find(NOOP);

        assertThat(noop).as("B's transformation").isNotNull();
        assertThat(noop.kind()).isEqualTo(ConnectorType.TRANSFORMATION);
        assertThat(noop.loader()).isSameAs(plugin(ECHO_SINK).loader());
        assertThat(noop.version()).isEqualTo("undefined");
    }

    @Test
    void aPluginsClassesDoNotLeakToTheWorker() {
        assertThat(plugins.find(LIB)).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName(LIB, false,
                        PluginsTest.class.getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void loadFallsBackToTheConnectorsLoaderForItsOtherClasses() throws Exception {
        Class<?> lib = plugins.load(LIB, plugin(ECHO_SINK).loader());

        assertThat(lib.getClassLoader()).isSameAs(plugin(ECHO_SINK).loader());
        assertThat(lib.getMethod("id").invoke(null)).isEqualTo("B");
        assertThat(plugins.load(ECHO_SOURCE, null)).isSameAs(plugin(ECHO_SOURCE).type());
    }

    @Test
    void theWorkersClassPathPluginsArePresent() {
        List<PluginDesc> all = plugins.descs(false);

        assertThat(all).extracting(PluginDesc::className, PluginDesc::type)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("org.apache.kafka.connect.json.JsonConverter",
                                ConnectorType.CONVERTER),
                        org.assertj.core.groups.Tuple.tuple("org.apache.kafka.connect.json.JsonConverter",
                                ConnectorType.HEADER_CONVERTER),
                        org.assertj.core.groups.Tuple.tuple("org.apache.kafka.connect.transforms.HoistField$Value",
                                ConnectorType.TRANSFORMATION),
                        org.assertj.core.groups.Tuple.tuple(
                                "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                                ConnectorType.PREDICATE),
                        org.assertj.core.groups.Tuple.tuple(ByteArrayConverter.class.getName(),
                                ConnectorType.CONVERTER),
                        org.assertj.core.groups.Tuple.tuple(SimpleHeaderConverter.class.getName(),
                                ConnectorType.HEADER_CONVERTER));
        assertThat(all).filteredOn(d -> d.className().equals("org.apache.kafka.connect.json.JsonConverter"))
                .extracting(PluginDesc::version).containsOnly("4.3.1");
        assertThat(plugins.descs(true)).allMatch(d -> d.type() == ConnectorType.SOURCE || d.type() == ConnectorType.SINK);
    }

    @Test
    void simpleHeaderConverterIsOnlyAHeaderConverter() {
        assertThat(plugins.descs(false)).filteredOn(d -> d.className().equals(SimpleHeaderConverter.class.getName()))
                .extracting(PluginDesc::type).containsExactly(ConnectorType.HEADER_CONVERTER);
    }

    @Test
    void apachesWorkerClassNamesResolveToOurs() throws ClassNotFoundException {
        assertThat(plugin("org.apache.kafka.connect.converters.ByteArrayConverter").type())
                .isSameAs(ByteArrayConverter.class);
        assertThat(plugin("org.apache.kafka.connect.converters.LongConverter").type())
                .isSameAs(io.tributary.connect.converters.LongConverter.class);
        assertThat(plugins.load("org.apache.kafka.connect.converters.ByteArrayConverter", null))
                .isSameAs(ByteArrayConverter.class);
    }

    @Test
    void theDefaultHeaderConverterIsConnectApis() throws ClassNotFoundException {
        // connect-api carries SimpleHeaderConverter (with a service manifest): the worker's default comes from there.
        assertThat(plugin("org.apache.kafka.connect.storage.SimpleHeaderConverter").type())
                .isSameAs(SimpleHeaderConverter.class);
        assertThat(plugins.load("SimpleHeaderConverter", null)).isSameAs(SimpleHeaderConverter.class);
    }

    @Test
    void aPluginPathEntryThatDoesNotExistIsTolerated() {
        assertThat(Plugins.locations(tmp.resolve("does-not-exist"))).isEmpty();
        assertThat(Plugins.scan(List.of(tmp.resolve("does-not-exist"))).find("JsonConverter")).isNotNull();
    }

    @Test
    void theLocationsOfAnEntryAreItsSubdirectoriesAndArchives() {
        assertThat(Plugins.locations(pluginPath)).containsExactly(
                pluginPath.resolve("echo-sink"), pluginPath.resolve("echo-source.jar"));
        assertThat(Plugins.locations(pluginPath.resolve("echo-source.jar")))
                .containsExactly(pluginPath.resolve("echo-source.jar"));
    }

    @Test
    void aJarNamedDirectlyAsAPluginPathEntryIsALocation() {
        Plugins only = Plugins.scan(List.of(pluginPath.resolve("echo-source.jar")));

        assertThat(only.find(ECHO_SOURCE)).isNotNull();
        assertThat(only.find(ECHO_SINK)).isNull();
    }

    @Test
    void anInstanceIsCreatedWithItsPluginsLoaderAsContextLoader() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        Plugins.newInstance(plugin(ECHO_SOURCE).type(), Connector.class);

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Plugins.newInstance(plugin(ECHO_SOURCE).type(), org.apache.kafka.connect.storage.Converter.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Class " + ECHO_SOURCE + " is not a Converter");
    }
}
