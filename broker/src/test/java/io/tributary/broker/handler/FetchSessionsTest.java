package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.protocol.Errors;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.message.FetchRequestData;
import io.tributary.protocol.message.FetchResponseData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchSessionsTest {

    private static FetchRequestData request(int id, int epoch, int... partitions) {
        List<FetchRequestData.FetchPartition> ps = new ArrayList<>();
        for (int p : partitions) {
            ps.add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(0).setPartitionMaxBytes(100));
        }
        List<FetchRequestData.FetchTopic> topics = partitions.length == 0 ? List.of()
                : List.of(new FetchRequestData.FetchTopic().setTopic("t").setPartitions(ps));
        return new FetchRequestData().setSessionId(id).setSessionEpoch(epoch).setTopics(topics);
    }

    private static FetchResponseData response(long hw, int bytesOnPartition1, int... partitions) {
        List<FetchResponseData.PartitionData> ps = new ArrayList<>();
        for (int p : partitions) {
            ps.add(new FetchResponseData.PartitionData().setPartitionIndex(p).setHighWatermark(hw)
                    .setLastStableOffset(hw).setLogStartOffset(0)
                    .setRecords(new HeapRecords(ByteBuffer.allocate(p == 1 ? bytesOnPartition1 : 0))));
        }
        List<FetchResponseData.FetchableTopicResponse> topics = new ArrayList<>();
        topics.add(new FetchResponseData.FetchableTopicResponse().setTopic("t").setPartitions(ps));
        return new FetchResponseData().setResponses(topics);
    }

    @Test
    void incrementalAnswersCarryOnlyPartitionsWithSomethingNew() {
        FetchSessions sessions = new FetchSessions(10);
        FetchSessions.Resolved first = sessions.resolve(request(0, 0, 0, 1, 2));
        assertThat(first.sessionId()).isPositive();
        FetchResponseData full = response(5, 0, 0, 1, 2);
        sessions.filterAndRemember(first.sessionId(), full, first.incremental());
        assertThat(full.responses().get(0).partitions()).hasSize(3);

        FetchSessions.Resolved next = sessions.resolve(request(first.sessionId(), 1));
        assertThat(next.incremental()).isTrue();
        assertThat(next.topics().get(0).partitions()).hasSize(3);
        FetchResponseData quiet = response(5, 0, 0, 1, 2);
        sessions.filterAndRemember(next.sessionId(), quiet, true);
        assertThat(quiet.responses()).isEmpty();

        FetchSessions.Resolved third = sessions.resolve(request(first.sessionId(), 2));
        FetchResponseData withData = response(5, 42, 0, 1, 2);
        sessions.filterAndRemember(third.sessionId(), withData, true);
        assertThat(withData.responses().get(0).partitions()).extracting(FetchResponseData.PartitionData::partitionIndex)
                .containsExactly(1);
    }

    @Test
    void wrongEpochsUnknownIdsAndForgottenPartitionsBehaveAsKafkaClientsExpect() {
        FetchSessions sessions = new FetchSessions(10);
        int id = sessions.resolve(request(0, 0, 0, 1)).sessionId();
        assertThat(sessions.resolve(request(id, 5)).error()).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
        assertThat(sessions.resolve(request(id + 1, 1)).error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        FetchRequestData forget = request(id, 1);
        forget.setForgottenTopicsData(List.of(new FetchRequestData.ForgottenTopic().setTopic("t")
                .setPartitions(List.of(0))));
        assertThat(sessions.resolve(forget).topics().get(0).partitions())
                .extracting(FetchRequestData.FetchPartition::partition).containsExactly(1);
        assertThat(sessions.resolve(request(id, -1)).sessionId()).as("epoch -1 closes").isZero();
        assertThat(sessions.resolve(request(id, 2)).error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
    }

    @Test
    void theLeastRecentlyUsedSessionsAreEvicted() {
        FetchSessions sessions = new FetchSessions(2);
        int a = sessions.resolve(request(0, 0, 0)).sessionId();
        sessions.resolve(request(0, 0, 0));
        sessions.resolve(request(0, 0, 0));
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.resolve(request(a, 1)).error()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
    }
}
