package io.tributary.registry;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jmx.ObjectNameFactory;
import io.tributary.registry.election.WriterElection;
import io.tributary.registry.state.RegistryState;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The registry's metrics in a Dropwizard registry, on JMX under the domain Confluent's registry uses, so its
 * dashboards find them: {@code kafka.schema.registry:type=jersey-metrics,name=request-rate|request-error-rate|
 * request-latency} (the REST API), {@code type=master-slave-role} (1 on the writer, 0 elsewhere) and
 * {@code type=registered-count} (live subject versions). The same metrics are served as Prometheus text on
 * {@code GET /metrics}. A metric's registry name is its JMX name.
 */
public final class RegistryMetrics implements AutoCloseable {

    private final MetricRegistry registry = new MetricRegistry();
    private final JmxReporter reporter;

    public RegistryMetrics() {
        reporter = JmxReporter.forRegistry(registry).createsObjectNamesWith(new AsGiven()).build();
        reporter.start();
    }

    /** Gauges over this instance's state and role. */
    void watch(RegistryState state, WriterElection election) {
        registry.gauge("kafka.schema.registry:type=master-slave-role", () -> () -> election.isWriter() ? 1 : 0);
        registry.gauge("kafka.schema.registry:type=registered-count", () -> () -> state.allVersions(false).size());
    }

    public MetricRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        reporter.close();
    }

    /** Registry names are JMX names already. */
    private static final class AsGiven implements ObjectNameFactory {
        @Override
        public ObjectName createName(String type, String domain, String name) {
            try {
                return new ObjectName(name);
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException("not a JMX name: " + name, e);
            }
        }
    }
}
