package io.tributary.connect.herder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.connect.plugins.Plugins;
import io.tributary.connect.storage.FileOffsetStore;
import io.tributary.connect.storage.MemoryStatusStore;
import io.tributary.connect.worker.ConfigProviders;
import io.tributary.connect.worker.Worker;
import io.tributary.connect.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code /config/validate} answers and what a create or update is refused with, on a real worker. */
class ConfigValidationTest {

    private static final String SOURCE = TestSourceConnector.class.getName();
    private static final String SINK = TestSinkConnector.class.getName();
    private static final String MISSING_TOPICS = "Must configure one of topics or topics.regex";
    private static final String BOTH_TOPICS =
            "topics and topics.regex are mutually exclusive options, but both are set.";

    private static Plugins plugins;

    @TempDir
    Path dir;

    private Worker worker;
    private ConfigValidation validation;

    @BeforeAll
    static void scan() {
        plugins = Plugins.scan(List.of());
    }

    @BeforeEach
    void start() {
        worker = new Worker(new WorkerConfig(Map.of()), plugins, new ConfigProviders(Map.of(), plugins),
                new FileOffsetStore(dir.resolve("offsets.dat")), new MemoryStatusStore(), "w1");
        validation = new ConfigValidation(worker);
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    private static Map<String, String> config(String connectorClass, String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("name", "c1");
        m.put("connector.class", connectorClass);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static ConfigInfos.ConfigInfo info(ConfigInfos infos, String name) {
        return infos.configs().stream().filter(i -> i.definition().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no config info named " + name + " in " + infos.configs()));
    }

    private static List<String> errors(ConfigInfos infos, String name) {
        return info(infos, name).value().errors();
    }

    private static List<String> allErrors(ConfigInfos infos) {
        return infos.configs().stream().flatMap(i -> i.value().errors().stream()).toList();
    }

    private HerderException refused(Map<String, String> config) {
        return thrown(() -> validation.validate(config));
    }

    private static HerderException thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        HerderException e = catchThrowableOfType(HerderException.class, call);
        assertThat(e).as("a HerderException").isNotNull();
        return e;
    }

    @Test
    void aValidSourceConfigHasNoErrors() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "/tmp/in.txt"));

        assertThat(allErrors(infos)).isEmpty();
        assertThat(infos.errorCount()).isZero();
        assertThat(infos.name()).isEqualTo(SOURCE);
        assertThat(infos.groups()).contains("Common", "Transforms", "Error Handling");
        assertThat(info(infos, "file").value().value()).isEqualTo("/tmp/in.txt");
        assertThat(info(infos, "tasks.max").definition().defaultValue()).isEqualTo("1");
        assertThat(info(infos, "connector.class").definition().required()).isTrue();
        assertThat(infos.configs()).noneMatch(i -> i.definition().name().equals("topics"));
    }

    @Test
    void aValidSinkConfigHasNoErrors() {
        ConfigInfos infos = validation.validate(config(SINK, "topics", "orders"));

        assertThat(allErrors(infos)).isEmpty();
        assertThat(infos.errorCount()).isZero();
        assertThat(infos.name()).isEqualTo(SINK);
        assertThat(infos.groups()).contains("Common", "Transforms", "Error Handling");
        assertThat(info(infos, "topics").value().value()).isEqualTo("orders");
    }

    @Test
    void aConfigWithoutConnectorClassIsABadRequest() {
        HerderException e = refused(Map.of("name", "c1"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e).hasMessage("Connector config {name=c1} contains no connector type");
    }

    @Test
    void aBlankConnectorClassIsABadRequest() {
        HerderException e = refused(config(" "));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e).hasMessageEndingWith("contains no connector type");
    }

    @Test
    void anUnknownConnectorClassIsABadRequest() {
        HerderException e = refused(config("com.example.NoSuchConnector"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e).hasMessageContaining(
                "Failed to find any class that implements Connector and which name matches com.example.NoSuchConnector");
    }

    @Test
    void aClassThatIsNotAConnectorIsABadRequest() {
        // A plugin of another kind (a converter) named as the connector class: Kafka answers 400, as for a class
        // it cannot find.
        HerderException e = refused(config("org.apache.kafka.connect.json.JsonConverter"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e).hasMessageContaining("org.apache.kafka.connect.json.JsonConverter");
    }

    @Test
    void aSinkWithoutTopicsOrTopicsRegexHasAnErrorOnBoth() {
        ConfigInfos infos = validation.validate(config(SINK));

        assertThat(infos.errorCount()).isEqualTo(2);
        assertThat(errors(infos, "topics")).containsExactly(MISSING_TOPICS);
        assertThat(errors(infos, "topics.regex")).containsExactly(MISSING_TOPICS);
    }

    @Test
    void aSinkWithBlankTopicsCountsAsWithout() {
        ConfigInfos infos = validation.validate(config(SINK, "topics", " ", "topics.regex", ""));

        assertThat(infos.errorCount()).isEqualTo(2);
        assertThat(errors(infos, "topics")).containsExactly(MISSING_TOPICS);
    }

    @Test
    void aSinkWithBothTopicsAndTopicsRegexHasTheMutuallyExclusiveError() {
        ConfigInfos infos = validation.validate(config(SINK, "topics", "a", "topics.regex", "a.*"));

        assertThat(infos.errorCount()).isEqualTo(2);
        assertThat(errors(infos, "topics")).containsExactly(BOTH_TOPICS);
        assertThat(errors(infos, "topics.regex")).containsExactly(BOTH_TOPICS);
    }

    @Test
    void aSinkWithTopicsRegexAloneIsValid() {
        ConfigInfos infos = validation.validate(config(SINK, "topics.regex", "orders-.*"));

        assertThat(infos.errorCount()).isZero();
    }

    @Test
    void aSinksDeadLetterQueueMayNotBeOneOfItsTopics() {
        ConfigInfos infos = validation.validate(config(SINK, "topics", "a, dlq",
                "errors.deadletterqueue.topic.name", "dlq", "errors.tolerance", "all"));

        assertThat(infos.errorCount()).isEqualTo(1);
        assertThat(errors(infos, "errors.deadletterqueue.topic.name")).containsExactly(
                "The DLQ topic 'dlq' may not be included in the list of topics ('topics=a, dlq') consumed by the connector");
    }

    @Test
    void aTransformOfUnknownTypeHasAnErrorOnItsType() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f",
                "transforms", "x", "transforms.x.type", "com.example.NoSuchTransform"));

        assertThat(infos.errorCount()).isEqualTo(1);
        assertThat(errors(infos, "transforms.x.type")).singleElement().asString()
                .contains("com.example.NoSuchTransform").contains("could not be found");
        assertThat(infos.groups()).contains("Transforms: x");
    }

    @Test
    void aTransformWithoutTypeHasAnErrorOnItsType() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f", "transforms", "x"));

        assertThat(infos.errorCount()).isEqualTo(1);
        assertThat(errors(infos, "transforms.x.type"))
                .containsExactly("Missing required configuration \"transforms.x.type\" which has no default value.");
    }

    @Test
    void aTransformsOwnSettingsAreValidatedUnderItsPrefix() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f", "transforms", "hoist",
                "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value"));

        assertThat(infos.errorCount()).isEqualTo(1);
        assertThat(errors(infos, "transforms.hoist.field"))
                .containsExactly("Missing required configuration \"field\" which has no default value.");
        assertThat(errors(infos, "transforms.hoist.type")).isEmpty();
    }

    @Test
    void aValidTransformAndPredicateHaveNoErrors() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f",
                "transforms", "hoist",
                "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                "transforms.hoist.field", "line",
                "transforms.hoist.predicate", "onA",
                "predicates", "onA",
                "predicates.onA.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "predicates.onA.pattern", "a.*"));

        assertThat(allErrors(infos)).isEmpty();
        assertThat(info(infos, "transforms.hoist.field").value().value()).isEqualTo("line");
        assertThat(infos.groups()).contains("Transforms: hoist", "Predicates: onA");
    }

    @Test
    void theConnectorsOwnValidationIsReported() {
        ConfigInfos infos = validation.validate(config(SOURCE, "batch.size", "0"));

        assertThat(infos.errorCount()).isEqualTo(2);
        assertThat(errors(infos, "file"))
                .containsExactly("Missing required configuration \"file\" which has no default value.");
        assertThat(errors(infos, "batch.size")).singleElement().asString().contains("batch.size");
    }

    @Test
    void commonSettingsAreValidated() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f", "tasks.max", "0",
                "errors.tolerance", "some"));

        assertThat(infos.errorCount()).isEqualTo(2);
        assertThat(errors(infos, "tasks.max")).singleElement().asString().contains("tasks.max");
        assertThat(errors(infos, "errors.tolerance")).singleElement().asString().contains("errors.tolerance");
    }

    @Test
    void aMissingNameIsAnError() {
        Map<String, String> c = config(SOURCE, "file", "f");
        c.remove("name");

        ConfigInfos infos = validation.validate(c);

        assertThat(errors(infos, "name"))
                .containsExactly("Missing required configuration \"name\" which has no default value.");
    }

    @Test
    void requireValidRefusesAConfigWithItsErrorsListed() {
        ConfigInfos infos = validation.validate(config(SOURCE));

        HerderException e = thrown(() -> ConfigValidation.requireValid(infos));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith(
                "Connector configuration is invalid and contains the following 1 error(s):");
        assertThat(e).hasMessage("Connector configuration is invalid and contains the following 1 error(s):\n"
                + "Missing required configuration \"file\" which has no default value.\n"
                + "You can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`");
    }

    @Test
    void requireValidCountsEveryError() {
        ConfigInfos infos = validation.validate(config(SINK));

        HerderException e = thrown(() -> ConfigValidation.requireValid(infos));

        assertThat(e.getMessage()).startsWith(
                "Connector configuration is invalid and contains the following 2 error(s):\n"
                        + MISSING_TOPICS + "\n" + MISSING_TOPICS + "\n");
    }

    @Test
    void requireValidAcceptsAValidConfig() {
        ConfigInfos infos = validation.validate(config(SINK, "topics", "t"));

        assertThatCode(() -> ConfigValidation.requireValid(infos)).doesNotThrowAnyException();
    }

    @Test
    void pluginConfigListsAConnectorsOwnDefinitions() {
        List<ConfigInfos.ConfigKeyInfo> keys = validation.pluginConfig("org.apache.kafka.connect.transforms.HoistField$Value");

        assertThat(keys).extracting(ConfigInfos.ConfigKeyInfo::name).containsExactly("field");
        assertThat(thrown(() -> validation.pluginConfig("com.example.Nope")).status()).isEqualTo(404);
    }
    // ---- KIP-618: exactly.once.support, transaction.boundary (source connectors) ------------------------------

    private static final String EOS_SOURCE = ExactlyOnceTestSourceConnector.class.getName();

    /** A distributed worker's validation, with or without exactly.once.source.support=enabled. */
    private ConfigValidation distributed(boolean exactlyOnce) {
        worker.close();
        worker = new Worker(new WorkerConfig(exactlyOnce ? Map.of("exactly.once.source.support", "enabled")
                : Map.of()), plugins, new ConfigProviders(Map.of(), plugins),
                new FileOffsetStore(dir.resolve("offsets.dat")), new MemoryStatusStore(), "w1");
        ConfigValidation v = new ConfigValidation(worker);
        v.distributedMode();
        return v;
    }

    @Test
    void sourceConnectorsHaveApachesExactlyOnceSettingsWithTheirDefaults() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "/tmp/in.txt"));

        assertThat(info(infos, "exactly.once.support").definition().defaultValue()).isEqualTo("requested");
        assertThat(info(infos, "transaction.boundary").definition().defaultValue()).isEqualTo("poll");
        assertThat(info(infos, "transaction.boundary.interval.ms").definition().defaultValue()).isNull();
        assertThat(info(infos, "offsets.storage.topic").definition().group()).isEqualTo("offsets.topic");
        assertThat(infos.groups()).contains("Exactly Once Support", "offsets.topic");
        assertThat(validation.validate(config(SINK, "topics", "t")).configs())
                .noneMatch(i -> i.definition().name().equals("exactly.once.support"));
    }

    @Test
    void badExactlyOnceValuesAreRefusedInEitherMode() {
        ConfigInfos infos = validation.validate(config(SOURCE, "file", "f", "exactly.once.support", "always",
                "transaction.boundary", "sometimes", "transaction.boundary.interval.ms", "-1"));

        assertThat(errors(infos, "exactly.once.support")).singleElement().asString().contains("always");
        assertThat(errors(infos, "transaction.boundary")).singleElement().asString().contains("sometimes");
        assertThat(errors(infos, "transaction.boundary.interval.ms")).hasSize(1);
        assertThat(allErrors(validation.validate(config(SOURCE, "file", "f", "exactly.once.support", "REQUIRED",
                "transaction.boundary", "Interval")))).as("case-insensitive, as Apache's").isEmpty();
    }

    @Test
    void requiredExactlyOnceNeedsTheWorkersSupportAndTheConnectorsWord() {
        ConfigValidation enabled = distributed(true);
        assertThat(allErrors(enabled.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support", "required",
                "eos", "yes")))).isEmpty();
        assertThat(errors(enabled.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support", "required",
                "eos", "no")), "exactly.once.support")).containsExactly(
                "The connector does not support exactly-once semantics with the provided configuration.");
        assertThat(errors(enabled.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support", "required")),
                "exactly.once.support")).singleElement().asString()
                .startsWith("The connector does not implement the API required for preflight validation");
        assertThat(errors(enabled.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support", "required",
                "eos", "throw")), "exactly.once.support")).containsExactly(
                "An unexpected error occurred during validation: cannot tell without the database");
        assertThat(allErrors(enabled.validate(config(EOS_SOURCE, "file", "f", "eos", "no"))))
                .as("requested: no preflight check").isEmpty();

        ConfigValidation disabled = distributed(false);
        assertThat(errors(disabled.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support", "required",
                "eos", "yes")), "exactly.once.support")).containsExactly(
                "This worker does not have exactly-once source support enabled.");
        assertThat(allErrors(validation.validate(config(EOS_SOURCE, "file", "f", "exactly.once.support",
                "required", "eos", "no")))).as("standalone, like Apache's, does not check").isEmpty();
    }

    @Test
    void connectorBoundariesNeedAConnectorThatCanDefineThem() {
        ConfigValidation v = distributed(true);
        assertThat(allErrors(v.validate(config(EOS_SOURCE, "file", "f", "transaction.boundary", "connector",
                "boundaries", "yes")))).isEmpty();
        assertThat(errors(v.validate(config(EOS_SOURCE, "file", "f", "transaction.boundary", "connector")),
                "transaction.boundary")).containsExactly("The connector does not support connector-defined "
                + "transaction boundaries with the given configuration. Please reconfigure it to use a different "
                + "transaction boundary definition.");
        HerderException e = thrown(() -> ConfigValidation.requireValid(v.validate(config(EOS_SOURCE, "file", "f",
                "transaction.boundary", "connector"))));
        assertThat(e.status()).isEqualTo(400);
    }
}
