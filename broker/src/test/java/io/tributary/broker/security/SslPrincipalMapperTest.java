package io.tributary.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SslPrincipalMapperTest {

    private static final String DN = "CN=Alice,OU=Eng,O=Tributary,C=NL";

    @Test
    void defaultKeepsTheDistinguishedName() {
        assertThat(SslPrincipalMapper.parse(null).map(DN)).isEqualTo(DN);
        assertThat(SslPrincipalMapper.parse("DEFAULT").map(DN)).isEqualTo(DN);
    }

    @Test
    void theFirstMatchingRuleWinsWithItsCaseChange() {
        SslPrincipalMapper m = SslPrincipalMapper.parse(
                "RULE:^CN=(.*?),OU=Ops.*$/ops-$1/, RULE:^CN=(.*?),OU=(.*?),.*$/$1@$2/L, DEFAULT");
        assertThat(m.map(DN)).isEqualTo("alice@eng");
        assertThat(m.map("CN=Bob,OU=Ops,O=x")).isEqualTo("ops-Bob");
        assertThat(m.map("CN=solo")).isEqualTo("CN=solo");
        assertThat(SslPrincipalMapper.parse("RULE:^CN=([^,]*).*$/$1/U").map(DN)).isEqualTo("ALICE");
    }

    @Test
    void aNameNoRuleMatchesIsRefusedAndBadRulesFailToParse() {
        assertThatThrownBy(() -> SslPrincipalMapper.parse("RULE:^CN=x$/y/").map(DN))
                .hasMessageContaining("no ssl.principal.mapping.rules rule applies");
        assertThatThrownBy(() -> SslPrincipalMapper.parse("RULE:^CN=x$"))
                .hasMessageContaining("RULE:pattern/replacement/");
        assertThatThrownBy(() -> SslPrincipalMapper.parse("DEFAULTS")).hasMessageContaining("cannot read");
    }
}
