package io.tributary.broker.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cluster.metadata.ClientQuotaEntity;
import io.tributary.cluster.metadata.ClientQuotaRecord;
import io.tributary.cluster.metadata.ClientQuotasImage;
import io.tributary.cluster.metadata.MetadataDelta;
import io.tributary.cluster.metadata.MetadataImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's precedence of quota entities, its throttle-time formula, and no cost without quotas. */
class ClientQuotaManagerTest {

    private static ClientQuotasImage quotas(Object... entityThenValue) {
        List<io.tributary.cluster.metadata.MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < entityThenValue.length; i += 2) {
            String[] parts = ((String) entityThenValue[i]).split(",");
            Map<String, String> m = new HashMap<>();
            for (String p : parts) {
                String[] kv = p.split("=");
                m.put(kv[0], kv[1].equals("<default>") ? null : kv[1]);
            }
            records.add(new ClientQuotaRecord(ClientQuotaEntity.of(m), ClientQuotaManager.PRODUCE,
                    ((Number) entityThenValue[i + 1]).doubleValue(), false));
        }
        return new MetadataDelta(MetadataImage.EMPTY).replayAll(records).apply(1).clientQuotas();
    }

    private static double resolved(ClientQuotasImage image, String user, String client) {
        QuotaTable.Resolved r = new QuotaTable(image, ClientQuotaManager.PRODUCE).resolve(user, client);
        return r == null ? -1 : r.quota();
    }

    @Test
    void theMostSpecificEntityWinsInKafkasOrder() {
        ClientQuotasImage all = quotas("user=u,client-id=c", 1, "user=u,client-id=<default>", 2, "user=u", 3,
                "user=<default>,client-id=c", 4, "user=<default>,client-id=<default>", 5, "user=<default>", 6,
                "client-id=c", 7, "client-id=<default>", 8);
        assertThat(resolved(all, "u", "c")).isEqualTo(1);
        assertThat(resolved(all, "u", "other")).isEqualTo(2);
        assertThat(resolved(all, "v", "c")).isEqualTo(4);
        assertThat(resolved(all, "v", "other")).isEqualTo(5);
        assertThat(resolved(quotas("user=u", 3, "client-id=c", 7), "u", "c")).isEqualTo(3);
        assertThat(resolved(quotas("user=<default>", 6, "client-id=c", 7), "v", "c")).isEqualTo(6);
        assertThat(resolved(quotas("client-id=c", 7, "client-id=<default>", 8), "v", "c")).isEqualTo(7);
        assertThat(resolved(quotas("client-id=c", 7, "client-id=<default>", 8), "v", "d")).isEqualTo(8);
        assertThat(resolved(quotas("client-id=c", 7), "v", "d")).isEqualTo(-1);
    }

    @Test
    void aDefaultQuotaIsMeasuredPerNameAndAUserQuotaForAllItsClients() {
        QuotaTable table = new QuotaTable(quotas("client-id=<default>", 8, "user=u", 3), ClientQuotaManager.PRODUCE);
        assertThat(table.resolve("v", "a").sensor()).isNotEqualTo(table.resolve("v", "b").sensor());
        assertThat(table.resolve("u", "a").sensor()).isEqualTo(table.resolve("u", "b").sensor());
    }

    @Test
    void throttleTimeIsHowLongUntilTheRateIsBackUnderTheQuota() {
        ClientQuotaManager m = new ClientQuotaManager(ClientQuotaManager.PRODUCE, QuotaConfig.DEFAULTS,
                () -> quotas("client-id=slow", 1000));
        // a fresh client's window counts as 10 s (11 samples - 1): 10,000 bytes are exactly the quota
        assertThat(m.recordAndThrottleMs("u", "slow", 10_000, 0)).isZero();
        // 20,000 bytes over 10 s = 2,000 B/s: (2000 - 1000) / 1000 × 10 s = 10 s
        assertThat(m.recordAndThrottleMs("u", "slow", 10_000, 0)).isEqualTo(10_000);
        // at most all samples' length (11 s)
        assertThat(m.recordAndThrottleMs("u", "slow", 1_000_000, 0)).isEqualTo(11_000);
        assertThat(m.recordAndThrottleMs("u", "fast", 1_000_000, 0)).isZero();
        // 12 s later every sample is obsolete: the client starts afresh
        assertThat(m.recordAndThrottleMs("u", "slow", 100, 12_000)).isZero();
    }

    @Test
    void aThrottledFetchIsNotCountedAndNoAnswerIsBiggerThanTheWindowAllows() {
        // (the quotas() above are producer_byte_rate; the rules are the same whichever key a manager enforces)
        ClientQuotaManager m = new ClientQuotaManager(ClientQuotaManager.PRODUCE, QuotaConfig.DEFAULTS,
                () -> quotas("client-id=slow", 1000));
        // quota × (11 samples - 1) × 1 s: a fresh client may take this much in one answer and stay within its quota
        assertThat(m.maxBytesPerAnswer("u", "slow")).isEqualTo(10_000);
        assertThat(m.maxBytesPerAnswer("u", "fast")).isEqualTo(Long.MAX_VALUE);
        assertThat(m.recordUnlessThrottledMs("u", "slow", 6_000, 0)).isZero();
        // 6,000 more would make 1,200 B/s: throttled, and not recorded (the answer goes without its data) ...
        assertThat(m.recordUnlessThrottledMs("u", "slow", 6_000, 0)).isEqualTo(2_000);
        assertThat(m.recordUnlessThrottledMs("u", "slow", 6_000, 0)).isEqualTo(2_000);
        // ... so 4,000 still fit where a recorded 6,000 would have left no room
        assertThat(m.recordUnlessThrottledMs("u", "slow", 4_000, 0)).isZero();
    }

    @Test
    void aClientIdleForAnHourIsForgotten() {
        ClientQuotaManager m = new ClientQuotaManager(ClientQuotaManager.PRODUCE, QuotaConfig.DEFAULTS,
                () -> quotas("client-id=<default>", 1000));
        m.recordAndThrottleMs("u", "gone", 100, 0);
        m.recordAndThrottleMs("u", "stays", 100, ClientQuotaManager.INACTIVE_MS - 1);
        assertThat(m.trackedClients()).isEqualTo(2);
        m.recordAndThrottleMs("u", "stays", 100, ClientQuotaManager.INACTIVE_MS + 60_000);   // swept once a minute
        assertThat(m.trackedClients()).as("'gone' recorded nothing for an hour").isEqualTo(1);
    }

    @Test
    void withoutQuotasNothingIsRecorded() {
        ClientQuotaManager m = new ClientQuotaManager(ClientQuotaManager.PRODUCE, QuotaConfig.DEFAULTS,
                () -> ClientQuotasImage.EMPTY);
        assertThat(m.recordAndThrottleMs("u", "c", Long.MAX_VALUE / 4, 0)).isZero();
    }
}
