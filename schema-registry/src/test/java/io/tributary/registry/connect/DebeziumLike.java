package io.tributary.registry.connect;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/** A change event shaped like Debezium's (envelope, before/after rows, source block), with every mapped type. */
final class DebeziumLike {

    static final Schema BALANCE = Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build();

    static final Schema ROW = SchemaBuilder.struct().name("dbserver1.inventory.customers.Value").optional()
            .field("id", Schema.INT32_SCHEMA)
            .field("first_name", SchemaBuilder.string().doc("given name").build())
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("balance", BALANCE)
            .field("born", Date.builder().optional().build())
            .field("updated", Timestamp.SCHEMA)
            .field("flags", Schema.INT8_SCHEMA)
            .field("small", Schema.OPTIONAL_INT16_SCHEMA)
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("ratio", Schema.FLOAT32_SCHEMA)
            .field("active", SchemaBuilder.bool().defaultValue(true).build())
            .field("status", SchemaBuilder.string().defaultValue("new").build())
            .field("nick", SchemaBuilder.string().optional().defaultValue("none").build())
            .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build())
            .field("counts", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT64_SCHEMA).build())
            .build();

    static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .doc("where the change happened")
            .field("version", Schema.STRING_SCHEMA)
            .field("connector", Schema.STRING_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", SchemaBuilder.string().optional().name("io.debezium.data.Enum").version(1)
                    .parameter("allowed", "true,last,false,incremental").defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA)
            .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    static final Schema TRANSACTION = SchemaBuilder.struct().name("event.block").optional().version(1)
            .field("id", Schema.STRING_SCHEMA)
            .field("total_order", Schema.INT64_SCHEMA)
            .field("data_collection_order", Schema.INT64_SCHEMA)
            .build();

    static final Schema ENVELOPE = SchemaBuilder.struct().name("dbserver1.inventory.customers.Envelope").version(1)
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field("transaction", TRANSACTION)
            .build();

    static final Schema KEY = SchemaBuilder.struct().name("dbserver1.inventory.customers.Key")
            .field("id", Schema.INT32_SCHEMA).build();

    static Struct key(int id) {
        return new Struct(KEY).put("id", id);
    }

    static Struct row(int id) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("tier", "gold");
        attrs.put("note", null);
        Map<Integer, Long> counts = new LinkedHashMap<>();
        counts.put(1, 10L);
        counts.put(-7, 70L);
        return new Struct(ROW)
                .put("id", id)
                .put("first_name", "Anne-" + id)
                .put("email", id % 2 == 0 ? null : "anne" + id + "@example.com")
                .put("balance", new BigDecimal("1234.5" + (id % 10)))
                .put("born", new java.util.Date(19_000L * 86_400_000L))
                .put("updated", new java.util.Date(1_764_950_000_123L + id))
                .put("flags", (byte) -3)
                .put("small", (short) 300)
                .put("score", id % 3 == 0 ? null : 0.5 * id)
                .put("ratio", 0.25f)
                .put("active", false)
                .put("status", "vip")
                .put("nick", null)
                .put("photo", new byte[] {1, 2, (byte) 0xff})
                .put("tags", List.of("a", "b"))
                .put("attrs", attrs)
                .put("counts", counts);
    }

    static Struct source(long ts) {
        return new Struct(SOURCE)
                .put("version", "2.7.0.Final")
                .put("connector", "postgresql")
                .put("name", "dbserver1")
                .put("ts_ms", ts)
                .put("snapshot", "false")
                .put("db", "inventory")
                .put("sequence", null)
                .put("schema", "inventory")
                .put("table", "customers")
                .put("txId", 555L)
                .put("lsn", 123_456_789L);
    }

    /** An update of row {@code id} (a create when {@code id} is a multiple of 5: no before). */
    static Struct change(int id) {
        boolean create = id % 5 == 0;
        Struct envelope = new Struct(ENVELOPE)
                .put("before", create ? null : row(id))
                .put("after", row(id + 1_000_000))
                .put("source", source(1_764_950_000_000L + id))
                .put("op", create ? "c" : "u")
                .put("ts_ms", 1_764_950_000_500L + id);
        if (id % 2 == 1) {
            envelope.put("transaction", new Struct(TRANSACTION).put("id", "tx-" + id).put("total_order", 1L)
                    .put("data_collection_order", 1L));
        }
        return envelope;
    }

    private DebeziumLike() {
    }
}
