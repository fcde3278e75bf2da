package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JaasConfigTest {

    @Test
    void readsKafkasPlainLoginModuleEntry() {
        JaasConfig c = JaasConfig.parse("org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                + "  username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=bare;");
        assertThat(c.loginModule()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        assertThat(c.flag()).isEqualTo("required");
        assertThat(c.options()).containsEntry("username", "admin").containsEntry("user_admin", "admin-secret")
                .containsEntry("user_alice", "bare").hasSize(4);
    }

    @Test
    void quotedValuesKeepSpacesSemicolonsAndEscapedQuotes() {
        JaasConfig c = JaasConfig.parse("M optional user_bob=\"a b;c\\\"d\" ;");
        assertThat(c.options()).containsEntry("user_bob", "a b;c\"d");
    }

    @Test
    void malformedEntriesAreRefusedWithoutEchoingValues() {
        assertThatThrownBy(() -> JaasConfig.parse("M required user_a=\"secret\""))
                .hasMessageContaining("ends with ';'").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> JaasConfig.parse("M always;")).hasMessageContaining("required");
        assertThatThrownBy(() -> JaasConfig.parse("M required user_a;")).hasMessageContaining("key=\"value\"");
        assertThatThrownBy(() -> JaasConfig.parse("M required user_a=\"open;"))
                .hasMessageContaining("not closed").hasMessageNotContaining("open");
    }
}
