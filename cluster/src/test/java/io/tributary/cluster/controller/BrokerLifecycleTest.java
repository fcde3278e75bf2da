package io.tributary.cluster.controller;

import io.tributary.cluster.controller.ControllerCommand.BrokerHeartbeat;
import io.tributary.cluster.controller.ControllerCommand.RegisterBroker;
import io.tributary.cluster.controller.ControllerCommand.UnregisterBroker;
import io.tributary.cluster.metadata.Endpoint;
import io.tributary.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerLifecycleTest {

    private final ControllerHarness h = new ControllerHarness(ControllerConfig.DEFAULTS);

    private static RegisterBroker register(int id, long incarnation) {
        return new RegisterBroker(id, new UUID(1, incarnation),
                List.of(new Endpoint("PLAINTEXT", "h", 9092, (short) 0)), null);
    }

    @Test
    void newBrokerRegistersFencedAndIsUnfencedByItsHeartbeat() {
        RegisterBroker.Result r = h.run(register(1, 1));
        assertThat(r.error()).isEqualTo(ApiError.NONE);
        assertThat(h.image.broker(1).fenced()).isTrue();

        BrokerHeartbeat.Result hb = h.run(new BrokerHeartbeat(1, r.brokerEpoch(), false, false));
        assertThat(hb.fenced()).isFalse();
        assertThat(h.image.broker(1).fenced()).isFalse();
        assertThat(h.image.broker(1).isActive()).isTrue();
    }

    @Test
    void retriedRegistrationOfTheSameIncarnationKeepsItsEpoch() {
        long epoch = h.run(register(1, 1)).brokerEpoch();
        assertThat(h.run(register(1, 1)).brokerEpoch()).isEqualTo(epoch);
    }

    @Test
    void anotherIncarnationIsRefusedWhileTheSessionLivesAndAcceptedAfterItExpires() {
        long first = h.addBroker(1, null);
        assertThat(h.run(register(1, 99)).error().error()).isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);

        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs());
        RegisterBroker.Result again = h.run(register(1, 99));
        assertThat(again.error()).isEqualTo(ApiError.NONE);
        assertThat(again.brokerEpoch()).isGreaterThan(first);
        assertThat(h.image.broker(1).fenced()).isTrue();
    }

    @Test
    void aNewControllerTakesANewIncarnationAtOnceIfTheOldOneWasNotHeardFromSinceItsActivation() {
        long first = h.addBroker(1, null);
        h.logic.activate(h.image, h.nowMs);   // e.g. the whole node restarted after a SIGKILL
        RegisterBroker.Result again = h.run(register(1, 99));
        assertThat(again.error()).isEqualTo(ApiError.NONE);
        assertThat(again.brokerEpoch()).isGreaterThan(first);
        h.run(new BrokerHeartbeat(1, again.brokerEpoch(), false, false));
        assertThat(h.run(register(1, 98)).error().error()).as("the new incarnation was heard: it is protected")
                .isEqualTo(Errors.DUPLICATE_BROKER_REGISTRATION);
    }

    @Test
    void heartbeatWithAnOldEpochIsStaleAndAnUnknownBrokerIsNotRegistered() {
        long epoch = h.addBroker(1, null);
        assertThat(h.run(new BrokerHeartbeat(1, epoch - 1, false, false)).error().error())
                .isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(h.run(new BrokerHeartbeat(2, 0, false, false)).error().error())
                .isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);
    }

    @Test
    void silentBrokerIsFencedWhenItsSessionTimesOutAndNotBefore() {
        h.addBroker(1, null);
        h.addBroker(2, null);
        long timeout = ControllerConfig.DEFAULTS.sessionTimeoutMs();

        h.advance(timeout - 1);
        h.heartbeat(2);
        assertThat(h.expireSessions()).isEmpty();

        h.advance(1);
        assertThat(h.expireSessions()).containsExactly(1);
        assertThat(h.image.broker(1).fenced()).isTrue();
        assertThat(h.image.broker(2).fenced()).isFalse();
    }

    @Test
    void aBrokerFoundGoneIsFencedAtOnceAndItsLeadershipsMoveButOnlyForItsCurrentEpoch() {
        long epoch1 = h.addBroker(1, null);
        h.addBroker(2, null);
        h.createTopic("t", 1, 2);
        int leader = h.partition("t", 0).leader();
        long leaderEpoch = leader == 1 ? epoch1 : h.image.broker(2).epoch();
        assertThat(h.run(new ControllerCommand.FenceBroker(leader, leaderEpoch - 1))).as("an older epoch").isFalse();
        assertThat(h.image.broker(leader).fenced()).isFalse();

        assertThat(h.run(new ControllerCommand.FenceBroker(leader, leaderEpoch))).isTrue();
        assertThat(h.image.broker(leader).fenced()).isTrue();
        assertThat(h.partition("t", 0).leader()).isEqualTo(3 - leader);
        assertThat(h.partition("t", 0).isr()).containsExactly(3 - leader);
        assertThat(h.run(new ControllerCommand.FenceBroker(leader, leaderEpoch))).as("already fenced").isFalse();
    }

    @Test
    void newControllerGivesEveryBrokerAFreshSession() {
        h.addBroker(1, null);
        h.advance(ControllerConfig.DEFAULTS.sessionTimeoutMs() * 5);
        h.logic.activate(h.image, h.nowMs);
        assertThat(h.expireSessions()).isEmpty();
    }

    @Test
    void unregisteredBrokerLeavesTheImageAndEveryIsr() {
        h.addBroker(1, null);
        h.addBroker(2, null);
        h.createTopic("t", 2, 2);
        assertThat(h.run(new UnregisterBroker(1))).isEqualTo(ApiError.NONE);
        assertThat(h.image.broker(1)).isNull();
        for (int p = 0; p < 2; p++) {
            assertThat(h.partition("t", p).isr()).containsExactly(2);
            assertThat(h.partition("t", p).leader()).isEqualTo(2);
        }
        assertThat(h.run(new UnregisterBroker(1)).error()).isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);
    }

    @Test
    void producerIdBlocksNeverOverlap() {
        long epoch = h.addBroker(1, null);
        var a = h.run(new ControllerCommand.AllocateProducerIds(1, epoch));
        var b = h.run(new ControllerCommand.AllocateProducerIds(1, epoch));
        assertThat(a.firstId()).isZero();
        assertThat(b.firstId()).isEqualTo(a.firstId() + a.count());
        assertThat(h.run(new ControllerCommand.AllocateProducerIds(1, epoch + 5)).error().error())
                .isEqualTo(Errors.STALE_BROKER_EPOCH);
    }
}
