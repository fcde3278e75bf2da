package io.tributary.registry.schema.protobuf;

import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import io.tributary.registry.schema.InvalidSchemaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links a file with Wire's linker against the files it imports — the referenced schemas' closure, each under its
 * reference name, and the well-known files — so that every type and option it names must exist.
 */
final class ProtoLinking {

    private ProtoLinking() {
    }

    /** The element under {@code path}: the linker knows a file by the path it is imported as. */
    static ProtoFileElement locatedAt(ProtoFileElement e, String path) {
        return e.copy(Location.get("", path), e.getPackageName(), e.getSyntax(), e.getImports(),
                e.getPublicImports(), e.getWeakImports(), e.getTypes(), e.getServices(), e.getExtendDeclarations(),
                e.getOptions());
    }

    /**
     * Links {@code main} (located at {@code mainPath}) against {@code closure} (import path → file) and the
     * well-known files; answers the model of {@code main}.
     */
    static ProtoModel link(String mainPath, ProtoFileElement main, Map<String, ProtoFileElement> closure)
            throws InvalidSchemaException {
        checkImports("it", main, closure);
        for (Map.Entry<String, ProtoFileElement> e : closure.entrySet()) {
            checkImports("the referenced " + e.getKey(), e.getValue(), closure);
        }
        Map<String, ProtoFileElement> files = new LinkedHashMap<>(closure);
        files.put(mainPath, main);
        try {
            Schema schema = linkFiles(files, List.of(mainPath));
            return ProtoModel.of(schema.protoFile(mainPath));
        } catch (RuntimeException e) {
            // SchemaException (unresolved types and options, clashing numbers or names, proto3 rules) and the
            // IllegalState/IllegalArgument exceptions Wire throws for the rest.
            throw new InvalidSchemaException("Invalid Protobuf schema: " + message(e), e);
        }
    }

    /** Every well-known file linked together once, by path (their types resolve a schema's imports of them). */
    static Map<String, ProtoModel> wellKnown() {
        return WellKnownHolder.MODELS;
    }

    private static final class WellKnownHolder {
        static final Map<String, ProtoModel> MODELS = linkWellKnown();

        private static Map<String, ProtoModel> linkWellKnown() {
            List<String> paths = new ArrayList<>(WellKnownProtos.paths());
            Schema schema = linkFiles(Map.of(), paths);
            Map<String, ProtoModel> out = new LinkedHashMap<>();
            for (String path : paths) {
                out.put(path, ProtoModel.of(schema.protoFile(path)));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** Well-known files linked together (for reading descriptors with Wire's adapters). */
    static Schema linkWellKnownSchema(List<String> paths) {
        return linkFiles(Map.of(), paths);
    }

    private static Schema linkFiles(Map<String, ProtoFileElement> files, List<String> roots) {
        ClosureLoader loader = new ClosureLoader(files);
        List<ProtoFile> sources = new ArrayList<>();
        for (String root : roots) {
            sources.add(loader.load(root));
        }
        return new Linker(loader, new ErrorCollector(), true, false).link(sources);
    }

    private static void checkImports(String who, ProtoFileElement file, Map<String, ProtoFileElement> closure)
            throws InvalidSchemaException {
        Set<String> imports = new LinkedHashSet<>(file.getImports());
        imports.addAll(file.getPublicImports());
        imports.addAll(file.getWeakImports());
        for (String imported : imports) {
            if (!closure.containsKey(imported) && !WellKnownProtos.isKnown(imported)) {
                throw new InvalidSchemaException("Invalid Protobuf schema: " + who + " imports \"" + imported
                        + "\", which is neither a "
                        + "reference (give it in \"references\" with that name) nor a well-known file "
                        + "(google/protobuf/*.proto, google/type/*.proto, confluent/meta.proto, "
                        + "confluent/type/decimal.proto)");
            }
        }
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // Wire's multi-line messages ("unable to resolve X\n  for field f (...)\n  in message M (...)") read
        // well on one line in a JSON error body.
        return m.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    /** Files by path: the given ones first (a reference may shadow a well-known path), then the well-known. */
    private static final class ClosureLoader implements Loader {
        private final Map<String, ProtoFileElement> files;
        private final Map<String, ProtoFile> loaded = new HashMap<>();

        ClosureLoader(Map<String, ProtoFileElement> files) {
            this.files = files;
        }

        @Override
        public ProtoFile load(String path) {
            return loaded.computeIfAbsent(path, p -> {
                ProtoFileElement e = files.get(p);
                if (e == null) {
                    e = WellKnownProtos.element(p).orElseThrow(
                            () -> new IllegalStateException("no file " + p + " to import"));
                }
                // A fresh ProtoFile per link: linking fills in the types and options of Wire's objects.
                return ProtoFile.Companion.get(e);
            });
        }

        @Override
        public Loader withErrors(ErrorCollector errors) {
            return this;
        }
    }
}
