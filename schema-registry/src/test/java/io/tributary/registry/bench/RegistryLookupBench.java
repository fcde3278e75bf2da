package io.tributary.registry.bench;

import io.tributary.registry.InMemorySchemaLog;
import io.tributary.registry.RegistryException;
import io.tributary.registry.SchemaRegistry;
import io.tributary.registry.SchemaRequest;
import io.tributary.registry.schema.AvroSchemaParser;
import io.tributary.registry.state.CompatibilityLevel;
import io.tributary.registry.state.RegistryState;
import io.tributary.registry.state.StoredSchema;
import io.tributary.registry.store.StoreRecordCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The registry's work behind the lookups clients make, on a registry holding 10,000 schemas (no HTTP, no broker):
 * a schema by id ({@code GET /schemas/ids/{id}}), a registered schema's version in its subject
 * ({@code POST /subjects/{s}}: parse, canonicalize, compare), and a registration of a schema already there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RegistryLookupBench {

    static final int SCHEMAS = 10_000;
    private SchemaRegistry registry;
    private SchemaRequest existing;
    private int id;

    static String schema(int i) {
        StringBuilder s = new StringBuilder("{\"type\":\"record\",\"name\":\"R" + i + "\",\"namespace\":\"bench\","
                + "\"fields\":[");
        for (int f = 0; f < 8; f++) {
            s.append(f == 0 ? "" : ",").append("{\"name\":\"f").append(f).append("\",\"type\":\"")
                    .append(f % 2 == 0 ? "long" : "string").append("\"}");
        }
        return s.append("]}").toString();
    }

    @Setup
    public void fill() throws RegistryException {
        RegistryState state = new RegistryState();
        InMemorySchemaLog log = new InMemorySchemaLog();
        log.start((offset, key, value) -> state.apply(StoreRecordCodec.decode(key, value)));
        registry = new SchemaRegistry(state, log, List.of(new AvroSchemaParser()), CompatibilityLevel.BACKWARD);
        for (int i = 0; i < SCHEMAS; i++) {
            registry.register("bench-" + i + "-value", SchemaRequest.avro(schema(i)), false);
        }
        existing = SchemaRequest.avro(schema(SCHEMAS / 2));
        id = registry.lookup("bench-" + SCHEMAS / 2 + "-value", existing, false, false).id();
    }

    @Benchmark
    public StoredSchema schemaById() throws RegistryException {
        return registry.schemaById(id);
    }

    @Benchmark
    public Object lookupInSubject() throws RegistryException {
        return registry.lookup("bench-" + SCHEMAS / 2 + "-value", existing, false, false);
    }

    @Benchmark
    public Object registerExisting() throws RegistryException {
        return registry.register("bench-" + SCHEMAS / 2 + "-value", existing, false);
    }
}
