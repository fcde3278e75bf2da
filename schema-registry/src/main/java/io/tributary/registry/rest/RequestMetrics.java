package io.tributary.registry.rest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/** Request counts and latencies of the REST API (Dropwizard), under the names Confluent's registry reports. */
public final class RequestMetrics {

    private final MetricRegistry registry;
    private final Meter requests;
    private final Timer latency;
    private final Meter errors;

    public RequestMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.requests = registry.meter("kafka.schema.registry:type=jersey-metrics,name=request-rate");
        this.latency = registry.timer("kafka.schema.registry:type=jersey-metrics,name=request-latency");
        this.errors = registry.meter("kafka.schema.registry:type=jersey-metrics,name=request-error-rate");
    }

    void record(int status, long nanos) {
        requests.mark();
        latency.update(nanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            errors.mark();
        }
    }

    /** Every metric of the registry, as Prometheus text ({@code GET /metrics}). */
    String prometheus() {
        return PrometheusText.render(registry);
    }
}
