package io.tributary.broker.share;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.protocol.Errors;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShareSessionsTest {

    private static final UUID TOPIC = UUID.randomUUID();
    private static final SharePartitionKey P0 = new SharePartitionKey("g", TOPIC, 0);
    private static final SharePartitionKey P1 = new SharePartitionKey("g", TOPIC, 1);

    private static ShareSessions.Changes add(SharePartitionKey... keys) {
        return new ShareSessions.Changes(List.of(keys), List.of());
    }

    @Test
    void epochsFollowOnAndAWrongOneIsRefused() {
        ShareSessions sessions = new ShareSessions(10);
        assertEquals(List.of(P0), sessions.resolve("g", "m", 0, add(P0), 1000, 0).partitions());
        assertEquals(List.of(P0, P1), sessions.resolve("g", "m", 1, add(P1), 1000, 0).partitions());
        assertEquals(Errors.INVALID_SHARE_SESSION_EPOCH,
                sessions.resolve("g", "m", 1, ShareSessions.Changes.NONE, 1000, 0).error());
        assertEquals(Errors.NONE, sessions.resolve("g", "m", 2, ShareSessions.Changes.NONE, 1000, 0).error());
        assertEquals(Errors.SHARE_SESSION_NOT_FOUND,
                sessions.resolve("g", "other", 1, ShareSessions.Changes.NONE, 1000, 0).error());
    }

    @Test
    void forgettingAndClosingHandBackWhatToRelease() {
        ShareSessions sessions = new ShareSessions(10);
        sessions.resolve("g", "m", 0, add(P0, P1), 1000, 0);
        ShareSessions.Resolved forgot = sessions.resolve("g", "m", 1, new ShareSessions.Changes(List.of(),
                List.of(P1)), 1000, 0);
        assertEquals(List.of(P0), forgot.partitions());
        assertEquals(List.of(P1), forgot.ended());
        ShareSessions.Resolved closed = sessions.resolve("g", "m", -1, ShareSessions.Changes.NONE, 1000, 0);
        assertEquals(List.of(P0), closed.ended());
        assertEquals(0, sessions.size());
    }

    @Test
    void aFullCacheMakesRoomOnlyFromIdleSessions() {
        ShareSessions sessions = new ShareSessions(1);
        sessions.resolve("g", "a", 0, add(P0), 1000, 0);
        assertEquals(Errors.SHARE_SESSION_LIMIT_REACHED, sessions.resolve("g", "b", 0, add(P0), 1000, 500).error());
        assertEquals(Errors.NONE, sessions.resolve("g", "b", 0, add(P0), 1000, 1000).error());
        assertEquals(Errors.SHARE_SESSION_NOT_FOUND,
                sessions.resolve("g", "a", 1, ShareSessions.Changes.NONE, 1000, 1000).error());
    }
}
