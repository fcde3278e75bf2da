package io.tributary.registry.connect;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Kafka Connect schemas and values to Avro and back, by the mapping Confluent's {@code AvroConverter} documents
 * (see the package documentation for the rules). Translating a schema is the slow part; {@link AvroConverter}
 * does it once per schema and keeps the resulting {@link ToAvro} / {@link ToConnect} plans, which convert values
 * without looking at a schema again. The reading half (Avro to Connect) is {@link AvroToConnect}. Thread-safe: an
 * instance holds only its options.
 */
public final class ConnectAvroData {

    /** The namespace of the Avro types the mapping invents (Confluent's). */
    public static final String NAMESPACE = "io.confluent.connect.avro";
    /** The name of an Avro record made for a Connect struct that has no name (numbered after the first). */
    public static final String DEFAULT_NAME = "ConnectDefault";
    /** The Avro record an entry of a map with non-string keys becomes (numbered after the first). */
    public static final String MAP_ENTRY_NAME = "MapEntry";
    /** The Connect struct an Avro union (other than null + one type) becomes: one optional field per branch. */
    public static final String UNION_NAME = NAMESPACE + ".Union";
    /** A Connect string parameter naming the Avro enum it came from; {@code ENUM + "." + symbol} lists symbols. */
    public static final String ENUM = NAMESPACE + ".Enum";
    /** A Connect bytes parameter: the size of the Avro fixed it came from. */
    public static final String FIXED_SIZE = "connect.fixed.size";
    /** A Connect Decimal parameter: its precision (Avro's {@code precision}; 64 when absent). */
    public static final String DECIMAL_PRECISION = "connect.decimal.precision";
    static final int DEFAULT_DECIMAL_PRECISION = 64;

    static final String CONNECT_NAME = "connect.name";
    static final String CONNECT_VERSION = "connect.version";
    static final String CONNECT_DOC = "connect.doc";
    static final String CONNECT_DEFAULT = "connect.default";
    static final String CONNECT_PARAMETERS = "connect.parameters";
    static final String CONNECT_TYPE = "connect.type";

    static final org.apache.avro.Schema NULL = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL);
    static final long MILLIS_PER_DAY = 86_400_000L;

    /**
     * @param connectMetaData           {@code connect.meta.data}: write Connect's names, versions, docs, defaults and
     *                                  parameters as {@code connect.*} properties of the Avro schema
     * @param enhancedSchemaSupport     {@code enhanced.avro.schema.support}: an Avro enum (or fixed) keeps its full
     *                                  name as the Connect schema's name, and that name is used going back
     * @param scrubInvalidNames         {@code scrub.invalid.names}: characters Avro does not allow in names become
     *                                  {@code _} (else such a name fails the conversion)
     * @param ignoreDefaultForNullables {@code ignore.default.for.nullables}: a null in an optional field stays null
     *                                  instead of becoming the field's default
     */
    public record Options(boolean connectMetaData, boolean enhancedSchemaSupport, boolean scrubInvalidNames,
                          boolean ignoreDefaultForNullables) {

        public static final Options DEFAULTS = new Options(true, false, false, false);
    }

    /** Converts a Connect value to the Avro datum of one Avro schema. */
    @FunctionalInterface
    public interface ToAvro {
        Object apply(Object connectValue);
    }

    /** Converts an Avro datum (as a generic reader returns it) to a Connect value of one Connect schema. */
    @FunctionalInterface
    public interface ToConnect {
        Object apply(Object avroDatum);
    }

    /** An Avro schema translated to Connect: the schema, and how its data converts. */
    public record ConnectView(Schema schema, ToConnect reader) {
    }

    private final Options options;
    private final GenericData data = new GenericData();
    private final AvroToConnect avroToConnect;

    public ConnectAvroData(Options options) {
        this.options = Objects.requireNonNull(options);
        this.avroToConnect = new AvroToConnect(options);
    }

    public ConnectAvroData() {
        this(Options.DEFAULTS);
    }

    public Options options() {
        return options;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connect -> Avro

    /** The Avro schema a Connect schema maps to. */
    public org.apache.avro.Schema fromConnectSchema(Schema schema) {
        if (schema == null) {
            throw new DataException("a value without a Connect schema cannot be written as Avro (schemaless data "
                    + "is not supported: use a converter with schemas, or add them with a transform)");
        }
        // Parsed again from its text: what the registry stores, with Avro's logical types set from the properties
        return new org.apache.avro.Schema.Parser().parse(withOptional(schema, new FromConnect()).toString());
    }

    /** The plan converting values of {@code schema} to data of {@code avro} (fields matched by name). */
    public ToAvro toAvro(Schema schema, org.apache.avro.Schema avro) {
        return plan(schema, avro, "");
    }

    /** Converts a value once (translating the schema each time: for tests and one-offs). */
    public Object fromConnectData(Schema schema, Object value) {
        return toAvro(schema, fromConnectSchema(schema)).apply(value);
    }

    /** Names given out while translating one schema: named Avro types must be defined once. */
    private final class FromConnect {
        final Map<String, Object> shapes = new HashMap<>();
        final Map<String, org.apache.avro.Schema> named = new HashMap<>();
        int defaults;
        int mapEntries;

        org.apache.avro.Schema existing(String fullName, Object shape, String what) {
            org.apache.avro.Schema known = named.get(fullName);
            if (known != null && !shapes.get(fullName).equals(shape)) {
                throw new DataException("two different Connect schemas are both named " + fullName + " (" + what
                        + "); an Avro schema can define a name only once");
            }
            return known;
        }

        void define(String fullName, Object shape, org.apache.avro.Schema avro) {
            shapes.put(fullName, shape);
            named.put(fullName, avro);
        }
    }

    /** An optional schema is a union with null: null first, unless it has a non-null default (then last). */
    private org.apache.avro.Schema withOptional(Schema schema, FromConnect ctx) {
        org.apache.avro.Schema base = bare(schema, ctx);
        return schema.isOptional() ? optional(base, schema.defaultValue() == null || isUnionStruct(schema)) : base;
    }

    /** {@code base} with null added: first (default null) or last (a default of base's own type). */
    private static org.apache.avro.Schema optional(org.apache.avro.Schema base, boolean nullFirst) {
        List<org.apache.avro.Schema> branches = new ArrayList<>();
        List<org.apache.avro.Schema> others = base.getType() == org.apache.avro.Schema.Type.UNION ? base.getTypes()
                : List.of(base);
        if (nullFirst) {
            branches.add(NULL);
        }
        for (org.apache.avro.Schema s : others) {
            if (s.getType() != org.apache.avro.Schema.Type.NULL) {
                branches.add(s);
            }
        }
        if (!nullFirst) {
            branches.add(NULL);
        }
        return org.apache.avro.Schema.createUnion(branches);
    }

    /** The Avro schema of {@code schema} ignoring its optionality. */
    private org.apache.avro.Schema bare(Schema schema, FromConnect ctx) {
        String name = schema.name();
        org.apache.avro.Schema avro;
        boolean named = false;   // an Avro named type: the name is the type's own, not a connect.name property
        String logicalType = null;   // written last, after the connect.* properties (as Confluent's converter)
        switch (schema.type()) {
            case INT8, INT16 -> {
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                avro.addProp(CONNECT_TYPE, schema.type() == Schema.Type.INT8 ? "int8" : "int16");
            }
            case INT32 -> {
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
                if (Date.LOGICAL_NAME.equals(name)) {
                    logicalType = LogicalTypes.date().getName();
                } else if (Time.LOGICAL_NAME.equals(name)) {
                    logicalType = LogicalTypes.timeMillis().getName();
                }
            }
            case INT64 -> {
                avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
                if (Timestamp.LOGICAL_NAME.equals(name)) {
                    logicalType = LogicalTypes.timestampMillis().getName();
                }
            }
            case FLOAT32 -> avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64 -> avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case BOOLEAN -> avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case STRING -> {
                Map<String, String> params = schema.parameters();
                if (params != null && params.containsKey(ENUM)) {
                    avro = enumSchema(schema, params, ctx);
                    named = true;
                } else {
                    avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
                }
            }
            case BYTES -> {
                Map<String, String> params = schema.parameters();
                if (params != null && params.containsKey(FIXED_SIZE) && !Decimal.LOGICAL_NAME.equals(name)) {
                    avro = fixedSchema(schema, params, ctx);
                    named = true;
                } else {
                    avro = org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
                    if (Decimal.LOGICAL_NAME.equals(name)) {
                        int scale = scaleOf(schema);
                        avro.addProp("scale", scale);
                        avro.addProp("precision", precisionOf(schema, scale));
                        logicalType = "decimal";
                    }
                }
            }
            case ARRAY -> avro = org.apache.avro.Schema.createArray(withOptional(schema.valueSchema(), ctx));
            case MAP -> {
                if (schema.keySchema().type() == Schema.Type.STRING && !schema.keySchema().isOptional()) {
                    avro = org.apache.avro.Schema.createMap(withOptional(schema.valueSchema(), ctx));
                } else {
                    avro = org.apache.avro.Schema.createArray(mapEntry(schema, ctx));
                }
            }
            case STRUCT -> {
                if (UNION_NAME.equals(name)) {
                    List<org.apache.avro.Schema> branches = new ArrayList<>();
                    for (Field f : schema.fields()) {
                        branches.add(bare(f.schema(), ctx));
                    }
                    try {
                        return org.apache.avro.Schema.createUnion(branches);
                    } catch (RuntimeException e) {
                        throw new DataException("the union " + schema + " has no Avro equivalent: " + e.getMessage(),
                                e);
                    }
                }
                return record(schema, ctx);
            }
            default -> throw new DataException("unknown Connect schema type " + schema.type());
        }
        if (options.connectMetaData()) {
            addMetaData(avro, schema, named);
        }
        if (logicalType != null) {
            avro.addProp(LogicalType.LOGICAL_TYPE_PROP, logicalType);
        }
        return avro;
    }

    private void addMetaData(org.apache.avro.Schema avro, Schema schema, boolean named) {
        if (schema.doc() != null && !named) {
            avro.addProp(CONNECT_DOC, schema.doc());
        }
        if (schema.version() != null) {
            avro.addProp(CONNECT_VERSION, schema.version());
        }
        if (schema.parameters() != null && !schema.parameters().isEmpty()) {
            avro.addProp(CONNECT_PARAMETERS, new LinkedHashMap<>(schema.parameters()));
        }
        if (schema.defaultValue() != null) {
            try {
                avro.addProp(CONNECT_DEFAULT, json(avro, plan(schema, avro, "").apply(schema.defaultValue())));
            } catch (RuntimeException e) {
                throw new DataException("the default of " + schema + " has no Avro equivalent: " + e.getMessage(), e);
            }
        }
        if (schema.name() != null) {
            avro.addProp(CONNECT_NAME, schema.name());
        }
    }

    private org.apache.avro.Schema record(Schema schema, FromConnect ctx) {
        String fullName = schema.name();
        if (fullName == null) {
            int n = ++ctx.defaults;
            fullName = NAMESPACE + "." + DEFAULT_NAME + (n == 1 ? "" : Integer.toString(n));
        } else {
            fullName = scrubFullName(fullName);
        }
        StructShape shape = new StructShape(schema);
        org.apache.avro.Schema known = ctx.existing(fullName, shape, "a struct");
        if (known != null) {
            return known;
        }
        int dot = fullName.lastIndexOf('.');
        org.apache.avro.Schema record;
        try {
            record = org.apache.avro.Schema.createRecord(fullName.substring(dot + 1), schema.doc(),
                    dot < 0 ? null : fullName.substring(0, dot), false);
        } catch (RuntimeException e) {
            throw new DataException("the Connect schema name " + fullName + " is not a valid Avro name (set "
                    + "scrub.invalid.names=true to replace invalid characters): " + e.getMessage(), e);
        }
        ctx.define(fullName, shape, record);
        List<org.apache.avro.Schema.Field> fields = new ArrayList<>(schema.fields().size());
        for (Field f : schema.fields()) {
            fields.add(field(f, ctx));
        }
        record.setFields(fields);
        if (options.connectMetaData()) {
            if (schema.version() != null) {
                record.addProp(CONNECT_VERSION, schema.version());
            }
            if (schema.parameters() != null && !schema.parameters().isEmpty()) {
                record.addProp(CONNECT_PARAMETERS, new LinkedHashMap<>(schema.parameters()));
            }
            if (schema.name() != null) {
                record.addProp(CONNECT_NAME, schema.name());
            }
        }
        return record;
    }

    private org.apache.avro.Schema.Field field(Field f, FromConnect ctx) {
        Schema fs = f.schema();
        String name = scrub(f.name());
        org.apache.avro.Schema base = bare(fs, ctx);
        Object defaultValue = fs.defaultValue();
        boolean unionStruct = fs.type() == Schema.Type.STRUCT && UNION_NAME.equals(fs.name());
        org.apache.avro.Schema type;
        Object avroDefault;
        if (fs.isOptional()) {
            boolean nullDefault = defaultValue == null || unionStruct;
            type = optional(base, nullDefault);
            avroDefault = nullDefault ? org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE
                    : json(base, plan(fs, base, f.name()).apply(defaultValue));
        } else {
            type = base;
            avroDefault = defaultValue == null || unionStruct ? null
                    : json(base, plan(fs, base, f.name()).apply(defaultValue));
        }
        try {
            return new org.apache.avro.Schema.Field(name, type, fs.doc(), avroDefault);
        } catch (RuntimeException e) {
            throw new DataException("the field " + f.name() + " has no Avro equivalent (invalid name or default; "
                    + "scrub.invalid.names=true replaces invalid characters): " + e.getMessage(), e);
        }
    }

    private org.apache.avro.Schema mapEntry(Schema map, FromConnect ctx) {
        List<Schema> shape = List.of(map.keySchema(), map.valueSchema());
        for (Map.Entry<String, org.apache.avro.Schema> e : ctx.named.entrySet()) {
            if (e.getKey().startsWith(NAMESPACE + "." + MAP_ENTRY_NAME) && ctx.shapes.get(e.getKey()).equals(shape)) {
                return e.getValue();
            }
        }
        int n = ++ctx.mapEntries;
        String simple = MAP_ENTRY_NAME + (n == 1 ? "" : Integer.toString(n));
        org.apache.avro.Schema entry = org.apache.avro.Schema.createRecord(simple, null, NAMESPACE, false);
        ctx.define(NAMESPACE + "." + simple, shape, entry);
        entry.setFields(List.of(new org.apache.avro.Schema.Field("key", withOptional(map.keySchema(), ctx)),
                new org.apache.avro.Schema.Field("value", withOptional(map.valueSchema(), ctx))));
        return entry;
    }

    private org.apache.avro.Schema enumSchema(Schema schema, Map<String, String> params, FromConnect ctx) {
        String fullName = scrubFullName(options.enhancedSchemaSupport() && schema.name() != null ? schema.name()
                : params.get(ENUM));
        List<String> symbols = new ArrayList<>();
        String prefix = ENUM + ".";
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getKey().startsWith(prefix)) {
                symbols.add(p.getValue());
            }
        }
        org.apache.avro.Schema known = ctx.existing(fullName, symbols, "an enum");
        if (known != null) {
            return known;
        }
        int dot = fullName.lastIndexOf('.');
        org.apache.avro.Schema avro;
        try {
            avro = org.apache.avro.Schema.createEnum(fullName.substring(dot + 1), schema.doc(),
                    dot < 0 ? null : fullName.substring(0, dot), symbols);
        } catch (RuntimeException e) {
            throw new DataException("the enum " + fullName + " has no Avro equivalent: " + e.getMessage(), e);
        }
        ctx.define(fullName, symbols, avro);
        return avro;
    }

    private org.apache.avro.Schema fixedSchema(Schema schema, Map<String, String> params, FromConnect ctx) {
        int size;
        try {
            size = Integer.parseInt(params.get(FIXED_SIZE));
        } catch (NumberFormatException e) {
            throw new DataException("the " + FIXED_SIZE + " parameter of " + schema + " is not a number");
        }
        String fullName = scrubFullName(schema.name() != null ? schema.name() : NAMESPACE + ".Fixed" + size);
        org.apache.avro.Schema known = ctx.existing(fullName, size, "a fixed");
        if (known != null) {
            return known;
        }
        int dot = fullName.lastIndexOf('.');
        org.apache.avro.Schema avro = org.apache.avro.Schema.createFixed(fullName.substring(dot + 1), schema.doc(),
                dot < 0 ? null : fullName.substring(0, dot), size);
        ctx.define(fullName, size, avro);
        return avro;
    }

    private static int scaleOf(Schema schema) {
        String scale = schema.parameters() == null ? null : schema.parameters().get(Decimal.SCALE_FIELD);
        if (scale == null) {
            throw new DataException("the Decimal schema " + schema + " has no scale parameter");
        }
        return Integer.parseInt(scale);
    }

    private static int precisionOf(Schema schema, int scale) {
        String p = schema.parameters().get(DECIMAL_PRECISION);
        int precision = p == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(p);
        return Math.max(Math.max(precision, scale), 1);
    }

    /** The struct-level facts an Avro record keeps (its optionality and default live where it is used). */
    private record StructShape(String name, Integer version, String doc, Map<String, String> parameters,
                               List<Field> fields) {

        StructShape(Schema s) {
            this(s.name(), s.version(), s.doc(), s.parameters(), s.fields());
        }
    }

    private String scrub(String name) {
        if (!options.scrubInvalidNames() || name.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            b.append(ok ? c : (i == 0 && c >= '0' && c <= '9' ? "_" + c : "_"));
        }
        return b.toString();
    }

    private String scrubFullName(String fullName) {
        if (!options.scrubInvalidNames()) {
            return fullName;
        }
        String[] parts = fullName.split("\\.", -1);
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                b.append(b.length() == 0 ? "" : ".").append(scrub(part));
            }
        }
        return b.toString();
    }

    /** The JSON form of an Avro datum, as Avro's default values and properties take it. */
    private Object json(org.apache.avro.Schema schema, Object datum) {
        if (datum == null) {
            return JsonProperties.NULL_VALUE;
        }
        switch (schema.getType()) {
            case UNION:
                return json(schema.getTypes().get(data.resolveUnion(schema, datum)), datum);
            case RECORD: {
                GenericRecord r = (GenericRecord) datum;
                Map<String, Object> out = new LinkedHashMap<>();
                for (org.apache.avro.Schema.Field f : schema.getFields()) {
                    out.put(f.name(), json(f.schema(), r.get(f.pos())));
                }
                return out;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object o : (Collection<?>) datum) {
                    out.add(json(schema.getElementType(), o));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) datum).forEach((k, v) -> out.put(k.toString(), json(schema.getValueType(), v)));
                return out;
            }
            case BYTES:
            case FIXED:
                return new String(bytes(datum), StandardCharsets.ISO_8859_1);
            case ENUM:
            case STRING:
                return datum.toString();
            default:
                return datum;
        }
    }

    static byte[] bytes(Object datum) {
        if (datum instanceof byte[] b) {
            return b;
        }
        if (datum instanceof GenericFixed f) {
            return f.bytes();
        }
        ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static boolean isUnionStruct(Schema schema) {
        return schema.type() == Schema.Type.STRUCT && UNION_NAME.equals(schema.name());
    }

    /** The plan for values of {@code schema} written as {@code avro}; {@code path} names the place in errors. */
    private ToAvro plan(Schema schema, org.apache.avro.Schema avro, String path) {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            if (isUnionStruct(schema)) {
                return unionPlan(schema, avro, path);
            }
            org.apache.avro.Schema branch = branchFor(schema, avro, path);
            ToAvro inner = plan(schema, branch, path);
            return v -> v == null ? null : inner.apply(v);
        }
        String name = schema.name();
        org.apache.avro.Schema.Type target = avro.getType();
        switch (schema.type()) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> {
                // Connect's rules (Date.fromLogical and the like) without their Calendar: a Date is a whole UTC
                // day, a Time a time of day on 1970-01-01
                if (Date.LOGICAL_NAME.equals(name) && schema.type() == Schema.Type.INT32) {
                    return v -> {
                        long millis = ((java.util.Date) v).getTime();
                        if (Math.floorMod(millis, MILLIS_PER_DAY) != 0) {
                            throw new DataException("Kafka Connect Date type should not have any time fields set "
                                    + "to non-zero values (at " + path + ")");
                        }
                        return number(Math.floorDiv(millis, MILLIS_PER_DAY), target, path);
                    };
                }
                if (Time.LOGICAL_NAME.equals(name) && schema.type() == Schema.Type.INT32) {
                    return v -> {
                        long millis = ((java.util.Date) v).getTime();
                        if (millis < 0 || millis >= MILLIS_PER_DAY) {
                            throw new DataException("Kafka Connect Time type should not have any date fields set "
                                    + "to non-zero values (at " + path + ")");
                        }
                        return number(millis, target, path);
                    };
                }
                if (Timestamp.LOGICAL_NAME.equals(name) && schema.type() == Schema.Type.INT64) {
                    return v -> number(((java.util.Date) v).getTime(), target, path);
                }
                expect(schema, avro, path, org.apache.avro.Schema.Type.INT, org.apache.avro.Schema.Type.LONG,
                        org.apache.avro.Schema.Type.FLOAT, org.apache.avro.Schema.Type.DOUBLE);
                return switch (target) {
                    case INT -> v -> ((Number) v).intValue();
                    case LONG -> v -> ((Number) v).longValue();
                    case FLOAT -> v -> ((Number) v).floatValue();
                    default -> v -> ((Number) v).doubleValue();
                };
            }
            case BOOLEAN -> {
                expect(schema, avro, path, org.apache.avro.Schema.Type.BOOLEAN);
                return v -> v;
            }
            case STRING -> {
                if (target == org.apache.avro.Schema.Type.ENUM) {
                    return v -> data.createEnum(v.toString(), avro);
                }
                expect(schema, avro, path, org.apache.avro.Schema.Type.STRING);
                return v -> v;
            }
            case BYTES -> {
                expect(schema, avro, path, org.apache.avro.Schema.Type.BYTES, org.apache.avro.Schema.Type.FIXED);
                if (Decimal.LOGICAL_NAME.equals(name)) {
                    if (target == org.apache.avro.Schema.Type.FIXED) {
                        int size = avro.getFixedSize();
                        return v -> new GenericData.Fixed(avro, signExtend(Decimal.fromLogical(schema, (BigDecimal) v),
                                size));
                    }
                    return v -> ByteBuffer.wrap(Decimal.fromLogical(schema, (BigDecimal) v));
                }
                if (target == org.apache.avro.Schema.Type.FIXED) {
                    return v -> new GenericData.Fixed(avro, bytes(v));
                }
                return v -> v instanceof byte[] b ? ByteBuffer.wrap(b) : v;
            }
            case ARRAY -> {
                expect(schema, avro, path, org.apache.avro.Schema.Type.ARRAY);
                ToAvro item = plan(schema.valueSchema(), avro.getElementType(), path + "[]");
                return v -> {
                    Collection<?> in = (Collection<?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Object o : in) {
                        out.add(item.apply(o));
                    }
                    return out;
                };
            }
            case MAP -> {
                if (target == org.apache.avro.Schema.Type.MAP) {
                    ToAvro value = plan(schema.valueSchema(), avro.getValueType(), path + "{}");
                    return v -> {
                        Map<?, ?> in = (Map<?, ?>) v;
                        Map<String, Object> out = new LinkedHashMap<>(in.size() * 2);
                        for (Map.Entry<?, ?> e : in.entrySet()) {
                            if (e.getKey() == null) {
                                throw new DataException("null key in the map " + path);
                            }
                            out.put(e.getKey().toString(), value.apply(e.getValue()));
                        }
                        return out;
                    };
                }
                expect(schema, avro, path, org.apache.avro.Schema.Type.ARRAY);
                org.apache.avro.Schema entry = avro.getElementType();
                if (entry.getType() != org.apache.avro.Schema.Type.RECORD || entry.getField("key") == null
                        || entry.getField("value") == null) {
                    throw new DataException("the Connect map " + path + " cannot be written as " + avro);
                }
                int keyPos = entry.getField("key").pos();
                int valuePos = entry.getField("value").pos();
                ToAvro key = plan(schema.keySchema(), entry.getField("key").schema(), path + "{key}");
                ToAvro value = plan(schema.valueSchema(), entry.getField("value").schema(), path + "{}");
                return v -> {
                    Map<?, ?> in = (Map<?, ?>) v;
                    List<Object> out = new ArrayList<>(in.size());
                    for (Map.Entry<?, ?> e : in.entrySet()) {
                        GenericData.Record r = new GenericData.Record(entry);
                        r.put(keyPos, key.apply(e.getKey()));
                        r.put(valuePos, value.apply(e.getValue()));
                        out.add(r);
                    }
                    return out;
                };
            }
            case STRUCT -> {
                expect(schema, avro, path, org.apache.avro.Schema.Type.RECORD);
                return structPlan(schema, avro, path);
            }
            default -> throw new DataException("unknown Connect schema type " + schema.type());
        }
    }

    private ToAvro structPlan(Schema schema, org.apache.avro.Schema avro, String path) {
        List<org.apache.avro.Schema.Field> avroFields = avro.getFields();
        int n = avroFields.size();
        Field[] sources = new Field[n];
        ToAvro[] plans = new ToAvro[n];
        Object[] constants = new Object[n];
        boolean[] withoutDefault = new boolean[n];
        Map<String, Field> byAvroName = new HashMap<>();
        for (Field f : schema.fields()) {
            byAvroName.put(scrub(f.name()), f);
        }
        for (org.apache.avro.Schema.Field af : avroFields) {
            int i = af.pos();
            Field f = byAvroName.get(af.name());
            if (f == null) {
                if (!af.hasDefaultValue()) {
                    throw new DataException("the Avro field " + path + "." + af.name() + " has no Connect field and "
                            + "no default");
                }
                constants[i] = data.getDefaultValue(af);
                continue;
            }
            sources[i] = f;
            plans[i] = plan(f.schema(), af.schema(), path + "." + f.name());
            withoutDefault[i] = options.ignoreDefaultForNullables() && f.schema().isOptional();
        }
        return v -> {
            Struct struct = (Struct) v;
            GenericData.Record record = new GenericData.Record(avro);
            for (int i = 0; i < n; i++) {
                Field f = sources[i];
                if (f == null) {
                    record.put(i, constants[i]);
                } else {
                    Object value = withoutDefault[i] ? struct.getWithoutDefault(f.name()) : struct.get(f);
                    record.put(i, plans[i].apply(value));
                }
            }
            return record;
        };
    }

    private ToAvro unionPlan(Schema schema, org.apache.avro.Schema avro, String path) {
        List<Field> fields = schema.fields();
        ToAvro[] plans = new ToAvro[fields.size()];
        List<org.apache.avro.Schema> branches = avro.getTypes();
        List<org.apache.avro.Schema> nonNull = branches.stream()
                .filter(b -> b.getType() != org.apache.avro.Schema.Type.NULL).toList();
        for (int i = 0; i < plans.length; i++) {
            Field f = fields.get(i);
            org.apache.avro.Schema branch = null;
            for (org.apache.avro.Schema b : nonNull) {
                if (b.getName().equals(f.name()) || b.getFullName().equals(f.name())) {
                    branch = b;
                    break;
                }
            }
            if (branch == null && i < nonNull.size()) {
                branch = nonNull.get(i);
            }
            if (branch == null) {
                throw new DataException("the union field " + path + "." + f.name() + " matches no branch of " + avro);
            }
            plans[i] = plan(f.schema(), branch, path + "." + f.name());
        }
        return v -> {
            if (v == null) {
                return null;
            }
            Struct struct = (Struct) v;
            for (int i = 0; i < plans.length; i++) {
                Object value = struct.get(fields.get(i));
                if (value != null) {
                    return plans[i].apply(value);
                }
            }
            throw new DataException("the union " + path + " has no field set");
        };
    }

    /** The branch of an Avro union that values of {@code schema} are written as. */
    private org.apache.avro.Schema branchFor(Schema schema, org.apache.avro.Schema union, String path) {
        org.apache.avro.Schema fallback = null;
        for (org.apache.avro.Schema b : union.getTypes()) {
            if (b.getType() == org.apache.avro.Schema.Type.NULL) {
                continue;
            }
            if (matches(schema, b)) {
                return b;
            }
            if (fallback == null) {
                fallback = b;
            }
        }
        if (fallback == null) {
            throw new DataException("the Avro schema at " + path + " is only null");
        }
        return fallback;
    }

    private static boolean matches(Schema schema, org.apache.avro.Schema avro) {
        org.apache.avro.Schema.Type t = avro.getType();
        return switch (schema.type()) {
            case INT8, INT16, INT32 -> t == org.apache.avro.Schema.Type.INT;
            case INT64 -> t == org.apache.avro.Schema.Type.LONG;
            case FLOAT32 -> t == org.apache.avro.Schema.Type.FLOAT;
            case FLOAT64 -> t == org.apache.avro.Schema.Type.DOUBLE;
            case BOOLEAN -> t == org.apache.avro.Schema.Type.BOOLEAN;
            case STRING -> t == org.apache.avro.Schema.Type.STRING || t == org.apache.avro.Schema.Type.ENUM;
            case BYTES -> t == org.apache.avro.Schema.Type.BYTES || t == org.apache.avro.Schema.Type.FIXED;
            case ARRAY -> t == org.apache.avro.Schema.Type.ARRAY;
            case MAP -> t == org.apache.avro.Schema.Type.MAP || t == org.apache.avro.Schema.Type.ARRAY;
            case STRUCT -> t == org.apache.avro.Schema.Type.RECORD && (schema.name() == null
                    || schema.name().equals(avro.getFullName()) || schema.name().equals(avro.getProp(CONNECT_NAME)));
        };
    }

    private static void expect(Schema schema, org.apache.avro.Schema avro, String path,
                               org.apache.avro.Schema.Type... types) {
        for (org.apache.avro.Schema.Type t : types) {
            if (avro.getType() == t) {
                return;
            }
        }
        throw new DataException("the Connect " + schema.type() + " at " + (path.isEmpty() ? "the top" : path)
                + " cannot be written as Avro " + avro.getType());
    }

    private static Object number(long value, org.apache.avro.Schema.Type target, String path) {
        return switch (target) {
            case INT -> (int) value;
            case LONG -> value;
            default -> throw new DataException("a date/time at " + path + " cannot be written as Avro " + target);
        };
    }

    private static byte[] signExtend(byte[] unscaled, int size) {
        if (unscaled.length == size) {
            return unscaled;
        }
        if (unscaled.length > size) {
            throw new DataException("a decimal of " + unscaled.length + " bytes does not fit a fixed of " + size);
        }
        byte[] out = new byte[size];
        byte pad = unscaled.length > 0 && unscaled[0] < 0 ? (byte) 0xff : 0;
        int offset = size - unscaled.length;
        for (int i = 0; i < offset; i++) {
            out[i] = pad;
        }
        System.arraycopy(unscaled, 0, out, offset, unscaled.length);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Avro -> Connect

    /**
     * The Connect view of an Avro (writer) schema.
     *
     * @param registryVersion the schema's version in the registry, given to a top-level struct that has no
     *                        {@code connect.version} of its own (as Confluent's converter does); may be null
     */
    public ConnectView toConnect(org.apache.avro.Schema avro, Integer registryVersion) {
        return avroToConnect.view(avro, registryVersion);
    }

    /** Converts an Avro datum once (translating the schema each time: for tests and one-offs). */
    public SchemaAndValue toConnectData(org.apache.avro.Schema avro, Object datum) {
        ConnectView view = toConnect(avro, null);
        return new SchemaAndValue(view.schema(), view.reader().apply(datum));
    }
}
