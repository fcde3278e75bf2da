package io.tributary.registry.schema.json;

import io.tributary.registry.schema.json.Difference.Type;
import io.tributary.registry.schema.json.Model.ArraySchema;
import io.tributary.registry.schema.json.Model.CombinedSchema;
import io.tributary.registry.schema.json.Model.Common;
import io.tributary.registry.schema.json.Model.ConstSchema;
import io.tributary.registry.schema.json.Model.Criterion;
import io.tributary.registry.schema.json.Model.EmptySchema;
import io.tributary.registry.schema.json.Model.EnumSchema;
import io.tributary.registry.schema.json.Model.FalseSchema;
import io.tributary.registry.schema.json.Model.Node;
import io.tributary.registry.schema.json.Model.NotSchema;
import io.tributary.registry.schema.json.Model.NumberSchema;
import io.tributary.registry.schema.json.Model.ObjectSchema;
import io.tributary.registry.schema.json.Model.RefSchema;
import io.tributary.registry.schema.json.Model.StringSchema;
import io.tributary.registry.schema.json.Model.TrueSchema;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The differences between a writer's schema ("original") and a reader's ("update"), classified as Confluent's
 * registry classifies them: it walks both schemas side by side and names each difference (a property added to an
 * open content model, a maximum decreased, a type changed, ...); the reader can read the writer's data when every
 * difference is of a compatible kind ({@link Difference.Type#compatible}).
 *
 * <p>Content models: an object schema is open when it allows any additional property (no
 * {@code additionalProperties: false}, no schema for additional properties, no {@code patternProperties}, no
 * closing {@code unevaluatedProperties}), closed when it allows none, partially open when additional properties must
 * match a schema (a pattern's, or {@code additionalProperties}'). A property the writer has and the reader lacks is
 * fine when the reader is open, or partially open with a schema that reads the property's values; one the reader
 * adds is fine when the writer was closed (the writer never wrote it) or partially open with a schema the reader's
 * property reads, unless the reader requires it without a default. Arrays' tuple items follow the same rules.
 */
final class SchemaDiff {

    /** How many {@code $ref}s in a row are followed before a chain is taken for a loop (and so, any value). */
    private static final int MAX_REF_CHAIN = 64;

    private SchemaDiff() {
    }

    static List<Difference> compare(Node original, Node update) {
        Context ctx = new Context(new ArrayDeque<>(), Collections.newSetFromMap(new IdentityHashMap<>()),
                new HashSet<>());
        compare(ctx, original, update);
        return ctx.found;
    }

    /** Where the walk is, what it found, and which schemas it is inside (so a recursive schema terminates). */
    private static final class Context {
        final Deque<String> path;
        final List<Difference> found = new ArrayList<>();
        /** Original schemas being compared further up (Confluent's guard: one is not compared inside itself). */
        final Set<Node> inside;
        /** (original, update) pairs being compared further up, shared by every sub-context. */
        final Set<Pair> pairs;

        Context(Deque<String> path, Set<Node> inside, Set<Pair> pairs) {
            this.path = path;
            this.inside = inside;
            this.pairs = pairs;
        }

        /** A context at the same place that collects on its own, to try a comparison. */
        Context sub() {
            Set<Node> copy = Collections.newSetFromMap(new IdentityHashMap<>());
            copy.addAll(inside);
            return new Context(new ArrayDeque<>(path), copy, pairs);
        }

        boolean compatible() {
            for (Difference d : found) {
                if (!d.type().compatible) {
                    return false;
                }
            }
            return true;
        }

        void add(Type type) {
            found.add(new Difference(type, "#/" + String.join("/", path)));
        }

        void add(String keyword, Type type) {
            path.addLast(keyword);
            add(type);
            path.removeLast();
        }

        void addAll(Context other) {
            found.addAll(other.found);
        }

        void enter(String segment) {
            path.addLast(segment);
        }

        void leave() {
            path.removeLast();
        }
    }

    /** Two schema instances, compared by identity. */
    private record Pair(Node original, Node update) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.original == original && p.update == update;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(original) + System.identityHashCode(update);
        }
    }

    private static void compare(Context ctx, Node original, Node update) {
        if (original == null && update == null) {
            return;
        }
        if (original == null) {
            ctx.add(Type.SCHEMA_ADDED);
            return;
        }
        if (update == null) {
            ctx.add(Type.SCHEMA_REMOVED);
            return;
        }
        Node o = dereference(original);
        Node u = dereference(update);
        Pair pair = new Pair(o, u);
        if (!ctx.pairs.add(pair)) {
            // This very comparison is under way further up: a recursive schema on both sides.
            return;
        }
        try {
            compareResolved(ctx, o, u);
        } finally {
            ctx.pairs.remove(pair);
        }
    }

    private static Node dereference(Node node) {
        for (int i = 0; i < MAX_REF_CHAIN && node instanceof RefSchema ref; i++) {
            node = ref.target();
        }
        return node instanceof RefSchema ? new EmptySchema(Common.NONE) : node;
    }

    private static void compareResolved(Context ctx, Node o, Node u) {
        if (!(o instanceof CombinedSchema) && u instanceof CombinedSchema uc) {
            // The reader is a union: enough that one of its branches reads what the writer wrote.
            if (uc.subschemas().size() == 1) {
                Context sub = ctx.sub();
                compare(sub, o, uc.subschemas().get(0));
                if (sub.compatible()) {
                    ctx.addAll(sub);
                    return;
                }
            } else if (uc.criterion() != Criterion.ALL_OF) {
                for (Node branch : uc.subschemas()) {
                    Context sub = ctx.sub();
                    compare(sub, o, branch);
                    if (sub.compatible()) {
                        ctx.addAll(sub);
                        ctx.add(Type.SUM_TYPE_EXTENDED);
                        return;
                    }
                }
            }
        } else if (o instanceof CombinedSchema oc && !(u instanceof CombinedSchema)) {
            // The writer was an intersection: enough that the reader reads one of its parts.
            if (oc.subschemas().size() == 1) {
                Context sub = ctx.sub();
                compare(sub, oc.subschemas().get(0), u);
                if (sub.compatible()) {
                    ctx.addAll(sub);
                    return;
                }
            } else if (oc.criterion() == Criterion.ALL_OF) {
                for (Node part : oc.subschemas()) {
                    Context sub = ctx.sub();
                    compare(sub, part, u);
                    if (sub.compatible()) {
                        ctx.addAll(sub);
                        ctx.add(Type.PRODUCT_TYPE_NARROWED);
                        return;
                    }
                }
            }
        }

        if (o.getClass() != u.getClass()) {
            // A writer allowing nothing, or a reader allowing anything, cannot disagree.
            if (o instanceof FalseSchema || u instanceof EmptySchema || u instanceof TrueSchema) {
                return;
            }
            // Kafka Connect writes bytes as a string or as a number; either reads the other.
            if ("bytes".equals(o.common().connectType()) && "bytes".equals(u.common().connectType())) {
                return;
            }
            ctx.add(Type.TYPE_CHANGED);
            return;
        }

        if (!ctx.inside.add(o)) {
            return;
        }
        try {
            Common oc = o.common();
            Common uc = u.common();
            if (!Objects.equals(oc.id(), uc.id())) {
                ctx.add(Type.ID_CHANGED);
            }
            if (!Objects.equals(oc.title(), uc.title())) {
                ctx.add(Type.TITLE_CHANGED);
            }
            if (!Objects.equals(oc.description(), uc.description())) {
                ctx.add(Type.DESCRIPTION_CHANGED);
            }
            if (!Objects.equals(oc.defaultValue(), uc.defaultValue())) {
                ctx.add(Type.DEFAULT_CHANGED);
            }
            if (o instanceof StringSchema s) {
                strings(ctx, s, (StringSchema) u);
            } else if (o instanceof NumberSchema n) {
                numbers(ctx, n, (NumberSchema) u);
            } else if (o instanceof ConstSchema c) {
                if (!c.value().equals(((ConstSchema) u).value())) {
                    ctx.add("const", Type.ENUM_ARRAY_CHANGED);
                }
            } else if (o instanceof EnumSchema e) {
                enums(ctx, e, (EnumSchema) u);
            } else if (o instanceof CombinedSchema c) {
                combined(ctx, c, (CombinedSchema) u);
            } else if (o instanceof NotSchema n) {
                not(ctx, n, (NotSchema) u);
            } else if (o instanceof ObjectSchema obj) {
                objects(ctx, obj, (ObjectSchema) u);
            } else if (o instanceof ArraySchema a) {
                arrays(ctx, a, (ArraySchema) u);
            }
            // Boolean, null, empty, true, false and if/then/else schemas have nothing more to compare.
        } finally {
            ctx.inside.remove(o);
        }
    }

    // ---- strings, numbers, enums, not ----

    private static void strings(Context ctx, StringSchema o, StringSchema u) {
        limit(ctx, "maxLength", o.maxLength(), u.maxLength(), Type.MAX_LENGTH_ADDED, Type.MAX_LENGTH_REMOVED,
                Type.MAX_LENGTH_INCREASED, Type.MAX_LENGTH_DECREASED);
        limit(ctx, "minLength", o.minLength(), u.minLength(), Type.MIN_LENGTH_ADDED, Type.MIN_LENGTH_REMOVED,
                Type.MIN_LENGTH_INCREASED, Type.MIN_LENGTH_DECREASED);
        if (o.pattern() == null && u.pattern() != null) {
            ctx.add("pattern", Type.PATTERN_ADDED);
        } else if (o.pattern() != null && u.pattern() == null) {
            ctx.add("pattern", Type.PATTERN_REMOVED);
        } else if (o.pattern() != null && !o.pattern().equals(u.pattern())) {
            ctx.add("pattern", Type.PATTERN_CHANGED);
        }
    }

    private static void numbers(Context ctx, NumberSchema o, NumberSchema u) {
        limit(ctx, "maximum", o.maximum(), u.maximum(), Type.MAXIMUM_ADDED, Type.MAXIMUM_REMOVED,
                Type.MAXIMUM_INCREASED, Type.MAXIMUM_DECREASED);
        limit(ctx, "minimum", o.minimum(), u.minimum(), Type.MINIMUM_ADDED, Type.MINIMUM_REMOVED,
                Type.MINIMUM_INCREASED, Type.MINIMUM_DECREASED);
        limit(ctx, "exclusiveMaximum", o.exclusiveMaximum(), u.exclusiveMaximum(), Type.EXCLUSIVE_MAXIMUM_ADDED,
                Type.EXCLUSIVE_MAXIMUM_REMOVED, Type.EXCLUSIVE_MAXIMUM_INCREASED, Type.EXCLUSIVE_MAXIMUM_DECREASED);
        limit(ctx, "exclusiveMinimum", o.exclusiveMinimum(), u.exclusiveMinimum(), Type.EXCLUSIVE_MINIMUM_ADDED,
                Type.EXCLUSIVE_MINIMUM_REMOVED, Type.EXCLUSIVE_MINIMUM_INCREASED, Type.EXCLUSIVE_MINIMUM_DECREASED);
        BigDecimal om = o.multipleOf();
        BigDecimal um = u.multipleOf();
        boolean same = om == null ? um == null : um != null && om.compareTo(um) == 0;
        if (!same) {
            if (om == null) {
                ctx.add("multipleOf", Type.MULTIPLE_OF_ADDED);
            } else if (um == null) {
                ctx.add("multipleOf", Type.MULTIPLE_OF_REMOVED);
            } else if (om.signum() != 0 && um.remainder(om).signum() == 0) {
                // Every multiple of the new value was a multiple of the old: fewer values accepted.
                ctx.add("multipleOf", Type.MULTIPLE_OF_EXPANDED);
            } else if (um.signum() != 0 && om.remainder(um).signum() == 0) {
                ctx.add("multipleOf", Type.MULTIPLE_OF_REDUCED);
            } else {
                ctx.add("multipleOf", Type.MULTIPLE_OF_CHANGED);
            }
        }
        if (o.requiresInteger() != u.requiresInteger()) {
            ctx.add(o.requiresInteger() ? Type.TYPE_EXTENDED : Type.TYPE_NARROWED);
        }
    }

    /** An optional numeric keyword: added, removed, or its value up or down. */
    private static void limit(Context ctx, String keyword, Number o, Number u, Type added, Type removed,
                              Type increased, Type decreased) {
        if (o == null && u == null) {
            return;
        }
        if (o == null) {
            ctx.add(keyword, added);
        } else if (u == null) {
            ctx.add(keyword, removed);
        } else {
            int cmp = new BigDecimal(o.toString()).compareTo(new BigDecimal(u.toString()));
            if (cmp < 0) {
                ctx.add(keyword, increased);
            } else if (cmp > 0) {
                ctx.add(keyword, decreased);
            }
        }
    }

    private static void enums(Context ctx, EnumSchema o, EnumSchema u) {
        if (o.values().equals(u.values())) {
            return;
        }
        if (u.values().containsAll(o.values())) {
            ctx.add("enum", Type.ENUM_ARRAY_EXTENDED);
        } else if (o.values().containsAll(u.values())) {
            ctx.add("enum", Type.ENUM_ARRAY_NARROWED);
        } else {
            ctx.add("enum", Type.ENUM_ARRAY_CHANGED);
        }
    }

    private static void not(Context ctx, NotSchema o, NotSchema u) {
        ctx.enter("not");
        try {
            // What the reader forbids must be a part of what the writer forbade: compared the other way round.
            Context sub = ctx.sub();
            compare(sub, u.mustNotMatch(), o.mustNotMatch());
            ctx.add(sub.compatible() ? Type.NOT_TYPE_NARROWED : Type.NOT_TYPE_EXTENDED);
        } finally {
            ctx.leave();
        }
    }

    // ---- allOf / anyOf / oneOf ----

    private static void combined(Context ctx, CombinedSchema o, CombinedSchema u) {
        Type criteria = criteria(o, u);
        if (criteria != null) {
            ctx.add(criteria);
        }
        if (criteria == Type.COMBINED_TYPE_CHANGED) {
            return;
        }
        List<Node> os = new ArrayList<>(new LinkedHashSet<>(o.subschemas()));
        List<Node> us = new ArrayList<>(new LinkedHashSet<>(u.subschemas()));
        boolean product = u.criterion() == Criterion.ALL_OF;
        if (os.size() < us.size()) {
            ctx.add(product ? Type.PRODUCT_TYPE_EXTENDED : Type.SUM_TYPE_EXTENDED);
        } else if (os.size() > us.size()) {
            ctx.add(product ? Type.PRODUCT_TYPE_NARROWED : Type.SUM_TYPE_NARROWED);
        }
        // Which old subschema can each new one stand for; then pair them off as many as possible.
        List<List<List<Difference>>> edges = new ArrayList<>();
        for (int i = 0; i < os.size(); i++) {
            edges.add(new ArrayList<>());
            ctx.enter(o.criterion().keyword + "/" + i);
            try {
                for (int j = 0; j < us.size(); j++) {
                    Context sub = ctx.sub();
                    compare(sub, os.get(i), us.get(j));
                    edges.get(i).add(sub.compatible() ? sub.found : null);
                }
            } finally {
                ctx.leave();
            }
        }
        int[] matchOfUpdate = maximumMatching(edges, us.size());
        int matched = 0;
        for (int j = 0; j < us.size(); j++) {
            if (matchOfUpdate[j] >= 0) {
                matched++;
            }
        }
        for (int i = 0; i < os.size(); i++) {
            for (int j = 0; j < us.size(); j++) {
                if (matchOfUpdate[j] == i) {
                    ctx.found.addAll(edges.get(i).get(j));
                }
            }
        }
        if (matched < Math.min(os.size(), us.size())) {
            ctx.add(Type.COMBINED_TYPE_SUBSCHEMAS_CHANGED);
        }
    }

    /**
     * A change of combinator: to {@code anyOf} widens; to {@code oneOf} only from a single subschema; to
     * {@code allOf} only between single subschemas.
     */
    private static Type criteria(CombinedSchema o, CombinedSchema u) {
        if (o.criterion() == u.criterion()) {
            return null;
        }
        boolean singleOriginal = o.subschemas().size() == 1;
        return switch (u.criterion()) {
            case ANY_OF -> Type.COMBINED_TYPE_EXTENDED;
            case ONE_OF -> singleOriginal ? Type.COMBINED_TYPE_EXTENDED : Type.COMBINED_TYPE_CHANGED;
            case ALL_OF -> singleOriginal && u.subschemas().size() == 1 ? Type.COMBINED_TYPE_EXTENDED
                    : Type.COMBINED_TYPE_CHANGED;
        };
    }

    /** A maximum bipartite matching (augmenting paths); for each update subschema, its original's index or -1. */
    private static int[] maximumMatching(List<List<List<Difference>>> edges, int updates) {
        int[] matchOfUpdate = new int[updates];
        Arrays.fill(matchOfUpdate, -1);
        for (int i = 0; i < edges.size(); i++) {
            augment(i, edges, matchOfUpdate, new boolean[updates]);
        }
        return matchOfUpdate;
    }

    private static boolean augment(int i, List<List<List<Difference>>> edges, int[] matchOfUpdate,
                                   boolean[] seen) {
        for (int j = 0; j < matchOfUpdate.length; j++) {
            if (edges.get(i).get(j) != null && !seen[j]) {
                seen[j] = true;
                if (matchOfUpdate[j] < 0 || augment(matchOfUpdate[j], edges, matchOfUpdate, seen)) {
                    matchOfUpdate[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    // ---- objects ----

    private static void objects(Context ctx, ObjectSchema o, ObjectSchema u) {
        requiredChanges(ctx, o, u);
        properties(ctx, o, u);
        dependencies(ctx, o, u);
        additionalProperties(ctx, o, u);
        unevaluated(ctx, "unevaluatedProperties", o.unevaluated(), u.unevaluated(),
                Type.UNEVALUATED_PROPERTIES_ADDED, Type.UNEVALUATED_PROPERTIES_REMOVED,
                Type.UNEVALUATED_PROPERTIES_EXTENDED, Type.UNEVALUATED_PROPERTIES_NARROWED);
        limit(ctx, "maxProperties", o.maxProperties(), u.maxProperties(), Type.MAX_PROPERTIES_ADDED,
                Type.MAX_PROPERTIES_REMOVED, Type.MAX_PROPERTIES_INCREASED, Type.MAX_PROPERTIES_DECREASED);
        limit(ctx, "minProperties", o.minProperties(), u.minProperties(), Type.MIN_PROPERTIES_ADDED,
                Type.MIN_PROPERTIES_REMOVED, Type.MIN_PROPERTIES_INCREASED, Type.MIN_PROPERTIES_DECREASED);
    }

    /** A property both schemas define that became required, or stopped being required. */
    private static void requiredChanges(Context ctx, ObjectSchema o, ObjectSchema u) {
        ctx.enter("required");
        try {
            for (String name : o.properties().keySet()) {
                if (!u.properties().containsKey(name)) {
                    continue;
                }
                boolean was = o.required().contains(name);
                boolean is = u.required().contains(name);
                if (was && !is) {
                    ctx.add(name, Type.REQUIRED_ATTRIBUTE_REMOVED);
                } else if (!was && is) {
                    ctx.add(name, u.properties().get(name).common().hasDefault()
                            ? Type.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED : Type.REQUIRED_ATTRIBUTE_ADDED);
                }
            }
        } finally {
            ctx.leave();
        }
    }

    private static void properties(Context ctx, ObjectSchema o, ObjectSchema u) {
        Set<String> names = new LinkedHashSet<>(o.properties().keySet());
        names.addAll(u.properties().keySet());
        ctx.enter("properties");
        try {
            for (String name : names) {
                ctx.enter(name);
                try {
                    Node before = o.properties().get(name);
                    Node after = u.properties().get(name);
                    if (after == null) {
                        propertyRemoved(ctx, before, u, name);
                    } else if (before == null) {
                        propertyAdded(ctx, o, u, after, name);
                    } else {
                        compare(ctx, before, after);
                    }
                } finally {
                    ctx.leave();
                }
            }
        } finally {
            ctx.leave();
        }
    }

    /** The writer has the property, the reader does not: the reader's content model must take it. */
    private static void propertyRemoved(Context ctx, Node before, ObjectSchema u, String name) {
        if (isOpen(u)) {
            ctx.add(Type.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL);
            return;
        }
        Node partial = partialSchema(u, name);
        if (partial != null) {
            Context sub = ctx.sub();
            compare(sub, before, partial);
            ctx.addAll(sub);
            ctx.add(sub.compatible() ? Type.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Type.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else if (dereference(before) instanceof FalseSchema) {
            ctx.add(Type.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        } else {
            ctx.add(Type.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }
    }

    /** The reader has a property the writer did not define: what could the writer have put there? */
    private static void propertyAdded(Context ctx, ObjectSchema o, ObjectSchema u, Node after, String name) {
        boolean required = u.required().contains(name);
        boolean defaulted = after.common().hasDefault();
        if (isOpen(o)) {
            Node target = dereference(after);
            if (target instanceof EmptySchema || target instanceof TrueSchema) {
                ctx.add(Type.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL);
            } else if (required) {
                ctx.add(defaulted ? Type.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL
                        : Type.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            } else {
                ctx.add(Type.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            }
            return;
        }
        Node partial = partialSchema(o, name);
        if (partial != null) {
            Context sub = ctx.sub();
            compare(sub, partial, after);
            ctx.addAll(sub);
            ctx.add(sub.compatible() ? Type.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Type.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
        if (required) {
            ctx.add(defaulted ? Type.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
                    : Type.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        } else {
            ctx.add(Type.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        }
    }

    private static boolean isOpen(ObjectSchema s) {
        return s.permitsAdditional() && s.additionalSchema() == null && s.patternProperties().isEmpty()
                && allowsAnything(s.unevaluated());
    }

    /** The schema additional values of {@code name} must match in a partially open model; null if none. */
    private static Node partialSchema(ObjectSchema s, String name) {
        for (Map.Entry<String, Node> e : s.patternProperties().entrySet()) {
            if (matches(e.getKey(), name)) {
                return e.getValue();
            }
        }
        if (s.additionalSchema() != null) {
            return s.additionalSchema();
        }
        return s.permitsAdditional() ? restricting(s.unevaluated()) : null;
    }

    private static void dependencies(Context ctx, ObjectSchema o, ObjectSchema u) {
        ctx.enter("dependencies");
        try {
            Set<String> names = new LinkedHashSet<>(o.propertyDependencies().keySet());
            names.addAll(u.propertyDependencies().keySet());
            for (String name : names) {
                Set<String> before = o.propertyDependencies().get(name);
                Set<String> after = u.propertyDependencies().get(name);
                if (after == null) {
                    ctx.add(name, Type.DEPENDENCY_ARRAY_REMOVED);
                } else if (before == null) {
                    ctx.add(name, Type.DEPENDENCY_ARRAY_ADDED);
                } else if (!before.equals(after)) {
                    ctx.add(name, after.containsAll(before) ? Type.DEPENDENCY_ARRAY_EXTENDED
                            : before.containsAll(after) ? Type.DEPENDENCY_ARRAY_NARROWED
                            : Type.DEPENDENCY_ARRAY_CHANGED);
                }
            }
            names = new LinkedHashSet<>(o.schemaDependencies().keySet());
            names.addAll(u.schemaDependencies().keySet());
            for (String name : names) {
                Node before = o.schemaDependencies().get(name);
                Node after = u.schemaDependencies().get(name);
                if (after == null) {
                    ctx.add(name, Type.DEPENDENCY_SCHEMA_REMOVED);
                } else if (before == null) {
                    ctx.add(name, Type.DEPENDENCY_SCHEMA_ADDED);
                } else {
                    ctx.enter(name);
                    try {
                        compare(ctx, before, after);
                    } finally {
                        ctx.leave();
                    }
                }
            }
        } finally {
            ctx.leave();
        }
    }

    private static void additionalProperties(Context ctx, ObjectSchema o, ObjectSchema u) {
        ctx.enter("additionalProperties");
        try {
            if (o.permitsAdditional() != u.permitsAdditional()) {
                ctx.add(u.permitsAdditional() ? Type.ADDITIONAL_PROPERTIES_ADDED : Type.ADDITIONAL_PROPERTIES_REMOVED);
            } else if (o.additionalSchema() == null && u.additionalSchema() != null) {
                ctx.add(Type.ADDITIONAL_PROPERTIES_NARROWED);
            } else if (o.additionalSchema() != null && u.additionalSchema() == null) {
                ctx.add(Type.ADDITIONAL_PROPERTIES_EXTENDED);
            } else {
                compare(ctx, o.additionalSchema(), u.additionalSchema());
            }
        } finally {
            ctx.leave();
        }
    }

    /** {@code unevaluatedProperties}/{@code unevaluatedItems} (2019-09 and later). */
    private static void unevaluated(Context ctx, String keyword, Node o, Node u, Type added, Type removed,
                                    Type extended, Type narrowed) {
        if (o == null && u == null) {
            return;
        }
        ctx.enter(keyword);
        try {
            boolean oFalse = o != null && dereference(o) instanceof FalseSchema;
            boolean uFalse = u != null && dereference(u) instanceof FalseSchema;
            boolean oAny = o != null && isEmptyOrTrue(o);
            boolean uAny = u != null && isEmptyOrTrue(u);
            if (o == null) {
                ctx.add(uFalse ? removed : narrowed);
            } else if (u == null) {
                ctx.add(oFalse ? added : extended);
            } else if (oFalse && !uFalse) {
                ctx.add(added);
            } else if (!oFalse && uFalse) {
                ctx.add(removed);
            } else if (oAny && !uAny) {
                ctx.add(narrowed);
            } else if (!oAny && uAny) {
                ctx.add(extended);
            } else {
                compare(ctx, o, u);
            }
        } finally {
            ctx.leave();
        }
    }

    // ---- arrays ----

    private static void arrays(Context ctx, ArraySchema o, ArraySchema u) {
        ctx.enter("items");
        try {
            compare(ctx, o.allItems(), u.allItems());
        } finally {
            ctx.leave();
        }
        tuples(ctx, o, u);
        ctx.enter("additionalItems");
        try {
            if (o.permitsAdditional() != u.permitsAdditional()) {
                ctx.add(o.permitsAdditional() ? Type.ADDITIONAL_ITEMS_REMOVED : Type.ADDITIONAL_ITEMS_ADDED);
            } else if (o.additionalSchema() == null && u.additionalSchema() != null) {
                ctx.add(Type.ADDITIONAL_ITEMS_NARROWED);
            } else if (o.additionalSchema() != null && u.additionalSchema() == null) {
                ctx.add(Type.ADDITIONAL_ITEMS_EXTENDED);
            } else {
                compare(ctx, o.additionalSchema(), u.additionalSchema());
            }
        } finally {
            ctx.leave();
        }
        unevaluated(ctx, "unevaluatedItems", o.unevaluated(), u.unevaluated(), Type.UNEVALUATED_ITEMS_ADDED,
                Type.UNEVALUATED_ITEMS_REMOVED, Type.UNEVALUATED_ITEMS_EXTENDED, Type.UNEVALUATED_ITEMS_NARROWED);
        limit(ctx, "maxItems", o.maxItems(), u.maxItems(), Type.MAX_ITEMS_ADDED, Type.MAX_ITEMS_REMOVED,
                Type.MAX_ITEMS_INCREASED, Type.MAX_ITEMS_DECREASED);
        limit(ctx, "minItems", o.minItems(), u.minItems(), Type.MIN_ITEMS_ADDED, Type.MIN_ITEMS_REMOVED,
                Type.MIN_ITEMS_INCREASED, Type.MIN_ITEMS_DECREASED);
        if (o.uniqueItems() != u.uniqueItems()) {
            ctx.add("uniqueItems", o.uniqueItems() ? Type.UNIQUE_ITEMS_REMOVED : Type.UNIQUE_ITEMS_ADDED);
        }
        limit(ctx, "maxContains", o.maxContains(), u.maxContains(), Type.MAX_CONTAINS_ADDED,
                Type.MAX_CONTAINS_REMOVED, Type.MAX_CONTAINS_INCREASED, Type.MAX_CONTAINS_DECREASED);
        limit(ctx, "minContains", o.minContains(), u.minContains(), Type.MIN_CONTAINS_ADDED,
                Type.MIN_CONTAINS_REMOVED, Type.MIN_CONTAINS_INCREASED, Type.MIN_CONTAINS_DECREASED);
    }

    /** Tuple items, position by position; the longer tuple's extra items meet the other's content model. */
    private static void tuples(Context ctx, ArraySchema o, ArraySchema u) {
        List<Node> os = o.itemSchemas() == null ? List.of() : o.itemSchemas();
        List<Node> us = u.itemSchemas() == null ? List.of() : u.itemSchemas();
        for (int i = 0; i < Math.max(os.size(), us.size()); i++) {
            ctx.enter("items/" + i);
            try {
                if (i < os.size() && i < us.size()) {
                    compare(ctx, os.get(i), us.get(i));
                } else if (i < os.size()) {
                    itemRemoved(ctx, os.get(i), u);
                } else {
                    itemAdded(ctx, o, us.get(i));
                }
            } finally {
                ctx.leave();
            }
        }
    }

    private static void itemRemoved(Context ctx, Node before, ArraySchema u) {
        if (isOpen(u)) {
            ctx.add(Type.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL);
            return;
        }
        Node partial = partialSchema(u);
        if (partial != null) {
            Context sub = ctx.sub();
            compare(sub, before, partial);
            ctx.addAll(sub);
            ctx.add(sub.compatible() ? Type.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Type.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else if (dereference(before) instanceof FalseSchema) {
            ctx.add(Type.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        } else {
            ctx.add(Type.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }
    }

    private static void itemAdded(Context ctx, ArraySchema o, Node after) {
        if (isOpen(o)) {
            ctx.add(isEmptyOrTrue(after) ? Type.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                    : Type.ITEM_ADDED_TO_OPEN_CONTENT_MODEL);
            return;
        }
        Node partial = partialSchema(o);
        if (partial != null) {
            Context sub = ctx.sub();
            compare(sub, partial, after);
            ctx.addAll(sub);
            ctx.add(sub.compatible() ? Type.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Type.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else {
            ctx.add(Type.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL);
        }
    }

    private static boolean isOpen(ArraySchema s) {
        return s.permitsAdditional() && s.additionalSchema() == null && allowsAnything(s.unevaluated());
    }

    private static Node partialSchema(ArraySchema s) {
        if (s.additionalSchema() != null) {
            return s.additionalSchema();
        }
        return s.permitsAdditional() ? restricting(s.unevaluated()) : null;
    }

    // ---- helpers ----

    /** An absent {@code unevaluated*}, or one allowing anything. */
    private static boolean allowsAnything(Node unevaluated) {
        return unevaluated == null || isEmptyOrTrue(unevaluated);
    }

    /** An {@code unevaluated*} schema that is neither absent, {@code false} nor allowing anything; else null. */
    private static Node restricting(Node unevaluated) {
        if (unevaluated == null || isEmptyOrTrue(unevaluated) || dereference(unevaluated) instanceof FalseSchema) {
            return null;
        }
        return unevaluated;
    }

    private static boolean isEmptyOrTrue(Node n) {
        Node t = dereference(n);
        return t instanceof EmptySchema || t instanceof TrueSchema;
    }

    private static boolean matches(String regex, String name) {
        try {
            return Pattern.compile(regex).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }
}
