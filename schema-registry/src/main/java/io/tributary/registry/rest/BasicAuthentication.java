package io.tributary.registry.rest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * HTTP basic authentication as Confluent's registry configures it: {@code authentication.method=BASIC},
 * {@code authentication.realm} naming a section of the JAAS file ({@code -Djava.security.auth.login.config}) whose
 * {@code org.eclipse.jetty.jaas.spi.PropertyFileLoginModule} has {@code file="users.properties"}, each line
 * {@code user: password[,role...]} (a password may be {@code MD5:<hex>}), and {@code authentication.roles} — the
 * roles allowed in ({@code *}, the default: any user). No credentials or wrong ones: 401; a user without an allowed
 * role: 403.
 */
public final class BasicAuthentication {

    /** A user's password (or {@code MD5:} digest) and roles. */
    private record User(String password, Set<String> roles) {
    }

    /** What a request's credentials got. */
    public enum Verdict { ALLOWED, UNAUTHORIZED, FORBIDDEN }

    private static final String PROPERTY_FILE_MODULE = "org.eclipse.jetty.jaas.spi.PropertyFileLoginModule";

    private final String realm;
    private final Map<String, User> users;
    private final Set<String> roles;

    private BasicAuthentication(String realm, Map<String, User> users, Set<String> roles) {
        this.realm = realm;
        this.users = users;
        this.roles = roles;
    }

    /**
     * The authentication {@code props} configure, or null for none ({@code authentication.method} NONE or unset);
     * {@link IllegalArgumentException} names the setting that is wrong.
     */
    public static BasicAuthentication from(Map<String, String> props) {
        String method = props.getOrDefault("authentication.method", "NONE").trim().toUpperCase(Locale.ROOT);
        if (method.equals("NONE")) {
            return null;
        }
        if (!method.equals("BASIC")) {
            throw new IllegalArgumentException("authentication.method must be NONE or BASIC, not " + method);
        }
        String realm = props.get("authentication.realm");
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("authentication.method=BASIC needs authentication.realm: the section of"
                    + " the JAAS file (-Djava.security.auth.login.config) that names the users file");
        }
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(realm.trim());
        } catch (SecurityException e) {
            throw new IllegalArgumentException("cannot read the JAAS file (java.security.auth.login.config="
                    + System.getProperty("java.security.auth.login.config") + "): " + e.getMessage());
        }
        AppConfigurationEntry entry = entries == null ? null : Arrays.stream(entries)
                .filter(e -> e.getLoginModuleName().equals(PROPERTY_FILE_MODULE)).findFirst().orElse(null);
        if (entry == null || !(entry.getOptions().get("file") instanceof String file)) {
            throw new IllegalArgumentException("authentication.realm " + realm + ": the JAAS file (java.security.auth"
                    + ".login.config=" + System.getProperty("java.security.auth.login.config") + ") has no section "
                    + realm + " with " + PROPERTY_FILE_MODULE + " required file=\"...\";");
        }
        Set<String> allowed = Arrays.stream(props.getOrDefault("authentication.roles", "*").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new BasicAuthentication(realm.trim(), users(Path.of(file)), allowed);
    }

    private static Map<String, User> users(Path file) {
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage());
        }
        Map<String, User> out = new HashMap<>();
        for (String name : lines.stringPropertyNames()) {
            List<String> parts = Arrays.stream(lines.getProperty(name).split(",")).map(String::trim).toList();
            String password = parts.get(0);
            if (password.startsWith("OBF:") || password.startsWith("CRYPT:")) {
                throw new IllegalArgumentException("users file " + file + ", user " + name + ": OBF: and CRYPT:"
                        + " passwords are not supported (use the password or MD5:<hex>)");
            }
            out.put(name, new User(password, Set.copyOf(parts.subList(1, parts.size()))));
        }
        return Map.copyOf(out);
    }

    /** The realm, for the {@code WWW-Authenticate} challenge. */
    public String realm() {
        return realm;
    }

    /** Checks an {@code Authorization} header value (null when absent). */
    public Verdict check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Verdict.UNAUTHORIZED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.UNAUTHORIZED;
        }
        int colon = decoded.indexOf(':');
        User user = colon < 0 ? null : users.get(decoded.substring(0, colon));
        if (user == null || !matches(user.password(), decoded.substring(colon + 1))) {
            return Verdict.UNAUTHORIZED;
        }
        boolean anyRole = roles.contains("*") || user.roles().stream().anyMatch(roles::contains);
        return anyRole ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }

    private static boolean matches(String stored, String given) {
        byte[] expected;
        byte[] actual;
        if (stored.startsWith("MD5:")) {
            expected = stored.substring(4).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            actual = HexFormat.of().formatHex(md5(given)).getBytes(StandardCharsets.US_ASCII);
        } else {
            expected = stored.getBytes(StandardCharsets.UTF_8);
            actual = given.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
