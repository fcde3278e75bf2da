package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.compat.RegistryHttp.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry when what it stands on fails: its broker SIGKILLed (reads go on from memory, writes get a 5000x
 * answer quickly and work again once the broker is back) and its writer SIGSTOPped past its session (the other
 * instance takes over; when the paused one wakes up, nothing it does can give an id to two schemas).
 */
class SchemaRegistryFaultCompatTest {

    @TempDir
    Path data;

    private static String record(String name) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    }

    @Test
    void losingTheBrokerAnswersStoreErrorsAndTheRegistryRecoversWithIt() throws Exception {
        try (TributaryProcess node = new TributaryProcess(data).start();
             RegistryProcess registry = new RegistryProcess(node.bootstrap(), Map.of("session.timeout.ms", "6000"))) {
            registry.start().awaitOutput("Schema registry started");
            RegistryHttp http = new RegistryHttp(registry.url());
            int before = http.register("loss-1-value", record("Before"));

            node.kill();
            assertThat(http.get("/subjects/loss-1-value/versions/1").json().get("id").asInt())
                    .as("reads are served from memory").isEqualTo(before);
            long asked = System.nanoTime();
            Reply refused = http.post("/subjects/loss-2-value/versions", RegistryHttp.schemaBody(record("During")));
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertThat(refused.status()).as(refused.text()).isEqualTo(500);
            assertThat(refused.errorCode()).isIn(50001, 50002, 50003, 50004);
            assertThat(answeredMs).as("a clear answer, not a hung client").isLessThan(15_000);

            node.start();
            int after = http.registerRetrying("loss-2-value", record("During"));
            assertThat(after).isNotEqualTo(before);
            assertThat(http.get("/subjects").json().toString()).isEqualTo("[\"loss-1-value\",\"loss-2-value\"]");
            assertThat(registry.printed("Exception in thread")).isFalse();
        }
    }

    @Test
    void aPausedWriterThatWakesUpCannotGiveAnIdTwice() throws Exception {
        try (TributaryProcess node = new TributaryProcess(data).start();
             RegistryProcess a = new RegistryProcess(node.bootstrap(), Map.of("session.timeout.ms", "6000"));
             RegistryProcess b = new RegistryProcess(node.bootstrap(), Map.of("session.timeout.ms", "6000"))) {
            a.start().awaitOutput("Schema registry started");
            b.start().awaitOutput("Schema registry started");
            List<Integer> ids = new ArrayList<>();
            ids.add(new RegistryHttp(a.url()).register("pause-0-value", record("P0")));
            RegistryProcess writer = a.printed("(this instance)") ? a : b;
            RegistryProcess other = writer == a ? b : a;
            RegistryHttp viaWriter = new RegistryHttp(writer.url());
            RegistryHttp viaOther = new RegistryHttp(other.url());

            writer.pause();
            try {
                for (int i = 1; i <= 3; i++) {
                    ids.add(viaOther.registerRetrying("pause-" + i + "-value", record("P" + i)));
                }
            } finally {
                writer.resume();
            }
            // At once, before the woken writer has noticed it lost its place: every id still means one schema.
            for (int i = 4; i <= 6; i++) {
                ids.add(viaWriter.registerRetrying("pause-" + i + "-value", record("P" + i)));
            }
            ids.add(viaOther.registerRetrying("pause-7-value", record("P7")));
            assertThat(new HashSet<>(ids)).as("ids " + ids).hasSize(ids.size());
            viaWriter.catchUpWith(viaOther, "/schemas");
            assertThat(viaWriter.get("/schemas").text()).isEqualTo(viaOther.get("/schemas").text());
            for (int i = 0; i <= 7; i++) {
                Reply v = viaOther.get("/subjects/pause-" + i + "-value/versions");
                assertThat(v.json().toString()).as("pause-" + i).isEqualTo("[1]");
                int id = viaOther.get("/subjects/pause-" + i + "-value/versions/1").json().get("id").asInt();
                assertThat(viaOther.get("/schemas/ids/" + id).json().get("schema").asText()).contains("\"P" + i + "\"");
            }
        }
    }
}
