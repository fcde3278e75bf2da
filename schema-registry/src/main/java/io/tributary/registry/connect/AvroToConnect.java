package io.tributary.registry.connect;

import static io.tributary.registry.connect.ConnectAvroData.CONNECT_DEFAULT;
import static io.tributary.registry.connect.ConnectAvroData.CONNECT_DOC;
import static io.tributary.registry.connect.ConnectAvroData.CONNECT_NAME;
import static io.tributary.registry.connect.ConnectAvroData.CONNECT_PARAMETERS;
import static io.tributary.registry.connect.ConnectAvroData.CONNECT_TYPE;
import static io.tributary.registry.connect.ConnectAvroData.CONNECT_VERSION;
import static io.tributary.registry.connect.ConnectAvroData.DECIMAL_PRECISION;
import static io.tributary.registry.connect.ConnectAvroData.DEFAULT_NAME;
import static io.tributary.registry.connect.ConnectAvroData.ENUM;
import static io.tributary.registry.connect.ConnectAvroData.FIXED_SIZE;
import static io.tributary.registry.connect.ConnectAvroData.MAP_ENTRY_NAME;
import static io.tributary.registry.connect.ConnectAvroData.MILLIS_PER_DAY;
import static io.tributary.registry.connect.ConnectAvroData.NAMESPACE;
import static io.tributary.registry.connect.ConnectAvroData.NULL;
import static io.tributary.registry.connect.ConnectAvroData.UNION_NAME;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Avro to Kafka Connect: the Connect schema an Avro (writer) schema maps to, by the rules of the package
 * documentation, and the plan ({@link ConnectAvroData.ToConnect}) that converts its data. The reading half of
 * {@link ConnectAvroData}; thread-safe (it holds only its options).
 */
final class AvroToConnect {

    private final ConnectAvroData.Options options;
    private final GenericData data = new GenericData();

    AvroToConnect(ConnectAvroData.Options options) {
        this.options = options;
    }

    /** The Connect view of {@code avro}; a top-level struct without {@code connect.version} gets registryVersion. */
    ConnectAvroData.ConnectView view(org.apache.avro.Schema avro, Integer registryVersion) {
        return toConnect(avro, false, null, null, registryVersion, new HashSet<>());
    }

    private ConnectAvroData.ConnectView toConnect(org.apache.avro.Schema avro, boolean optional, Object defaultDatum,
                                  String fieldDoc, Integer topVersion, Set<String> path) {
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            List<org.apache.avro.Schema> nonNull = new ArrayList<>();
            boolean hasNull = false;
            for (org.apache.avro.Schema b : avro.getTypes()) {
                if (b.getType() == org.apache.avro.Schema.Type.NULL) {
                    hasNull = true;
                } else {
                    nonNull.add(b);
                }
            }
            if (nonNull.isEmpty()) {
                throw new DataException("the Avro schema " + avro + " has no Connect equivalent (only null)");
            }
            if (nonNull.size() == 1) {
                ConnectAvroData.ConnectView inner = toConnect(nonNull.get(0), optional || hasNull, defaultDatum, fieldDoc,
                        topVersion, path);
                ConnectAvroData.ToConnect read = inner.reader();
                return new ConnectAvroData.ConnectView(inner.schema(), d -> d == null ? null : read.apply(d));
            }
            return unionView(avro, nonNull, optional || hasNull, path);
        }
        SchemaBuilder builder;
        ConnectAvroData.ToConnect read;
        LogicalType logical = avro.getLogicalType();
        String connectName = avro.getProp(CONNECT_NAME);
        String doc = null;
        Schema[] built = new Schema[1];
        switch (avro.getType()) {
            case NULL -> throw new DataException("the Avro type null has no Connect equivalent outside a union");
            case BOOLEAN -> {
                builder = SchemaBuilder.bool();
                read = d -> d;
            }
            case INT -> {
                String connectType = avro.getProp(CONNECT_TYPE);
                if ("int8".equals(connectType)) {
                    builder = SchemaBuilder.int8();
                    read = d -> ((Integer) d).byteValue();
                } else if ("int16".equals(connectType)) {
                    builder = SchemaBuilder.int16();
                    read = d -> ((Integer) d).shortValue();
                } else if (Date.LOGICAL_NAME.equals(connectName) || logical instanceof LogicalTypes.Date) {
                    builder = Date.builder();
                    read = d -> new java.util.Date((Integer) d * MILLIS_PER_DAY);
                } else if (Time.LOGICAL_NAME.equals(connectName) || logical instanceof LogicalTypes.TimeMillis) {
                    builder = Time.builder();
                    read = d -> new java.util.Date((Integer) d);
                } else {
                    builder = SchemaBuilder.int32();
                    read = d -> d;
                }
            }
            case LONG -> {
                if (Timestamp.LOGICAL_NAME.equals(connectName) || logical instanceof LogicalTypes.TimestampMillis) {
                    builder = Timestamp.builder();
                    read = d -> new java.util.Date((Long) d);
                } else {
                    builder = SchemaBuilder.int64();
                    read = d -> d;
                }
            }
            case FLOAT -> {
                builder = SchemaBuilder.float32();
                read = d -> d;
            }
            case DOUBLE -> {
                builder = SchemaBuilder.float64();
                read = d -> d;
            }
            case STRING -> {
                builder = SchemaBuilder.string();
                read = Object::toString;
            }
            case BYTES, FIXED -> {
                boolean fixed = avro.getType() == org.apache.avro.Schema.Type.FIXED;
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    int scale = decimal.getScale();
                    builder = Decimal.builder(scale);
                    if (avro.getProp(CONNECT_PARAMETERS) == null) {
                        builder.parameter(DECIMAL_PRECISION, Integer.toString(decimal.getPrecision()));
                    }
                    read = d -> new BigDecimal(new BigInteger(ConnectAvroData.bytes(d)), scale);
                } else {
                    builder = SchemaBuilder.bytes();
                    read = ConnectAvroData::bytes;
                    if (fixed) {
                        builder.name(connectName != null ? connectName : avro.getFullName());
                        builder.parameter(FIXED_SIZE, Integer.toString(avro.getFixedSize()));
                    }
                }
                if (fixed) {
                    doc = avro.getDoc();
                }
            }
            case ENUM -> {
                builder = SchemaBuilder.string();
                if (connectName == null && options.enhancedSchemaSupport()) {
                    builder.name(avro.getFullName());
                }
                builder.parameter(ENUM, avro.getFullName());
                for (String symbol : avro.getEnumSymbols()) {
                    builder.parameter(ENUM + "." + symbol, symbol);
                }
                doc = avro.getDoc();
                read = Object::toString;
            }
            case ARRAY -> {
                org.apache.avro.Schema items = avro.getElementType();
                if (isMapEntry(items)) {
                    org.apache.avro.Schema.Field kf = items.getField("key");
                    org.apache.avro.Schema.Field vf = items.getField("value");
                    ConnectAvroData.ConnectView key = toConnect(kf.schema(), false, null, null, null, path);
                    ConnectAvroData.ConnectView value = toConnect(vf.schema(), false, null, null, null, path);
                    builder = SchemaBuilder.map(key.schema(), value.schema());
                    int kp = kf.pos();
                    int vp = vf.pos();
                    ConnectAvroData.ToConnect kr = key.reader();
                    ConnectAvroData.ToConnect vr = value.reader();
                    read = d -> {
                        Collection<?> in = (Collection<?>) d;
                        Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
                        for (Object o : in) {
                            GenericRecord r = (GenericRecord) o;
                            out.put(kr.apply(r.get(kp)), vr.apply(r.get(vp)));
                        }
                        return out;
                    };
                } else {
                    ConnectAvroData.ConnectView item = toConnect(items, false, null, null, null, path);
                    builder = SchemaBuilder.array(item.schema());
                    ConnectAvroData.ToConnect ir = item.reader();
                    read = d -> {
                        Collection<?> in = (Collection<?>) d;
                        List<Object> out = new ArrayList<>(in.size());
                        for (Object o : in) {
                            out.add(ir.apply(o));
                        }
                        return out;
                    };
                }
            }
            case MAP -> {
                ConnectAvroData.ConnectView value = toConnect(avro.getValueType(), false, null, null, null, path);
                builder = SchemaBuilder.map(Schema.STRING_SCHEMA, value.schema());
                ConnectAvroData.ToConnect vr = value.reader();
                read = d -> {
                    Map<?, ?> in = (Map<?, ?>) d;
                    Map<Object, Object> out = new LinkedHashMap<>(in.size() * 2);
                    for (Map.Entry<?, ?> e : in.entrySet()) {
                        out.put(e.getKey().toString(), vr.apply(e.getValue()));
                    }
                    return out;
                };
            }
            case RECORD -> {
                String fullName = avro.getFullName();
                if (!path.add(fullName)) {
                    throw new DataException("the Avro record " + fullName + " is recursive; Connect schemas cannot be");
                }
                builder = SchemaBuilder.struct();
                String structName = connectName != null ? connectName : isDefaultName(fullName) ? null : fullName;
                if (structName != null) {
                    builder.name(structName);
                }
                doc = avro.getDoc();
                List<org.apache.avro.Schema.Field> fields = avro.getFields();
                ConnectAvroData.ToConnect[] readers = new ConnectAvroData.ToConnect[fields.size()];
                for (org.apache.avro.Schema.Field f : fields) {
                    Object fieldDefault = f.hasDefaultValue() ? data.getDefaultValue(f) : null;
                    ConnectAvroData.ConnectView fv = toConnect(f.schema(), false, fieldDefault, f.doc(), null, path);
                    builder.field(f.name(), fv.schema());
                    readers[f.pos()] = fv.reader();
                }
                path.remove(fullName);
                read = d -> {
                    Schema schema = built[0];
                    List<Field> connectFields = schema.fields();
                    GenericRecord r = (GenericRecord) d;
                    Struct struct = new Struct(schema);
                    for (int i = 0; i < readers.length; i++) {
                        struct.put(connectFields.get(i), readers[i].apply(r.get(i)));
                    }
                    return struct;
                };
            }
            default -> throw new DataException("unknown Avro type " + avro.getType());
        }
        // A builder refuses a second name or version (Decimal.builder() and the like set their own).
        if (connectName != null && builder.name() == null) {
            builder.name(connectName);
        }
        Object version = avro.getObjectProp(CONNECT_VERSION);
        if (builder.version() == null) {
            if (version instanceof Number n) {
                builder.version(n.intValue());
            } else if (topVersion != null && builder.type() == Schema.Type.STRUCT) {
                builder.version(topVersion);
            }
        }
        String connectDoc = avro.getProp(CONNECT_DOC);
        if (doc == null) {
            doc = connectDoc != null ? connectDoc : (builder.type() != Schema.Type.STRUCT ? fieldDoc : null);
        }
        if (doc != null) {
            builder.doc(doc);
        }
        Object params = avro.getObjectProp(CONNECT_PARAMETERS);
        if (params instanceof Map<?, ?> map) {
            map.forEach((k, v) -> builder.parameter(k.toString(), v == null ? null : v.toString()));
        }
        if (optional) {
            builder.optional();
        }
        if (builder.type() != Schema.Type.STRUCT) {
            Object def = defaultDatum;
            if (def == null && avro.getObjectProp(CONNECT_DEFAULT) != null) {
                def = connectDefault(avro);
            }
            if (def != null) {
                try {
                    builder.defaultValue(read.apply(def));
                } catch (RuntimeException e) {
                    // a default Connect cannot hold: the schema is used without it
                }
            }
        }
        Schema schema = builder.build();
        built[0] = schema;
        return new ConnectAvroData.ConnectView(schema, read);
    }

    private Object connectDefault(org.apache.avro.Schema avro) {
        try {
            org.apache.avro.Schema.Field holder = new org.apache.avro.Schema.Field("default", avro, null,
                    avro.getObjectProp(CONNECT_DEFAULT));
            return data.getDefaultValue(holder);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ConnectAvroData.ConnectView unionView(org.apache.avro.Schema avro, List<org.apache.avro.Schema> branches,
                                  boolean optional, Set<String> path) {
        SchemaBuilder builder = SchemaBuilder.struct().name(UNION_NAME);
        Map<String, Integer> fieldIndexByBranch = new HashMap<>();
        ConnectAvroData.ToConnect[] readers = new ConnectAvroData.ToConnect[avro.getTypes().size()];
        int fieldIndex = 0;
        int[] fieldOf = new int[readers.length];
        for (int i = 0; i < avro.getTypes().size(); i++) {
            org.apache.avro.Schema b = avro.getTypes().get(i);
            if (b.getType() == org.apache.avro.Schema.Type.NULL) {
                fieldOf[i] = -1;
                continue;
            }
            ConnectAvroData.ConnectView view = toConnect(b, true, null, null, null, path);
            String name = b.getName();
            if (fieldIndexByBranch.containsKey(name)) {
                name = b.getFullName();
            }
            builder.field(name, view.schema());
            fieldIndexByBranch.put(name, fieldIndex);
            fieldOf[i] = fieldIndex++;
            readers[i] = view.reader();
        }
        if (optional) {
            builder.optional();
        }
        Schema schema = builder.build();
        List<Field> fields = schema.fields();
        return new ConnectAvroData.ConnectView(schema, d -> {
            if (d == null) {
                return null;
            }
            int branch = data.resolveUnion(avro, d);
            if (fieldOf[branch] < 0) {
                return null;
            }
            Struct struct = new Struct(schema);
            struct.put(fields.get(fieldOf[branch]), readers[branch].apply(d));
            return struct;
        });
    }

    private static boolean isDefaultName(String fullName) {
        String prefix = NAMESPACE + "." + DEFAULT_NAME;
        return fullName.startsWith(prefix) && fullName.substring(prefix.length()).chars().allMatch(Character::isDigit);
    }

    private static boolean isMapEntry(org.apache.avro.Schema items) {
        if (items.getType() != org.apache.avro.Schema.Type.RECORD || items.getFields().size() != 2
                || items.getField("key") == null || items.getField("value") == null) {
            return false;
        }
        String prefix = NAMESPACE + "." + MAP_ENTRY_NAME;
        String name = items.getFullName();
        return name.startsWith(prefix) && name.substring(prefix.length()).chars().allMatch(Character::isDigit);
    }
}
