package io.tributary.connect.worker;

import io.tributary.connect.plugins.LoaderSwap;
import io.tributary.connect.storage.StatusStore;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** One connector instance on this worker: started with its config, asked for task configs, stopped. */
final class WorkerConnector {

    private static final Logger LOG = Logger.getLogger(WorkerConnector.class.getName());

    private final String name;
    private final Connector connector;
    private final StatusStore statuses;
    private final String workerId;
    private final Runnable onReconfigure;
    private final OffsetStorageReader offsets;
    private final PluginMetrics metrics;
    private volatile boolean started;

    WorkerConnector(String name, Connector connector, StatusStore statuses, String workerId, Runnable onReconfigure,
                    OffsetStorageReader offsets, PluginMetrics metrics) {
        this.name = name;
        this.connector = connector;
        this.statuses = statuses;
        this.workerId = workerId;
        this.onReconfigure = onReconfigure;
        this.offsets = offsets;
        this.metrics = metrics;
    }

    Connector connector() {
        return connector;
    }

    /** Starts it (STARTED or PAUSED: a paused connector runs, only its tasks idle); false when it failed. */
    boolean start(Map<String, String> config, TargetState state) {
        try (LoaderSwap ignored = LoaderSwap.to(connector.getClass().getClassLoader())) {
            connector.initialize(new Context());
            connector.start(config);
            started = true;
            report(state == TargetState.PAUSED ? "PAUSED" : "RUNNING", null);
            return true;
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "Connector " + name + " failed to start", t);
            report("FAILED", ErrorHandler.trace(t));
            return false;
        }
    }

    List<Map<String, String>> taskConfigs(int maxTasks) {
        try (LoaderSwap ignored = LoaderSwap.to(connector.getClass().getClassLoader())) {
            return connector.taskConfigs(maxTasks);
        }
    }

    void stop(boolean reportUnassigned) {
        if (started) {
            try (LoaderSwap ignored = LoaderSwap.to(connector.getClass().getClassLoader())) {
                connector.stop();
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "Connector " + name + " failed to stop cleanly", t);
            }
            started = false;
        }
        if (reportUnassigned) {
            report("UNASSIGNED", null);
        }
    }

    void report(String state, String trace) {
        statuses.putConnector(name, new StatusStore.State(state, workerId, trace));
    }

    private final class Context implements SourceConnectorContext, SinkConnectorContext {
        @Override
        public void requestTaskReconfiguration() {
            onReconfigure.run();
        }

        @Override
        public void raiseError(Exception e) {
            LOG.log(Level.SEVERE, "Connector " + name + " raised an error", e);
            report("FAILED", ErrorHandler.trace(e));
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsets;
        }
    }
}
