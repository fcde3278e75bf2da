package io.tributary.registry.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.registry.schema.InvalidSchemaException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code $ref}s of one schema document: where each leads. A {@code $ref} is resolved against the base URI in
 * effect where it is written (the nearest enclosing {@code $id}, or none), as everit and Confluent do. It may name:
 * a place in this document (a JSON pointer {@code #/definitions/a}, an anchor {@code #a} — {@code $anchor} from
 * 2019-09, an {@code $id} of {@code #a} before — or an embedded schema by its {@code $id}), or one of the schemas
 * this one references, by the reference's name as written or resolved against the document's base (so a reference
 * named {@code customer.json} answers {@code https://example.com/customer.json} in a schema whose {@code $id} is
 * {@code https://example.com/order.json}), with a pointer or anchor into it. Nothing is fetched over the network:
 * a {@code $ref} leading nowhere of these makes the schema invalid.
 *
 * <p>Also keeps, per node of the document, the compatibility model of the schema there (loaded once, on demand).
 */
final class Resolver {

    /** A schema node inside a document, and the base URI in effect around it (before its own {@code $id}). */
    record Location(Resolver resolver, JsonNode node, String scope) {
    }

    private record PendingRef(String ref, String scope, String at) {
    }

    private static final List<String> SCHEMA_MAP_KEYWORDS = List.of("properties", "patternProperties",
            "definitions", "$defs", "dependentSchemas", "dependencies");
    private static final List<String> SCHEMA_KEYWORDS = List.of("additionalProperties", "additionalItems", "items",
            "contains", "propertyNames", "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties",
            "contentSchema");
    private static final List<String> SCHEMA_ARRAY_KEYWORDS = List.of("allOf", "anyOf", "oneOf", "items",
            "prefixItems");

    final Dialect dialect;
    private final JsonNode root;
    /** The document's base URI ("" when it has no {@code $id}). */
    private final String rootScope;
    /** Schema resources of this document (the root, and subschemas with an {@code $id}) by URI. */
    private final Map<String, Location> resources = new HashMap<>();
    /** Anchors, by resource URI + "#" + name. */
    private final Map<String, Location> anchors = new HashMap<>();
    /** The referenced schemas by reference name, and by that name resolved against the base. */
    private final Map<String, JsonSchema> external = new HashMap<>();
    private final List<PendingRef> refs = new ArrayList<>();
    private final Map<JsonNode, Model.Node> models = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Loader loader;

    /** Indexes {@code root} and checks that every {@code $ref} in it leads somewhere. */
    Resolver(JsonNode root, Dialect dialect, Map<String, JsonSchema> referenced) throws InvalidSchemaException {
        this.root = root;
        this.dialect = dialect;
        this.loader = new Loader(this, dialect);
        resources.put("", new Location(this, root, ""));
        this.rootScope = applyId(root, "");
        for (Map.Entry<String, JsonSchema> e : referenced.entrySet()) {
            external.putIfAbsent(e.getKey(), e.getValue());
            external.putIfAbsent(resolveUri(rootScope, e.getKey()), e.getValue());
        }
        index(root, "", "#");
        for (PendingRef r : refs) {
            if (resolve(r.ref(), r.scope()) == null) {
                throw new InvalidSchemaException("the $ref '" + r.ref() + "' at '" + r.at() + "' leads neither to "
                        + "a schema within this one nor to one of its references "
                        + (referenced.isEmpty() ? "(it has none)" : referenced.keySet().toString()));
            }
        }
    }

    /** The model of the whole document. */
    Model.Node rootModel() {
        return modelAt(new Location(this, root, ""));
    }

    /** The model of the schema a {@code $ref} written at {@code scope} names. */
    Model.Node modelOfRef(String ref, String scope) {
        Location target = resolve(ref, scope);
        if (target == null) {
            // Checked when the schema was parsed; a model is only built for a schema that passed.
            throw new IllegalStateException("unresolvable $ref '" + ref + "'");
        }
        return modelAt(target);
    }

    private static Model.Node modelAt(Location at) {
        Resolver owner = at.resolver();
        Model.Node known = owner.models.get(at.node());
        if (known != null) {
            return known;
        }
        // Loading never follows a $ref (a RefSchema resolves on demand), so this does not recurse into the map.
        Model.Node built = owner.loader.load(at.node(), at.scope());
        Model.Node raced = owner.models.putIfAbsent(at.node(), built);
        return raced != null ? raced : built;
    }

    // ---- indexing ----

    /** The base URI inside {@code node}: {@code scope} changed by the node's {@code $id}, if it names a resource. */
    String applyId(JsonNode node, String scope) {
        JsonNode id = node.isObject() ? node.get(dialect.idKeyword) : null;
        if (id == null || !id.isTextual()) {
            return scope;
        }
        String uri = withoutFragment(id.asText());
        return uri.isEmpty() ? scope : resolveUri(scope, uri);
    }

    private void index(JsonNode node, String outer, String at) {
        if (!node.isObject()) {
            return;
        }
        String scope = applyId(node, outer);
        Location here = new Location(this, node, outer);
        if (!scope.equals(outer)) {
            resources.putIfAbsent(scope, here);
        }
        JsonNode id = node.get(dialect.idKeyword);
        if (id != null && id.isTextual() && !dialect.modern()) {
            String fragment = fragment(id.asText());
            if (fragment != null && !fragment.isEmpty() && !fragment.startsWith("/")) {
                anchors.putIfAbsent(scope + "#" + fragment, here);
            }
        }
        JsonNode anchor = node.get("$anchor");
        if (dialect.modern() && anchor != null && anchor.isTextual()) {
            anchors.putIfAbsent(scope + "#" + anchor.asText(), here);
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            refs.add(new PendingRef(ref.asText(), scope, at));
        }
        for (String keyword : SCHEMA_MAP_KEYWORDS) {
            JsonNode map = node.get(keyword);
            if (map != null && map.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    index(e.getValue(), scope, at + "/" + keyword + "/" + e.getKey());
                }
            }
        }
        for (String keyword : SCHEMA_KEYWORDS) {
            JsonNode child = node.get(keyword);
            if (child != null && child.isObject()) {
                index(child, scope, at + "/" + keyword);
            }
        }
        for (String keyword : SCHEMA_ARRAY_KEYWORDS) {
            JsonNode array = node.get(keyword);
            if (array != null && array.isArray()) {
                for (int i = 0; i < array.size(); i++) {
                    index(array.get(i), scope, at + "/" + keyword + "/" + i);
                }
            }
        }
    }

    // ---- resolution ----

    /** Where {@code ref}, written where {@code scope} is the base URI, leads; null when nowhere. */
    Location resolve(String ref, String scope) {
        String uri = withoutFragment(ref);
        String fragment = fragment(ref);
        String document = uri.isEmpty() ? scope : resolveUri(scope, uri);
        Location resource = resources.get(document);
        if (resource != null) {
            return within(resource, document, fragment);
        }
        JsonSchema dependency = external.get(document);
        if (dependency == null) {
            dependency = external.get(uri);
        }
        if (dependency != null) {
            Resolver other = dependency.resolver();
            return other.within(other.resources.get(""), other.rootScope, fragment);
        }
        return null;
    }

    /** The place {@code fragment} names inside the resource at {@code resource}, whose own URI is {@code uri}. */
    private Location within(Location resource, String uri, String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return resource;
        }
        if (!fragment.startsWith("/")) {
            return anchors.get(uri + "#" + fragment);
        }
        JsonNode node = resource.node();
        String inner = uri;
        String outer = resource.scope();
        for (String raw : percentDecode(fragment).substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray() && token.matches("0|[1-9][0-9]{0,8}")) {
                node = node.get(Integer.parseInt(token));
            } else {
                node = null;
            }
            if (node == null) {
                return null;
            }
            outer = inner;
            inner = applyId(node, outer);
        }
        return node.isObject() || node.isBoolean() ? new Location(this, node, outer) : null;
    }

    // ---- URIs ----

    static String withoutFragment(String ref) {
        int hash = ref.indexOf('#');
        return hash < 0 ? ref : ref.substring(0, hash);
    }

    /** The fragment of {@code ref} (without its {@code #}); null when it has none. */
    static String fragment(String ref) {
        int hash = ref.indexOf('#');
        return hash < 0 ? null : ref.substring(hash + 1);
    }

    /** {@code ref} (without a fragment) resolved against {@code base}; a base of "" leaves it as written. */
    static String resolveUri(String base, String ref) {
        try {
            URI r = new URI(ref);
            if (base.isEmpty() || r.isAbsolute()) {
                return withoutFragment(r.toString());
            }
            URI b = new URI(base);
            if (b.isOpaque()) {
                return ref.isEmpty() ? base : ref;
            }
            if (b.getRawAuthority() != null && (b.getRawPath() == null || b.getRawPath().isEmpty())) {
                // java.net.URI would join "https://host" and "a.json" into "https://hosta.json".
                b = new URI(b.getScheme() + "://" + b.getRawAuthority() + "/");
            }
            return withoutFragment(b.resolve(r).toString());
        } catch (URISyntaxException e) {
            return ref;
        }
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
