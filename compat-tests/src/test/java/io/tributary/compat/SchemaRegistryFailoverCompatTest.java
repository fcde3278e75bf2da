package io.tributary.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two standalone registry processes over one Tributary node (issue 12, 3.): writes through either land once, each
 * reads its own writes; the writer SIGKILLed, the other is elected and takes writes with ids never used before; the
 * killed one restarted rebuilds the same state from {@code _schemas}.
 */
class SchemaRegistryFailoverCompatTest {

    @TempDir
    Path data;

    private static String record(String name, int fields) {
        StringBuilder s = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[");
        for (int i = 0; i < fields; i++) {
            s.append(i == 0 ? "" : ",").append("{\"name\":\"f").append(i).append("\",\"type\":\"int\",\"default\":0}");
        }
        return s.append("]}").toString();
    }

    @Test
    void theOtherInstanceTakesOverWhenTheWriterIsKilledAndIdsStayUnique() throws Exception {
        try (TributaryProcess node = new TributaryProcess(data).start();
             RegistryProcess a = new RegistryProcess(node.bootstrap(), Map.of("session.timeout.ms", "6000"));
             RegistryProcess b = new RegistryProcess(node.bootstrap(), Map.of("session.timeout.ms", "6000"))) {
            a.start().awaitOutput("Schema registry started");
            b.start().awaitOutput("Schema registry started");
            RegistryHttp httpA = new RegistryHttp(a.url());
            RegistryHttp httpB = new RegistryHttp(b.url());

            List<Integer> ids = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                RegistryHttp via = i % 2 == 0 ? httpA : httpB;
                int id = via.register("fo-" + i + "-value", record("R" + i, 1));
                ids.add(id);
                // read-your-writes on the instance written through, whether it wrote or forwarded
                assertThat(via.get("/subjects/fo-" + i + "-value/versions/1").json().get("id").asInt()).isEqualTo(id);
            }
            assertThat(new HashSet<>(ids)).hasSize(10);
            httpA.catchUpWith(httpB, "/schemas");
            assertThat(httpA.get("/schemas").text()).isEqualTo(httpB.get("/schemas").text());
            // the same schema through the other instance: the same id, no new version
            assertThat(httpA.register("fo-1-value", record("R1", 1))).isEqualTo(ids.get(0));

            RegistryProcess writer = a.printed("(this instance)") ? a : b;
            RegistryProcess survivor = writer == a ? b : a;
            assertThat(survivor.printed("(this instance)")).as("exactly one writer").isFalse();
            writer.kill();

            RegistryHttp viaSurvivor = new RegistryHttp(survivor.url());
            long killed = System.nanoTime();
            int firstAfter = viaSurvivor.registerRetrying("fo-after-1-value", record("After1", 1));
            long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("registry failover: first write accepted " + failoverMs + " ms after the SIGKILL");
            ids.add(firstAfter);
            for (int i = 2; i <= 5; i++) {
                ids.add(viaSurvivor.register("fo-after-" + i + "-value", record("After" + i, 1)));
            }
            // an evolution of a subject written before the failover
            ids.add(viaSurvivor.register("fo-1-value", record("R1", 2)));
            assertThat(new HashSet<>(ids)).as("ids unique across the failover").hasSize(ids.size());
            assertThat(failoverMs).as("writes resume after the session timeout").isLessThan(45_000);

            writer.start().awaitOutput("Schema registry started");
            RegistryHttp restarted = new RegistryHttp(writer.url());
            assertThat(restarted.get("/schemas?deleted=true").text())
                    .isEqualTo(viaSurvivor.get("/schemas?deleted=true").text());
            assertThat(restarted.get("/subjects/fo-1-value/versions").json().toString()).isEqualTo("[1,2]");
            // and writes through the restarted instance still work (forwarded to whichever is the writer now)
            int last = restarted.registerRetrying("fo-last-value", record("Last", 1));
            assertThat(ids).doesNotContain(last);
        }
    }
}
