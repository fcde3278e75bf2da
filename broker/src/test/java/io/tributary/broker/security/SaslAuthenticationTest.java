package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.broker.ManualClock;
import io.tributary.broker.network.ListenerConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** KIP-368 re-authentication on one connection, with the clock moved by the test. */
class SaslAuthenticationTest {

    private final ManualClock clock = new ManualClock(1_000_000);

    private SaslAuthentication sasl(String reauthMs) {
        ListenerConfig listener = new ListenerConfig("SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT,
                new InetSocketAddress(0), new InetSocketAddress(0), Map.of(
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                "connections.max.reauth.ms", reauthMs,
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_alice=\"a\" user_bob=\"b\";"));
        ScramServerFactory scram = new ScramServerFactory((user, mechanism) -> Optional.empty(), new SecureRandom());
        return new SaslAuthentication(SaslMechanisms.forListener(listener, scram), clock);
    }

    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSessionEndsAfterItsLifetimeAndARe_authenticationRenewsIt() throws Exception {
        SaslAuthentication s = sasl("1000");
        assertThat(s.handshake("PLAIN")).isTrue();
        s.authenticate(plain("alice", "a"));
        assertThat(s.state()).isEqualTo(SaslAuthentication.State.COMPLETE);
        assertThat(s.sessionLifetimeMs()).isEqualTo(1000);
        clock.advance(1000);
        assertThat(s.expired()).isFalse();
        clock.advance(1);
        assertThat(s.expired()).isTrue();

        assertThat(s.expectsHandshake()).isTrue();
        assertThat(s.handshake("PLAIN")).isTrue();
        assertThat(s.reauthenticating()).isTrue();
        s.authenticate(plain("alice", "a"));
        assertThat(s.expired()).as("renewed for another second").isFalse();
        assertThat(s.principal()).isEqualTo(KafkaPrincipal.user("alice"));
    }

    @Test
    void aRe_authenticationMayChangeNeitherThePrincipalNorTheMechanism() throws Exception {
        SaslAuthentication s = sasl("1000");
        s.handshake("PLAIN");
        s.authenticate(plain("alice", "a"));
        s.handshake("PLAIN");
        assertThatThrownBy(() -> s.authenticate(plain("bob", "b"))).isInstanceOf(AuthenticationFailure.class)
                .hasMessageContaining("Cannot change principals during re-authentication");
        assertThat(s.state()).isEqualTo(SaslAuthentication.State.FAILED);

        SaslAuthentication t = sasl("1000");
        t.handshake("PLAIN");
        t.authenticate(plain("alice", "a"));
        assertThat(t.handshake("SCRAM-SHA-256")).as("another mechanism").isFalse();
    }

    @Test
    void withoutALifetimeASessionNeverEndsAndNoSecondHandshakeIsTaken() throws Exception {
        SaslAuthentication s = sasl("0");
        s.handshake("PLAIN");
        s.authenticate(plain("alice", "a"));
        clock.advance(Long.MAX_VALUE / 4);
        assertThat(s.expired()).isFalse();
        assertThat(s.sessionLifetimeMs()).isZero();
        assertThat(s.expectsHandshake()).isFalse();
    }
}
