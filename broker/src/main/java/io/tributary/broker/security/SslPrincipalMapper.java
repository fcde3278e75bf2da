package io.tributary.broker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ssl.principal.mapping.rules}: turns a client certificate's distinguished name (RFC 2253, as
 * {@code X500Principal.getName()} prints it: {@code CN=alice,OU=eng,O=example}) into a principal name. Rules are
 * tried in order; the first whose pattern matches the whole name wins: {@code RULE:pattern/replacement/} with an
 * optional {@code L} or {@code U} to lower- or upper-case the result, or {@code DEFAULT} (the name unchanged). A name
 * no rule matches is refused, as Kafka refuses it.
 */
public final class SslPrincipalMapper {

    private record Rule(Pattern pattern, String replacement, char caseChange) {
        static final Rule DEFAULT = new Rule(null, null, ' ');
    }

    private static final Pattern RULE = Pattern.compile("\\s*(DEFAULT|RULE:([^/]*)/([^/]*)/([LU])?)\\s*(,|$)");

    private final List<Rule> rules;

    private SslPrincipalMapper(List<Rule> rules) {
        this.rules = rules;
    }

    /** Parses the rules; throws {@link IllegalArgumentException} naming what could not be read. */
    public static SslPrincipalMapper parse(String rules) {
        String text = rules == null || rules.isBlank() ? "DEFAULT" : rules.trim();
        List<Rule> parsed = new ArrayList<>();
        Matcher m = RULE.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("cannot read the rule at '" + text.substring(at) + "': rules look"
                        + " like RULE:pattern/replacement/ (optionally followed by L or U) or DEFAULT");
            }
            if (m.group(1).equals("DEFAULT")) {
                parsed.add(Rule.DEFAULT);
            } else {
                parsed.add(new Rule(Pattern.compile(m.group(2)), m.group(3),
                        m.group(4) == null ? ' ' : m.group(4).charAt(0)));
            }
            at = m.end();
        }
        return new SslPrincipalMapper(List.copyOf(parsed));
    }

    /** The principal name of {@code distinguishedName}; throws if no rule applies. */
    public String map(String distinguishedName) {
        for (Rule r : rules) {
            if (r == Rule.DEFAULT) {
                return distinguishedName;
            }
            Matcher m = r.pattern().matcher(distinguishedName);
            if (m.matches()) {
                String name = m.replaceAll(r.replacement());
                return switch (r.caseChange()) {
                    case 'L' -> name.toLowerCase(Locale.ROOT);
                    case 'U' -> name.toUpperCase(Locale.ROOT);
                    default -> name;
                };
            }
        }
        throw new IllegalArgumentException("no ssl.principal.mapping.rules rule applies to " + distinguishedName);
    }
}
