package io.tributary.connect.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.connect.plugins.Plugins;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Apache's Single Message Transforms, chained, conditioned on predicates, dropping records. */
class TransformationChainTest {

    private static Plugins plugins;

    @BeforeAll
    static void scan() {
        plugins = Plugins.scan(List.of());
    }

    private static TransformationChain<SourceRecord> chain(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(Map.of("name", "c", "connector.class", "X"));
        props.putAll(settings);
        return TransformationChain.build(new ConnectorConfig(props, false), plugins, null);
    }

    private static SourceRecord record(String topic, Object value) {
        return new SourceRecord(Map.of("file", "a.txt"), Map.of("position", 1L), topic, 0, null, null, null, value);
    }

    private static final Map<String, String> HOIST_THEN_INSERT = Map.of(
            "transforms", "hoist,insert",
            "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
            "transforms.hoist.field", "line",
            "transforms.insert.type", "org.apache.kafka.connect.transforms.InsertField$Value",
            "transforms.insert.static.field", "origin",
            "transforms.insert.static.value", "test");

    @Test
    void noTransformsIsTheIdentity() {
        TransformationChain<SourceRecord> chain = chain(Map.of());
        SourceRecord r = record("t", "hello");

        assertThat(chain.isEmpty()).isTrue();
        assertThat(chain.apply(r)).isSameAs(r);
    }

    @Test
    void transformsApplyInTheirConfiguredOrder() {
        try (TransformationChain<SourceRecord> chain = chain(HOIST_THEN_INSERT)) {
            SourceRecord out = chain.apply(record("t", "hello"));

            assertThat(chain.isEmpty()).isFalse();
            assertThat(out.value()).isEqualTo(Map.of("line", "hello", "origin", "test"));
            assertThat(out.topic()).isEqualTo("t");
            assertThat(out.sourceOffset()).isEqualTo(Map.of("position", 1L));
        }
    }

    @Test
    void theOrderMatters() {
        Map<String, String> reversed = new HashMap<>(HOIST_THEN_INSERT);
        reversed.put("transforms", "insert,hoist");
        // InsertField needs a map (schemaless) to insert into: first hoist, then insert works; the other way fails.
        Map<String, Object> value = new HashMap<>(Map.of("a", 1));
        try (TransformationChain<SourceRecord> chain = chain(reversed)) {
            SourceRecord out = chain.apply(record("t", value));

            assertThat(out.value()).isEqualTo(Map.of("line", Map.of("a", 1, "origin", "test")));
        }
    }

    @Test
    void schemafulRecordsTransformToo() {
        try (TransformationChain<SourceRecord> chain = chain(Map.of(
                "transforms", "hoist",
                "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                "transforms.hoist.field", "line"))) {
            SourceRecord in = new SourceRecord(null, null, "t", 0, null, null, Schema.STRING_SCHEMA, "hello");
            SourceRecord out = chain.apply(in);

            assertThat(out.valueSchema().type()).isEqualTo(Schema.Type.STRUCT);
            assertThat(((Struct) out.value()).getString("line")).isEqualTo("hello");
        }
    }

    private static Map<String, String> hoistWhen(String pattern, boolean negate) {
        Map<String, String> m = new HashMap<>(Map.of(
                "predicates", "onlyA",
                "predicates.onlyA.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "predicates.onlyA.pattern", pattern,
                "transforms", "hoist",
                "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                "transforms.hoist.field", "line",
                "transforms.hoist.predicate", "onlyA"));
        if (negate) {
            m.put("transforms.hoist.negate", "true");
        }
        return m;
    }

    @Test
    void aPredicateLimitsTheTransformToTheRecordsItMatches() {
        try (TransformationChain<SourceRecord> chain = chain(hoistWhen("a-.*", false))) {
            assertThat(chain.apply(record("a-1", "x")).value()).isEqualTo(Map.of("line", "x"));
            assertThat(chain.apply(record("b-1", "x")).value()).isEqualTo("x");
        }
    }

    @Test
    void negateAppliesTheTransformWhereThePredicateDoesNotHold() {
        try (TransformationChain<SourceRecord> chain = chain(hoistWhen("a-.*", true))) {
            assertThat(chain.apply(record("a-1", "x")).value()).isEqualTo("x");
            assertThat(chain.apply(record("b-1", "x")).value()).isEqualTo(Map.of("line", "x"));
        }
    }

    @Test
    void predicatesCanBeNamedByAlias() {
        Map<String, String> m = hoistWhen("a-.*", false);
        m.put("predicates.onlyA.type", "TopicNameMatches");

        try (TransformationChain<SourceRecord> chain = chain(m)) {
            assertThat(chain.apply(record("a-1", "x")).value()).isEqualTo(Map.of("line", "x"));
            assertThat(chain.apply(record("b-1", "x")).value()).isEqualTo("x");
        }
    }

    @Test
    void filterDropsTheRecord() {
        try (TransformationChain<SourceRecord> chain = chain(Map.of(
                "transforms", "drop,hoist",
                "transforms.drop.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                "transforms.hoist.field", "line"))) {
            assertThat(chain.apply(record("t", "x"))).isNull();
        }
    }

    @Test
    void filterWithAPredicateDropsOnlyTheMatchingRecords() {
        try (TransformationChain<SourceRecord> chain = chain(Map.of(
                "predicates", "isTombstone",
                "predicates.isTombstone.type", "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone",
                "transforms", "dropTombstones",
                "transforms.dropTombstones.type", "org.apache.kafka.connect.transforms.Filter",
                "transforms.dropTombstones.predicate", "isTombstone"))) {
            assertThat(chain.apply(record("t", null))).isNull();
            SourceRecord kept = record("t", "x");
            assertThat(chain.apply(kept)).isSameAs(kept);
        }
    }

    @Test
    void aTransformsPredicateThatIsNotConfiguredIsRefused() {
        Map<String, String> m = hoistWhen("a-.*", false);
        m.put("transforms.hoist.predicate", "nope");

        assertThatThrownBy(() -> chain(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms.hoist.predicate")
                .hasMessageContaining("nope");
    }

    @Test
    void aTransformWithoutTypeIsRefused() {
        assertThatThrownBy(() -> chain(Map.of("transforms", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"transforms.x.type\" which has no default value.");
    }

    @Test
    void aPredicateWithoutTypeIsRefused() {
        assertThatThrownBy(() -> chain(Map.of("predicates", "p")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"predicates.p.type\" which has no default value.");
    }

    @Test
    void anUnknownTransformClassIsRefused() {
        assertThatThrownBy(() -> chain(Map.of("transforms", "x", "transforms.x.type", "com.example.NoSuchTransform")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms.x.type")
                .hasMessageContaining("Class com.example.NoSuchTransform could not be found.");
    }

    @Test
    void aClassThatIsNotATransformIsRefused() {
        assertThatThrownBy(() -> chain(Map.of("transforms", "x",
                "transforms.x.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms.x.type");
    }

    @Test
    void aTransformsOwnInvalidSettingIsRefused() {
        // InsertField$Value without any field to insert: the transform's own validation.
        assertThatThrownBy(() -> chain(Map.of("transforms", "ins",
                "transforms.ins.type", "org.apache.kafka.connect.transforms.InsertField$Value")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void duplicateAliasesAreRefused() {
        Map<String, String> m = new HashMap<>(HOIST_THEN_INSERT);
        m.put("transforms", "hoist,hoist");

        assertThatThrownBy(() -> chain(m)).isInstanceOf(ConfigException.class).hasMessageContaining("Duplicate alias");
    }
}
