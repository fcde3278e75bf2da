package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainServerTest {

    private static final Map<String, String> USERS = Map.of("alice", "alice-secret");

    private static byte[] token(String authzid, String user, String password) {
        return (authzid + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRightPasswordAuthenticatesAsTheUser() throws Exception {
        PlainServer s = new PlainServer(USERS);
        assertThat(s.evaluate(token("", "alice", "alice-secret"))).isEmpty();
        assertThat(s.isComplete()).isTrue();
        assertThat(s.principal()).isEqualTo(KafkaPrincipal.user("alice"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAlike() {
        assertThatThrownBy(() -> new PlainServer(USERS).evaluate(token("", "alice", "wrong")))
                .isInstanceOf(AuthenticationFailure.class).hasMessage(PlainServer.FAILED);
        assertThatThrownBy(() -> new PlainServer(USERS).evaluate(token("", "mallory", "alice-secret")))
                .isInstanceOf(AuthenticationFailure.class).hasMessage(PlainServer.FAILED);
    }

    @Test
    void malformedTokensAndForeignAuthorizationIdsAreRefused() {
        assertThatThrownBy(() -> new PlainServer(USERS).evaluate("alice\0alice-secret".getBytes()))
                .hasMessageContaining("3 tokens");
        assertThatThrownBy(() -> new PlainServer(USERS).evaluate(token("bob", "alice", "alice-secret")))
                .hasMessageContaining("authorization id");
        assertThatThrownBy(() -> new PlainServer(USERS).evaluate(token("", "alice", "")))
                .hasMessageContaining("must not be empty");
    }
}
