package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.message.ApiVersionsRequestData;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connections.max.idle.ms}: a connection that sends nothing for that long is closed; one whose request is
 * still being answered (a fetch long-polling for longer than the idle time) is not.
 */
class IdleConnectionTest {

    private static final long IDLE_MS = 1_000;

    @TempDir
    static Path dir;

    private static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("connections.max.idle.ms", Long.toString(IDLE_MS)));
        broker.admin.createTopics(List.of(new NewTopic("quiet", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTime() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.server.boundAddress().getPort())) {
            socket.setSoTimeout(15_000);
            long start = System.nanoTime();
            int read = socket.getInputStream().read();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(read).as("end of stream: the broker closed the connection").isEqualTo(-1);
            assertThat(waitedMs).isBetween(IDLE_MS - 100, IDLE_MS + 5_000);
        }
    }

    @Test
    void aFetchWaitingLongerThanTheIdleTimeIsAnsweredNotCut() throws IOException {
        int maxWaitMs = (int) (2.5 * IDLE_MS);
        try (RawClient client = new RawClient(broker.server.boundAddress())) {
            client.send(new ApiVersionsRequestData(), (short) 0);
            FetchRequestData fetch = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(1)
                    .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("quiet").setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20).setCurrentLeaderEpoch(-1)
                                    .setLogStartOffset(-1)))));
            long start = System.nanoTime();
            FetchResponseData response = (FetchResponseData) client.send(fetch, (short) 12);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(response.errorCode()).isZero();
            assertThat(response.responses().get(0).partitions().get(0).errorCode()).isZero();
            assertThat(waitedMs).as("the fetch waited its max wait, past the idle time").isGreaterThan(maxWaitMs - 200L);
            // and the connection is still usable afterwards
            client.send(new ApiVersionsRequestData(), (short) 0);
        }
    }
}
