package io.tributary.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.message.ApiVersionsRequestData;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetch that asks for no partitions — how kafka-clients closes its fetch session when a consumer closes
 * (session epoch -1, no partitions) — is answered at once, as Kafka answers it, not after its max wait.
 */
class EmptyFetchTest {

    @TempDir
    Path dir;

    @Test
    void aFetchWantingNoPartitionsIsAnsweredAtOnce() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, Map.of());
             RawClient client = new RawClient(broker.server.boundAddress())) {
            client.send(new ApiVersionsRequestData(), (short) 0);
            FetchRequestData close = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(5_000).setMinBytes(1)
                    .setMaxBytes(1 << 20).setSessionId(0).setSessionEpoch(-1).setTopics(List.of());
            long start = System.nanoTime();
            FetchResponseData response = (FetchResponseData) client.send(close, (short) 12);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(response.errorCode()).isZero();
            assertThat(waitedMs).as("answered without waiting for data it did not ask for").isLessThan(2_000);
        }
    }
}
