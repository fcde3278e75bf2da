package io.tributary.cluster.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupConfigsTest {

    private final GroupConfigs defaults = GroupConfigs.DEFAULTS;

    @Test
    void kafka44sGroupConfigsAreKnownAndOthersAreNot() {
        assertThat(GroupConfigs.definitions()).containsKeys("consumer.session.timeout.ms",
                "consumer.heartbeat.interval.ms", "consumer.assignment.interval.ms", "share.session.timeout.ms",
                "share.heartbeat.interval.ms", "share.record.lock.duration.ms", "share.auto.offset.reset",
                "share.isolation.level", "share.delivery.count.limit", "share.partition.max.record.locks",
                "share.renew.acknowledge.enable", "share.assignment.interval.ms", "streams.session.timeout.ms",
                "streams.heartbeat.interval.ms", "streams.num.standby.replicas", "streams.initial.rebalance.delay.ms",
                "streams.assignment.interval.ms", "streams.rack.aware.assignment.tags", "streams.assignor.name",
                "errors.deadletterqueue.topic.name", "errors.deadletterqueue.copy.record.enable");
        assertThat(defaults.check("share.made.up", "1")).isEqualTo("Unknown group config name: share.made.up");
        assertThat(defaults.validate(Map.of("retention.ms", "1"))).contains("Unknown group config name");
    }

    @Test
    void autoOffsetResetTakesLatestEarliestOrANonNegativeDuration() {
        assertThat(defaults.check("share.auto.offset.reset", "earliest")).isNull();
        assertThat(defaults.check("share.auto.offset.reset", " latest ")).isNull();
        assertThat(defaults.check("share.auto.offset.reset", "by_duration:P1DT2H30M")).isNull();
        assertThat(defaults.check("share.auto.offset.reset", "by_duration:PT0.5S")).isNull();
        assertThat(defaults.check("share.auto.offset.reset", "EARLIEST")).contains("'by_duration:<PnDTnHnMn.nS>'");
        assertThat(defaults.check("share.auto.offset.reset", "by_duration:PT-1H")).isNotNull();
        assertThat(defaults.check("share.auto.offset.reset", "by_duration:1 hour")).isNotNull();
        assertThat(defaults.check("share.auto.offset.reset", "none")).isNotNull();
    }

    @Test
    void isolationLevelIsOneOfKafkasTwoLowerCaseNames() {
        assertThat(defaults.check("share.isolation.level", "read_committed")).isNull();
        assertThat(defaults.check("share.isolation.level", "read_uncommitted")).isNull();
        assertThat(defaults.check("share.isolation.level", "READ_COMMITTED"))
                .contains("String must be one of: read_committed, read_uncommitted");
    }

    @Test
    void numbersBelowTheTypeMinimumNameIt() {
        assertThat(defaults.check("share.record.lock.duration.ms", "100"))
                .isEqualTo("Invalid value 100 for configuration share.record.lock.duration.ms: "
                        + "Value must be at least 1000");
        assertThat(defaults.check("share.delivery.count.limit", "1")).contains("Value must be at least 2");
        assertThat(defaults.check("share.partition.max.record.locks", "ten")).contains("Not a number");
    }

    @Test
    void numbersOutsideTheBrokerBoundsNameTheRangeAndTheSettings() {
        assertThat(defaults.check("share.record.lock.duration.ms", "100000"))
                .isEqualTo("share.record.lock.duration.ms must be in the range 15000 to 60000 inclusive "
                        + "(group.share.min.record.lock.duration.ms to group.share.max.record.lock.duration.ms)");
        assertThat(defaults.check("share.delivery.count.limit", "11")).contains("range 2 to 10");
        assertThat(defaults.check("share.partition.max.record.locks", "4001")).contains("range 100 to 4000");
        assertThat(defaults.check("share.session.timeout.ms", "1000")).contains("range 45000 to 60000");
        assertThat(defaults.check("consumer.heartbeat.interval.ms", "46000")).contains("range 5000 to 15000");
        assertThat(defaults.check("streams.num.standby.replicas", "3"))
                .contains("less than or equal to 2 (group.streams.max.standby.replicas)");
        assertThat(defaults.check("share.record.lock.duration.ms", "15000")).isNull();
        assertThat(defaults.check("share.record.lock.duration.ms", "60000")).isNull();
    }

    @Test
    void boundsFollowTheNodesSettings() {
        GroupConfigs wide = GroupConfigs.fromProperties(Map.of("group.share.max.record.lock.duration.ms", "300000",
                "group.share.record.lock.duration.ms", "90000"));
        assertThat(wide.check("share.record.lock.duration.ms", "200000")).isNull();
        assertThat(wide.defaultValue("share.record.lock.duration.ms")).isEqualTo("90000");
        assertThat(defaults.defaultValue("share.record.lock.duration.ms")).isEqualTo("30000");
        assertThat(defaults.defaultValue("share.auto.offset.reset")).isEqualTo("latest");
        assertThatThrownBy(() -> GroupConfigs.fromProperties(Map.of("group.share.min.session.timeout.ms", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.share.min.session.timeout.ms");
    }

    @Test
    void aSessionTimeoutMustExceedItsHeartbeatIntervalIncludingTheBrokersDefault() {
        GroupConfigs loose = GroupConfigs.fromProperties(Map.of("group.share.min.session.timeout.ms", "1000",
                "group.share.max.heartbeat.interval.ms", "60000"));
        assertThat(loose.validate(Map.of("share.session.timeout.ms", "10000", "share.heartbeat.interval.ms", "20000")))
                .contains("share.session.timeout.ms must be greater than share.heartbeat.interval.ms");
        assertThat(loose.validate(Map.of("share.heartbeat.interval.ms", "50000")))
                .contains("must be greater than");
        assertThat(loose.validate(Map.of("share.heartbeat.interval.ms", "40000"))).isNull();
    }

    @Test
    void streamsAssignorMustBeRegisteredAndOtherTypesAreChecked() {
        assertThat(defaults.check("streams.assignor.name", "sticky")).isNull();
        assertThat(defaults.check("streams.assignor.name", "x")).contains("not a registered task assignor");
        assertThat(defaults.check("share.renew.acknowledge.enable", "TRUE")).isNull();
        assertThat(defaults.check("errors.deadletterqueue.copy.record.enable", "yes")).contains("true or false");
        assertThat(defaults.check("errors.deadletterqueue.topic.name", "dlq.orders")).isNull();
        assertThat(defaults.check("streams.rack.aware.assignment.tags", "zone,rack")).isNull();
        assertThat(defaults.check("share.assignment.interval.ms", "-1")).contains("Value must be at least 0");
    }
}
