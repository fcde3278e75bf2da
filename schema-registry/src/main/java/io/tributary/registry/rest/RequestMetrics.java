package io.tributary.registry.rest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/** Request counts and latencies of the REST API (Dropwizard), under the names Confluent's registry reports. */
public final class RequestMetrics {

    private final Timer latency;
    private final Meter errors;

    public RequestMetrics(MetricRegistry registry) {
        this.latency = registry.timer("kafka.schema.registry.jersey-metrics.request-latency");
        this.errors = registry.meter("kafka.schema.registry.jersey-metrics.request-error-rate");
    }

    void record(int status, long nanos) {
        latency.update(nanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            errors.mark();
        }
    }
}
