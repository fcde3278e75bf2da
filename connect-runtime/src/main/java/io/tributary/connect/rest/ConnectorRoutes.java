package io.tributary.connect.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tributary.connect.herder.ConnectorOffset;
import io.tributary.connect.herder.Created;
import io.tributary.connect.herder.Herder;
import io.tributary.connect.herder.HerderException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@code /connectors} routes of Kafka Connect's REST API over the {@link Herder}, with Kafka Connect's status
 * codes: 201 for a connector created, 202 for pause, resume, topic reset and a KIP-745 restart, 204 for delete,
 * stop, task restart and the plain restart.
 */
final class ConnectorRoutes {

    private static final Logger LOG = Logger.getLogger(ConnectorRoutes.class.getName());
    private static final String NAME = "name";

    /** {@code POST /connectors}: the name, the config, and KIP-980's initial state. */
    record CreateRequest(String name, Map<String, String> config,
                         @JsonProperty("initial_state") String initialState) {
    }

    /** KIP-875's {@code {"offsets": [...]}}, as {@code GET} answers it and {@code PATCH} takes it. */
    record Offsets(List<ConnectorOffset> offsets) {
    }

    /** {@code {"message": "..."}}: the answer to altering or resetting offsets. */
    record Message(String message) {
    }

    /** One connector's entry of {@code GET /connectors/{name}/topics}. */
    record ActiveTopics(List<String> topics) {
    }

    private final Herder herder;
    private final RestConfig config;

    ConnectorRoutes(Herder herder, RestConfig config) {
        this.herder = herder;
        this.config = config;
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(Route.of("GET", "/connectors", this::list));
        r.add(Route.withBody("POST", "/connectors", this::create));
        r.add(Route.of("GET", "/connectors/{connector}", c -> Reply.ok(herder.connectorInfo(c.path("connector")))));
        r.add(Route.of("DELETE", "/connectors/{connector}", c -> {
            herder.deleteConnector(c.path("connector"));
            return Reply.empty(204);
        }));
        r.add(Route.of("GET", "/connectors/{connector}/config",
                c -> Reply.ok(herder.connectorConfig(c.path("connector")))));
        r.add(Route.withBody("PUT", "/connectors/{connector}/config", this::putConfig));
        r.add(Route.withBody("PATCH", "/connectors/{connector}/config", c -> Reply.ok(
                herder.patchConnectorConfig(c.path("connector"), Json.read(c, Json.STRING_MAP)))));
        r.add(Route.of("GET", "/connectors/{connector}/status",
                c -> Reply.ok(herder.connectorStatus(c.path("connector")))));
        r.add(Route.of("GET", "/connectors/{connector}/tasks", c -> Reply.ok(herder.taskConfigs(c.path("connector")))));
        r.add(Route.of("GET", "/connectors/{connector}/tasks/{task}/status",
                c -> Reply.ok(herder.taskStatus(c.path("connector"), task(c)))));
        r.add(Route.of("POST", "/connectors/{connector}/restart", this::restart));
        r.add(Route.of("POST", "/connectors/{connector}/tasks/{task}/restart", c -> {
            herder.restartTask(c.path("connector"), task(c));
            return Reply.empty(204);
        }));
        // Apache's internal route (KIP-618): a follower asks the leader to fence zombies before a task starts.
        r.add(Route.of("PUT", "/connectors/{connector}/fence", c -> {
            herder.fenceZombies(c.path("connector"));
            return Reply.empty(204);
        }));
        r.add(Route.of("PUT", "/connectors/{connector}/pause", c -> {
            herder.pauseConnector(c.path("connector"));
            return Reply.empty(202);
        }));
        r.add(Route.of("PUT", "/connectors/{connector}/resume", c -> {
            herder.resumeConnector(c.path("connector"));
            return Reply.empty(202);
        }));
        r.add(Route.of("PUT", "/connectors/{connector}/stop", c -> {
            herder.stopConnector(c.path("connector"));
            return Reply.empty(204);
        }));
        r.add(Route.of("GET", "/connectors/{connector}/offsets",
                c -> Reply.ok(new Offsets(herder.offsets(c.path("connector"))))));
        r.add(Route.withBody("PATCH", "/connectors/{connector}/offsets", c -> {
            Offsets body = Json.read(c, Offsets.class);
            if (body.offsets() == null || body.offsets().isEmpty()) {
                throw RestException.badRequest("Partitions / offsets need to be provided for an alter offsets request");
            }
            return Reply.ok(new Message(herder.alterOffsets(c.path("connector"), body.offsets())));
        }));
        r.add(Route.of("DELETE", "/connectors/{connector}/offsets",
                c -> Reply.ok(new Message(herder.resetOffsets(c.path("connector"))))));
        r.add(Route.of("GET", "/connectors/{connector}/topics", c -> {
            if (!config.topicTrackingEnabled()) {
                throw new RestException(403, "Topic tracking is disabled.");
            }
            String name = c.path("connector");
            Map<String, ActiveTopics> body = new LinkedHashMap<>();
            body.put(name, new ActiveTopics(herder.activeTopics(name)));
            return Reply.ok(body);
        }));
        r.add(Route.of("PUT", "/connectors/{connector}/topics/reset", c -> {
            if (!config.topicTrackingEnabled()) {
                throw new RestException(403, "Topic tracking is disabled.");
            }
            if (!config.topicTrackingAllowReset()) {
                throw new RestException(403, "Topic tracking reset is disabled.");
            }
            herder.resetActiveTopics(c.path("connector"));
            return Reply.empty(202);
        }));
        return r;
    }

    /**
     * {@code GET /connectors}: the names, or with {@code ?expand=status} and/or {@code ?expand=info} (the parameter
     * repeated for both) each connector's expansions by name. A connector deleted while the list is built is left
     * out, and unknown expansions are ignored, as Kafka Connect does.
     */
    private Reply list(HttpCall c) {
        List<String> expand = c.queryValues("expand");
        List<String> names = herder.connectors();
        if (!c.query().containsKey("expand")) {
            return Reply.ok(names);
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String name : names) {
            Map<String, Object> expansions = new LinkedHashMap<>();
            try {
                for (String e : expand) {
                    switch (e) {
                        case "status" -> expansions.put("status", herder.connectorStatus(name));
                        case "info" -> expansions.put("info", herder.connectorInfo(name));
                        default -> LOG.fine(() -> "Ignoring unknown expansion type " + e);
                    }
                }
            } catch (HerderException e) {
                if (e.status() != 404) {
                    throw e;
                }
                continue; // deleted meanwhile
            }
            out.put(name, expansions);
        }
        return Reply.ok(out);
    }

    /**
     * {@code POST /connectors}. The name is trimmed, as Kafka Connect trims it; an empty one is refused here with
     * the message Kafka's config validation gives. The config's {@code name}, when present, must equal it.
     */
    private Reply create(HttpCall c) {
        CreateRequest body = Json.read(c, CreateRequest.class);
        String name = body.name() == null ? "" : body.name().trim();
        if (body.config() == null) {
            throw RestException.badRequest("Connector config is missing: the body must be "
                    + "{\"name\": \"...\", \"config\": {...}}");
        }
        String initialState = initialState(body.initialState());
        if (name.isEmpty()) {
            throw RestException.badRequest("Connector configuration is invalid and contains the following 1 error(s):"
                    + "\nInvalid value " + (body.name() == null ? "null" : body.name())
                    + " for configuration name: String may not be empty"
                    + "\nYou can also find the above list of errors at the endpoint "
                    + "`/connector-plugins/{connectorType}/config/validate`");
        }
        Map<String, String> config = withName(name, body.config());
        Created created = herder.createConnector(name, config, initialState);
        return Reply.created(created.info(), location(c, name));
    }

    /** {@code PUT /connectors/{name}/config}: 201 when it created the connector, else 200. */
    private Reply putConfig(HttpCall c) {
        String name = c.path("connector");
        Map<String, String> config = withName(name, Json.read(c, Json.STRING_MAP));
        Created created = herder.putConnectorConfig(name, config, true);
        return created.created() ? Reply.created(created.info(), location(c, name)) : Reply.ok(created.info());
    }

    /**
     * {@code POST /connectors/{name}/restart}: without {@code includeTasks} and {@code onlyFailed} the plain restart
     * of the connector alone (204, as before KIP-745); with either, 202 and the status right after the request.
     */
    private Reply restart(HttpCall c) {
        boolean includeTasks = c.flag("includeTasks", false);
        boolean onlyFailed = c.flag("onlyFailed", false);
        var status = herder.restartConnector(c.path("connector"), includeTasks, onlyFailed);
        return includeTasks || onlyFailed ? Reply.status(202, status) : Reply.empty(204);
    }

    /** The config with {@code name} set to the connector's name; 400 when it carries another name. */
    private static Map<String, String> withName(String name, Map<String, String> config) {
        String included = config.get(NAME);
        if (included != null && !included.equals(name)) {
            throw RestException.badRequest("Connector name configuration (" + included
                    + ") doesn't match connector name in the URL (" + name + ")");
        }
        Map<String, String> out = new LinkedHashMap<>(config);
        out.put(NAME, name);
        return out;
    }

    private static String initialState(String state) {
        if (state == null) {
            return "RUNNING";
        }
        String s = state.trim().toUpperCase(Locale.ROOT);
        if (!s.equals("RUNNING") && !s.equals("PAUSED") && !s.equals("STOPPED")) {
            throw RestException.badRequest("Invalid initial_state '" + state
                    + "': it must be one of RUNNING, PAUSED, STOPPED");
        }
        return s;
    }

    /** A task id path segment; not an integer is 404, as JAX-RS answers a path parameter it cannot convert. */
    private static int task(HttpCall c) {
        try {
            return Integer.parseInt(c.path("task"));
        } catch (NumberFormatException e) {
            throw RestException.notFound("HTTP 404 Not Found");
        }
    }

    /** The created connector's URL, on the host and port the client used. */
    private static String location(HttpCall c, String name) {
        return c.baseUrl() + "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
