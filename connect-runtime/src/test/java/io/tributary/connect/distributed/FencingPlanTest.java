package io.tributary.connect.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the leader does before a new generation of a source connector's tasks starts, as Apache's leader does it. */
class FencingPlanTest {

    @Test
    void nothingWhenTheTaskCountRecordIsNewerThanTheTaskConfigs() {
        assertThat(FencingPlan.of(3, false, 3).nothing()).isTrue();
        assertThat(FencingPlan.of(null, false, 2).nothing()).isTrue();
    }

    @Test
    void aConnectorNeverRunWithExactlyOnceOnlyGetsItsFirstTaskCountRecord() {
        assertThat(FencingPlan.of(null, true, 4)).isEqualTo(new FencingPlan(0, 4));
    }

    @Test
    void oneTaskAfterOneTaskNeedsNoAdminFencing() {
        // the new task 0's initTransactions fences the old task 0 itself
        assertThat(FencingPlan.of(1, true, 1)).isEqualTo(new FencingPlan(0, 1));
    }

    @Test
    void everyTaskOfTheLastGenerationThatRanIsFenced() {
        assertThat(FencingPlan.of(3, true, 5)).isEqualTo(new FencingPlan(3, 5));
        assertThat(FencingPlan.of(5, true, 2)).isEqualTo(new FencingPlan(5, 2));
        assertThat(FencingPlan.of(1, true, 2)).isEqualTo(new FencingPlan(1, 2));
        assertThat(FencingPlan.of(2, true, 0)).as("a stopped connector").isEqualTo(new FencingPlan(2, 0));
    }
}
