package io.tributary.connect.rest;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP basic authentication of the REST API as Apache's {@code BasicAuthSecurityRestExtension} configures it:
 * {@code rest.extension.classes} names that extension, and the JAAS file ({@code -Djava.security.auth.login.config})
 * has a {@code KafkaConnect} section whose {@code PropertyFileLoginModule} names a users file ({@code file="..."},
 * one {@code user=password} per line). The extension's JAX-RS filter cannot run here, so this handler does its job:
 * a request without valid credentials is answered 401, except the internal routes other workers call on their own
 * behalf ({@code POST /connectors/{name}/tasks}, {@code PUT /connectors/{name}/fence}), which Apache's filter lets
 * through too.
 */
final class BasicAuth {

    static final String EXTENSION = "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
    static final String JAAS_SECTION = "KafkaConnect";
    private static final String LOGIN_MODULE =
            "org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule";
    private static final Pattern INTERNAL_TASKS = Pattern.compile("/?connectors/[^/]+/tasks/?");
    private static final Pattern INTERNAL_FENCE = Pattern.compile("/?connectors/[^/]+/fence/?");

    private final Map<String, byte[]> passwords;

    private BasicAuth(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /**
     * The authentication the worker's {@code rest.extension.classes} asks for, or null when it does not name the
     * basic-auth extension; a missing JAAS section or users file fails with a {@link ConfigException}.
     */
    static BasicAuth fromWorkerConfig(Map<String, ?> props) {
        Object extensions = props.get("rest.extension.classes");
        if (extensions == null || Arrays.stream(extensions.toString().split(","))
                .map(String::trim).noneMatch(EXTENSION::equals)) {
            return null;
        }
        return new BasicAuth(users(usersFile()));
    }

    private static Path usersFile() {
        String jaas = System.getProperty("java.security.auth.login.config");
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(JAAS_SECTION);
        } catch (SecurityException e) {
            throw new ConfigException("Cannot read the JAAS file (java.security.auth.login.config=" + jaas + ") that "
                    + EXTENSION + " needs: " + e.getMessage());
        }
        AppConfigurationEntry entry = entries == null ? null : Arrays.stream(entries)
                .filter(e -> e.getLoginModuleName().equals(LOGIN_MODULE)).findFirst().orElse(null);
        if (entry == null || !(entry.getOptions().get("file") instanceof String file)) {
            throw new ConfigException(EXTENSION + " needs a JAAS file (java.security.auth.login.config=" + jaas
                    + ") with a section " + JAAS_SECTION + " { " + LOGIN_MODULE + " required file=\"...\"; };");
        }
        return Path.of(file);
    }

    private static Map<String, byte[]> users(Path file) {
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the REST users file " + file + " (JAAS section " + JAAS_SECTION
                    + "): " + e.getMessage());
        }
        Map<String, byte[]> out = new HashMap<>();
        lines.stringPropertyNames().forEach(user -> out.put(user,
                lines.getProperty(user).getBytes(StandardCharsets.UTF_8)));
        return Map.copyOf(out);
    }

    /** Whether a request may pass: an internal route, or an {@code Authorization} header with a known user. */
    boolean allows(String method, String path, String authorization) {
        if (method.equals("POST") && INTERNAL_TASKS.matcher(path).matches()
                || method.equals("PUT") && INTERNAL_FENCE.matcher(path).matches()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        byte[] expected = colon < 0 ? null : passwords.get(decoded.substring(0, colon));
        return expected != null && MessageDigest.isEqual(expected,
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code inner}, answered only for requests {@link #allows} lets through; others get 401. */
    Handler guard(Handler inner) {
        return new Handler.Wrapper(inner) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (allows(request.getMethod().toUpperCase(Locale.ROOT), request.getHttpURI().getPath(),
                        request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    return super.handle(request, response, callback);
                }
                response.setStatus(401);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, RestHandler.JSON);
                response.write(true, ByteBuffer.wrap(Json.error(401, "User cannot access the resource.")), callback);
                return true;
            }
        };
    }
}
