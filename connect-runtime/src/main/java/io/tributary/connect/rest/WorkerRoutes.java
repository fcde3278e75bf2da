package io.tributary.connect.rest;

import io.tributary.connect.herder.Herder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The routes about the worker rather than one connector: {@code GET /}, {@code GET /health} (KIP-1017), the
 * connector plugins and their configs, and {@code /admin/loggers} (KIP-495, KIP-976).
 */
final class WorkerRoutes {

    private static final Logger LOG = Logger.getLogger(WorkerRoutes.class.getName());
    private static final String CONNECTOR_SUFFIX = "Connector";

    /** KIP-1017's {@code {"status": "healthy", "message": "..."}}. */
    record WorkerStatus(String status, String message) {
    }

    private final Herder herder;
    private final LoggerLevels loggers;
    private final BooleanSupplier ready;

    WorkerRoutes(Herder herder, LoggerLevels loggers, BooleanSupplier ready) {
        this.herder = herder;
        this.loggers = loggers;
        this.ready = ready;
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(Route.of("GET", "/", c -> Reply.ok(herder.workerInfo())));
        r.add(Route.of("GET", "/health", c -> ready.getAsBoolean()
                ? Reply.ok(new WorkerStatus("healthy", "Worker has completed startup and is ready to handle requests."))
                : Reply.status(503, new WorkerStatus("starting", "Worker is still starting up."))));
        r.add(Route.of("GET", "/connector-plugins", c -> Reply.ok(herder.plugins(c.flag("connectorsOnly", true)))));
        r.add(Route.of("GET", "/connector-plugins/{plugin}/config",
                c -> Reply.ok(herder.pluginConfig(c.path("plugin")))));
        r.add(Route.withBody("PUT", "/connector-plugins/{plugin}/config/validate", this::validate));
        r.add(Route.of("GET", "/admin/loggers", c -> Reply.ok(loggers.all())));
        r.add(Route.of("GET", "/admin/loggers/{logger}", c -> {
            LoggerLevels.LoggerLevel level = loggers.level(c.path("logger"));
            if (level == null) {
                throw RestException.notFound("Logger " + c.path("logger") + " not found.");
            }
            return Reply.ok(level);
        }));
        r.add(Route.withBody("PUT", "/admin/loggers/{logger}", this::setLevel));
        return r;
    }

    /**
     * {@code PUT /connector-plugins/{plugin}/config/validate}. A {@code connector.class} in the body must name the
     * path's plugin, by class name or alias, with or without the "Connector" suffix (400 otherwise, Kafka's
     * message); the body goes to the herder unchanged.
     */
    private Reply validate(HttpCall c) {
        String plugin = c.path("plugin");
        Map<String, String> config = Json.read(c, Json.STRING_MAP);
        String included = config.get("connector.class");
        if (included != null && !withoutSuffix(included).endsWith(withoutSuffix(plugin))) {
            throw RestException.badRequest("Included connector type " + included + " does not match request type "
                    + plugin);
        }
        return Reply.ok(herder.validate(plugin, config));
    }

    /** {@code FileStreamSourceConnector} → {@code FileStreamSource}; a name that is only the suffix stays. */
    private static String withoutSuffix(String name) {
        return name.endsWith(CONNECTOR_SUFFIX) && name.length() > CONNECTOR_SUFFIX.length()
                ? name.substring(0, name.length() - CONNECTOR_SUFFIX.length()) : name;
    }

    /**
     * {@code PUT /admin/loggers/{logger}} with {@code {"level": "DEBUG"}}: 200 and the loggers whose level changed
     * ({@code ?scope=worker}, the default, and any unknown scope as Kafka does); {@code ?scope=cluster} answers 204
     * as Kafka does but applies the level on this worker only (the Herder has no cluster-wide log level yet).
     * A missing level is 400, an unknown one 404 — Kafka's codes.
     */
    private Reply setLevel(HttpCall c) {
        String logger = c.path("logger");
        Map<String, String> body = Json.read(c, Json.STRING_MAP);
        String level = body.get("level");
        if (level == null) {
            throw RestException.badRequest("Desired 'level' parameter was not specified in request.");
        }
        if (!LoggerLevels.isValid(level)) {
            throw RestException.notFound("invalid log level '" + level + "'.");
        }
        String scope = c.query("scope") == null ? "worker" : c.query("scope").toLowerCase(Locale.ROOT);
        List<String> changed = loggers.setLevel(logger, level);
        switch (scope) {
            case "cluster" -> {
                LOG.warning("Logger level of " + logger + " set to " + level + " with scope=cluster: applied on "
                        + "this worker only");
                return Reply.empty(204);
            }
            case "worker" -> {
                return Reply.ok(changed);
            }
            default -> {
                LOG.warning("Received invalid scope '" + c.query("scope") + "' in request to adjust logging level; "
                        + "defaulting to worker");
                return Reply.ok(changed);
            }
        }
    }
}
